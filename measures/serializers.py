"""
JSON for measures, measure types, milestones, events and sources in the API.

Rows are named by slug. A partial date is an object that keeps its
precision: ``{"date": "2019", "precision": "year", "start": "2019-01-01",
"end": "2019-12-31"}``; ``date`` is written as precisely as it is known
(``2019``, ``2022-09``, ``2024-06-28``), ``start`` and ``end`` bound the span.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entities.serializers import CompanyRefSerializer, GovernmentRefSerializer, absolute
from tracker.partial_dates import PartialDate, Precision, today

from .models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
    Quote,
    Source,
)

PARTIAL_DATE_SCHEMA = {
    "type": "object",
    "description": "A date known to the year, the month or the day.",
    "properties": {
        "date": {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "As precisely as it is known: 2019, 2022-09 or 2024-06-28.",
        },
        "precision": {"type": "string", "enum": Precision.values},
        "start": {"type": "string", "format": "date", "description": "First day of the span."},
        "end": {"type": "string", "format": "date", "description": "Last day of the span."},
    },
    "required": ["date", "precision", "start", "end"],
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """Reads the ``<name>`` and ``<name>_precision`` columns as one partial date."""

    def __init__(self, field_name, **kwargs):
        self.date_field_name = field_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        partial = PartialDate.from_fields(
            getattr(instance, self.date_field_name),
            getattr(instance, f"{self.date_field_name}_precision"),
        )
        if partial is None:
            return None
        return {
            "date": partial.isoformat(),
            "precision": str(partial.precision),
            "start": partial.start.isoformat(),
            "end": partial.end.isoformat(),
        }


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


class QuoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quote
        fields = ["position", "speaker", "speaker_role", "text"]


class SourceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_field="slug"
    )
    published = PartialDateField("published_on", allow_null=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "publisher",
            "author",
            "title",
            "published",
            "url",
            "excerpt",
            "quotes",
            "api_url",
        ]
        extra_kwargs = {"url": {"help_text": "Where the source is published, if known."}}


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "publisher", "title", "url"]


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
    date = PartialDateField("date")
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
    announced = PartialDateField("announced_on")
    effective = PartialDateField("effective_on", allow_null=True)
    lifted = PartialDateField("lifted_on", allow_null=True)
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
            "milestones",
            "relations",
            "inverse_relations",
            "sources",
            "created_at",
            "updated_at",
            "url",
            "html_url",
        ]

    def get_html_url(self, measure) -> str:
        return absolute(self, measure.get_absolute_url())


class EventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    date = PartialDateField("date")
    companies = CompanyRefSerializer(many=True, read_only=True)
    governments = GovernmentRefSerializer(many=True, read_only=True)
    sources = SourceRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "date",
            "description",
            "companies",
            "governments",
            "sources",
            "url",
        ]
