"""
API endpoints for measures, measure types, milestones, events and sources (read-only).

The measure list is filtered by :class:`~measures.filters.MeasureFilter`, the
same FilterSet as the measures page, the CSV export and the feeds, so
``/api/measures/?company=huawei&status=in_force`` answers with the rows of
``/measures/?company=huawei&status=in_force``. Milestones are filtered by
the same definitions of ``company`` and ``government`` (the measure's).
"""

import copy

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api import ListOnlyViewSet, ReadOnlyViewSet
from core.filters import key_filter
from core.partial_dates import (
    PARTIAL_DATE_PATTERN,
    PartialDateFilter,
    ends_before_q,
    overlaps_q,
    today,
)
from entities.models import Company, Government
from sources.models import Source

from .filters import MeasureFilter
from .models import (
    Event,
    Measure,
    MeasureType,
    Milestone,
)
from .serializers import (
    EventSerializer,
    MeasureSerializer,
    MeasureTypeSerializer,
    MilestoneSerializer,
)


def partial_date_parameter(name, description):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        description=f"{description} YYYY, YYYY-MM or YYYY-MM-DD; a partial date counts as "
        "its whole span.",
        pattern=PARTIAL_DATE_PATTERN,
    )


def measure_filter(name):
    """``MeasureFilter``'s filter ``name``, applied to the ``measure`` of another model."""
    measure_version = copy.deepcopy(MeasureFilter.base_filters[name])
    measure_version.field_name = f"measure__{measure_version.field_name}"
    return measure_version


class MilestoneFilter(django_filters.FilterSet):
    measure = key_filter(Measure, "measure", "Measure (slug)")
    kind = django_filters.MultipleChoiceFilter(choices=Milestone.Kind.choices)
    company = measure_filter("company")
    government = measure_filter("government")
    # A choice, not a BooleanFilter: that one ignores a value it cannot read ("maybe").
    upcoming = django_filters.ChoiceFilter(
        choices=[("true", "Not yet over (judged against today)"), ("false", "Over")],
        method="filter_upcoming",
        label="Upcoming",
    )

    class Meta:
        model = Milestone
        fields = []

    def filter_upcoming(self, queryset, name, value: str):
        now = today()
        return queryset.filter(
            overlaps_q("date", now, None) if value == "true" else ends_before_q("date", now)
        )


class EventFilter(django_filters.FilterSet):
    company = key_filter(Company, "companies", "Company involved (slug)")
    government = key_filter(Government, "governments", "Government involved (ISO code, any case)")
    date_from = PartialDateFilter(field_name="date", bound="from", label="On or after")
    date_to = PartialDateFilter(field_name="date", bound="to", label="On or before")

    class Meta:
        model = Event
        fields = []


@extend_schema_view(
    list=extend_schema(
        parameters=[
            partial_date_parameter("date_from", "Announced on or after."),
            partial_date_parameter("date_to", "Announced on or before."),
        ]
    )
)
class MeasureViewSet(ReadOnlyViewSet):
    """What governments did against companies; the list takes the measures page's filters."""

    queryset = Measure.objects.for_api()
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter
    lookup_field = "slug"


class MeasureTypeViewSet(ReadOnlyViewSet):
    """Kinds of measure (Entity List, 5G network ban...)."""

    queryset = MeasureType.objects.order_by("name")
    serializer_class = MeasureTypeSerializer
    lookup_field = "slug"


class MilestoneViewSet(ListOnlyViewSet):
    """Dated steps of measures (announced, effective, deadline...), oldest first."""

    queryset = Milestone.objects.select_related("measure").order_by("date", "measure__slug", "kind")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter


@extend_schema_view(
    list=extend_schema(
        parameters=[
            partial_date_parameter("date_from", "On or after."),
            partial_date_parameter("date_to", "On or before."),
        ]
    )
)
class EventViewSet(ReadOnlyViewSet):
    """Dated context that is not a measure: arrests, market moves, disclosures."""

    queryset = Event.objects.prefetch_related(
        Prefetch("companies", queryset=Company.objects.order_by("short_name")),
        Prefetch("governments", queryset=Government.objects.order_by("name")),
        Prefetch("sources", queryset=Source.objects.order_by("slug")),
    ).order_by("date", "slug")
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
