"""
The one definition of "which measures".

:class:`MeasureFilter` reads the public query string (``company``,
``government``, ``target_country``, ``group``, ``type``, ``status``,
``date_from``, ``date_to``, ``q``, ``sort``) and is shared by the HTML list,
the CSV export, the API and the feeds, so each answers the same question
with the same rows. Every parameter may repeat (``?type=a&type=b`` means
either); codes are accepted in any case.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Case, Count, IntegerField, Q, Value, When
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from entities.models import Company, Government, Group
from tracker.partial_dates import PARTIAL_DATE_PATTERN, PartialDate, PartialDateError, overlaps_q

from .models import Measure, MeasureTarget, MeasureType, Status

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
# At most this many values are listed under each facet (the busiest first);
# values the reader has chosen are always listed.
FACET_LIMIT = 20


class UpperCaseModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Accepts ISO codes in any case: ``government=ca`` is Canada."""

    def clean(self, value):
        if value:
            value = [str(item).strip().upper() for item in value]
        return super().clean(value)


@extend_schema_field(OpenApiTypes.STR)
class KeyFilter(django_filters.ModelMultipleChoiceFilter):
    """Records named by a natural key (a slug): documented in the API schema as text."""


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = UpperCaseModelMultipleChoiceField


class PartialDateField(forms.CharField):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, cleaned to a :class:`PartialDate`."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if len(value) > len("YYYY-MM-DD"):
            raise forms.ValidationError("Use YYYY, YYYY-MM or YYYY-MM-DD.", code="invalid")
        try:
            return PartialDate.parse(value)
        except PartialDateError as error:
            raise error.as_validation_error() from None


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "YYYY, YYYY-MM or YYYY-MM-DD",
    }
)
class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the reader's choice, then by date and primary key, so pages never overlap."""

    TIEBREAKERS = ("-announced_on", "title", "pk")

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or () if param]
        if not ordering:
            return qs
        chosen = {field.lstrip("-") for field in ordering}
        tiebreakers = [field for field in self.TIEBREAKERS if field.lstrip("-") not in chosen]
        return qs.order_by(*ordering, *tiebreakers)


@dataclass(frozen=True)
class FacetOption:
    """One value of a filter, with how many measures it would give and whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    """A filter's values with their counts; ``name`` is the query-string parameter."""

    name: str
    label: str
    options: list


class MeasureFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first.start > last.end:
            raise forms.ValidationError(
                f"The date range is empty: “from” ({first.isoformat()}) is after "
                f"“to” ({last.isoformat()})."
            )
        return cleaned


