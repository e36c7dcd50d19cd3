"""
JSON for measures, measure types, milestones, events and sources in the API.

Rows are named by slug. A partial date is an object that keeps its
precision: ``{"date": "2019", "precision": "year", "start": "2019-01-01",
"end": "2019-12-31"}``; ``date`` is written as precisely as it is known
(``2019``, ``2022-09``, ``2024-06-28``), ``start`` and ``end`` bound the span.
"""

from rest_framework import serializers

from core.partial_dates import PartialDateSerializerField, today
from entities.serializers import CompanyRefSerializer, GovernmentRefSerializer, absolute
from sources.serializers import SourceRefSerializer

from .models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
)


class MeasureTypeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:measuretype-detail", lookup_field="slug"
    )

    class Meta:
        model = MeasureType
        fields = ["slug", "name", "description", "url"]


class MeasureTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureType
        fields = ["slug", "name"]


class MeasureRefSerializer(serializers.ModelSerializer):
    """A measure named in another object."""

    url = serializers.HyperlinkedIdentityField(view_name="api:measure-detail", lookup_field="slug")

    class Meta:
        model = Measure
        fields = ["slug", "title", "url"]


class AuthoritySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class TargetSerializer(serializers.ModelSerializer):
    """A target company with what applies to it only."""

    company = CompanyRefSerializer(read_only=True)

    class Meta:
        model = MeasureTarget
        fields = ["company", "note"]


class MilestoneInMeasureSerializer(serializers.ModelSerializer):
    date = PartialDateSerializerField("date")
    is_past = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["kind", "date", "description", "is_past"]

    def get_is_past(self, milestone) -> bool:
        """Whether the whole span is over, judged against the site's today."""
        return milestone.when.is_past(self.context.get("today") or today())


class MilestoneSerializer(MilestoneInMeasureSerializer):
    measure = MeasureRefSerializer(read_only=True)

    class Meta(MilestoneInMeasureSerializer.Meta):
        fields = ["measure", *MilestoneInMeasureSerializer.Meta.fields]


class RelationSerializer(serializers.ModelSerializer):
    """This measure ``kind`` the other one (this measure expands that one)."""

    measure = MeasureRefSerializer(source="to_measure", read_only=True)

    class Meta:
        model = MeasureRelation
        fields = ["kind", "measure"]


class InverseRelationSerializer(serializers.ModelSerializer):
    """The other measure ``kind`` this one (that measure expands this one)."""

    measure = MeasureRefSerializer(source="from_measure", read_only=True)

    class Meta:
        model = MeasureRelation
        fields = ["kind", "measure"]


class MeasureSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:measure-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    type = MeasureTypeRefSerializer(source="measure_type", read_only=True)
    government = GovernmentRefSerializer(read_only=True)
    authority = AuthoritySerializer(read_only=True, allow_null=True)
    targets = TargetSerializer(source="measure_targets", many=True, read_only=True)
    announced = PartialDateSerializerField("announced_on")
    effective = PartialDateSerializerField("effective_on", allow_null=True)
    lifted = PartialDateSerializerField("lifted_on", allow_null=True)
    milestones = MilestoneInMeasureSerializer(many=True, read_only=True)
    relations = RelationSerializer(source="relations_from", many=True, read_only=True)
    inverse_relations = InverseRelationSerializer(source="relations_to", many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "slug",
            "title",
            "type",
            "status",
            "government",
            "authority",
            "targets",
            "announced",
            "effective",
            "lifted",
            "summary",
            "legal_basis",
            "coverage",
            "status_note",
            "milestones",
            "relations",
            "inverse_relations",
            "sources",
            "reviewed_on",
            "created_at",
            "updated_at",
            "url",
            "html_url",
        ]

    def get_html_url(self, measure) -> str:
        return absolute(self, measure.get_absolute_url())


class EventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    date = PartialDateSerializerField("date")
    companies = CompanyRefSerializer(many=True, read_only=True)
    governments = GovernmentRefSerializer(many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "date",
            "description",
            "companies",
            "governments",
            "sources",
            "reviewed_on",
            "url",
        ]
