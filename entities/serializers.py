"""
JSON for governments, groups and companies in the read-only API.

Rows are named by their natural keys, never by primary keys: governments
by ISO code, groups and companies by slug. Each object carries ``url`` (its
API address) and ``html_url`` (its page on the site).
"""

from rest_framework import serializers

from .models import Company, Government, Group, Identifier


class GroupRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["slug", "name"]


class GovernmentRefSerializer(serializers.ModelSerializer):
    """A government named in another object."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:government-detail", lookup_field="code"
    )

    class Meta:
        model = Government
        fields = ["code", "name", "url"]


class CompanyRefSerializer(serializers.ModelSerializer):
    """A company named in another object."""

    url = serializers.HyperlinkedIdentityField(view_name="api:company-detail", lookup_field="slug")

    class Meta:
        model = Company
        fields = ["slug", "short_name", "url"]


class GovernmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:government-detail", lookup_field="code"
    )
    html_url = serializers.SerializerMethodField()
    groups = GroupRefSerializer(many=True, read_only=True)

    class Meta:
        model = Government
        fields = ["code", "name", "slug", "kind", "groups", "url", "html_url"]

    def get_html_url(self, government) -> str:
        return absolute(self, government.get_absolute_url())


class GroupSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:group-detail", lookup_field="slug")
    members = GovernmentRefSerializer(many=True, read_only=True)

    class Meta:
        model = Group
        fields = ["slug", "name", "description", "members", "url"]


class IdentifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Identifier
        fields = ["scheme", "value", "note"]


class ListingSerializer(serializers.Serializer):
    """An official list entry behind a company (``list_matches``, named by relation)."""

    list = serializers.CharField(source="entry.list_key")
    dataset = serializers.CharField(source="entry.source_list")
    entry_id = serializers.CharField(source="entry.entry_id")
    name = serializers.CharField(source="entry.name")
    programs = serializers.ListField(source="entry.programs", child=serializers.CharField())
    listed_on = serializers.DateField(source="entry.listed_on", allow_null=True)
    delisted_on = serializers.DateField(source="entry.delisted_on", allow_null=True)
    status = serializers.SerializerMethodField()
    federal_register = serializers.CharField(source="entry.federal_register")
    official_url = serializers.CharField(source="entry.source_url")

    def get_status(self, match) -> str:
        return "listed" if match.entry.delisted_on is None else "delisted"


class CompanySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:company-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    country = GovernmentRefSerializer(read_only=True, allow_null=True)
    parent = CompanyRefSerializer(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    identifiers = IdentifierSerializer(many=True, read_only=True)
    sources = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    listings = ListingSerializer(source="list_matches", many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "slug",
            "short_name",
            "legal_name",
            "country",
            "description",
            "parent",
            "aliases",
            "identifiers",
            "sources",
            "listings",
            "url",
            "html_url",
        ]

    def get_html_url(self, company) -> str:
        return absolute(self, company.get_absolute_url())


def absolute(serializer, path):
    """``path`` made absolute with the request's host, when there is a request."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path