class MeasureFilter(django_filters.FilterSet):
    company = KeyFilter(
        field_name="targets__slug",
        to_field_name="slug",
        queryset=Company.objects.all(),
        label="Company",
    )
    government = CodeFilter(
        field_name="government__code",
        to_field_name="code",
        queryset=Government.objects.all(),
        label="Imposed by",
    )
    target_country = CodeFilter(
        field_name="targets__country__code",
        to_field_name="code",
        queryset=Government.objects.all(),
        label="Target's country",
    )
    group = KeyFilter(
        field_name="government__groups__slug",
        to_field_name="slug",
        queryset=Group.objects.all(),
        label="Group",
    )
    type = KeyFilter(
        field_name="measure_type__slug",
        to_field_name="slug",
        queryset=MeasureType.objects.all(),
        label="Type",
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label="Status")
    date_from = PartialDateFilter(method="filter_date_from", label="Announced from")
    date_to = PartialDateFilter(method="filter_date_to", label="Announced to")
    q = django_filters.CharFilter(
        method="filter_text", label="Text", max_length=MAX_QUERY_LENGTH, strip=True
    )
    sort = StableOrderingFilter(
        fields=(
            ("announced_on", "announced"),
            ("title", "title"),
            ("government__name", "government"),
            ("status", "status"),
            ("updated_at", "updated"),
        ),
        # Ascending labels are keyed by field name, descending ones by
        # "-" and the parameter name (django-filter's convention).
        field_labels={
            "announced_on": "Announced (oldest first)",
            "-announced": "Announced (newest first)",
            "title": "Title (A–Z)",
            "-title": "Title (Z–A)",
            "government__name": "Government (A–Z)",
            "-government": "Government (Z–A)",
            "status": "Status",
            "-status": "Status (reversed)",
            "updated_at": "Last updated (oldest first)",
            "-updated": "Last updated (newest first)",
        },
        label="Sort by",
        empty_label="Newest first (default)",
    )

    class Meta:
        model = Measure
        fields = []
        form = MeasureFilterForm

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(overlaps_q("announced_on", value.start, None))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(overlaps_q("announced_on", None, value.end))

    def filter_text(self, queryset, name, value):
        """Words anywhere in the measure, its targets (names and aliases), imposer or authority."""
        # Targets are matched in a subquery so each word adds no join and no duplicate rows.
        for word in value.split()[:MAX_QUERY_WORDS]:
            companies = Company.objects.filter(
                Q(short_name__icontains=word)
                | Q(legal_name__icontains=word)
                | Q(aliases__name__icontains=word)
            )
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(legal_basis__icontains=word)
                | Q(government__name__icontains=word)
                | Q(authority__name__icontains=word)
                | Q(authority__abbreviation__iexact=word)
                | Q(measure_type__name__icontains=word)
                | Q(pk__in=MeasureTarget.objects.filter(company__in=companies).values("measure"))
            )
        return queryset

    # Facets: for each filter, how many measures each of its values would give
    # if the reader added it, given every OTHER filter they have chosen.
    # One query per filter, whatever the number of rows.
    FACETS = {
        # name: (model of the values, value field, label field, path from a value to its measures)
        "company": (Company, "slug", "short_name", "measure_targets__measure"),
        "government": (Government, "code", "name", "measures"),
        "target_country": (Government, "code", "name", "companies__measure_targets__measure"),
        "group": (Group, "slug", "name", "members__measures"),
        "type": (MeasureType, "slug", "name", "measures"),
    }
    UPPER_CASE_FACETS = {"government", "target_country"}

    def selected(self, name):
        """The values the reader chose for ``name``, as written in the query string (normalised)."""
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            values = self.data.get(name) or []
            values = values if isinstance(values, list | tuple) else [values]
        else:
            values = getlist(name)
        # A NUL byte cannot even be compared in PostgreSQL; such a value is refused by the form.
        values = [str(value).strip() for value in values if str(value).strip()]
        values = [value for value in values if "\x00" not in value]
        if name in self.UPPER_CASE_FACETS:
            values = [value.upper() for value in values]
        return values

    def measures_without(self, skip):
        """Primary keys of the measures that pass every valid filter but ``skip`` (and sort)."""
        cleaned, ignored = {}, {skip, "sort"}
        if self.is_bound:
            errors = self.errors
            cleaned = self.form.cleaned_data
            if "__all__" in errors:  # an empty date range: count as if no dates were given
                ignored |= {"date_from", "date_to"}
        queryset = self.queryset.all()
        for name, value in cleaned.items():
            if name in ignored or name not in self.filters:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by().values("pk")

    def facets(self):
        """Each filter's values with their counts (:class:`Facet`), in a fixed number of queries."""
        facets = []
        for name, (model, value_field, label_field, path) in self.FACETS.items():
            selected = self.selected(name)
            rows = (
                model._default_manager.annotate(
                    facet_count=Count(
                        path,
                        filter=Q(**{f"{path}__in": self.measures_without(name)}),
                        distinct=True,
                    ),
                    facet_selected=Case(
                        When(**{f"{value_field}__in": selected}, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    ),
                )
                .filter(Q(facet_count__gt=0) | Q(facet_selected=1))
                .order_by("-facet_selected", "-facet_count", label_field)
                .values_list(value_field, label_field, "facet_count", "facet_selected")[
                    :FACET_LIMIT
                ]
            )
            options = [
                FacetOption(value, label, count, bool(chosen))
                for value, label, count, chosen in rows
            ]
            options.sort(key=lambda option: (-option.count, option.label))
            facets.append(Facet(name, self.filters[name].label, options))

        selected = self.selected("status")
        counts = dict(
            Measure.objects.filter(pk__in=self.measures_without("status"))
            .order_by()
            .values_list("status")
            .annotate(facet_count=Count("pk"))
        )
        options = [
            FacetOption(value, label, counts.get(value, 0), value in selected)
            for value, label in Status.choices
            if counts.get(value) or value in selected
        ]
        facets.append(Facet("status", self.filters["status"].label, options))
        return facets
