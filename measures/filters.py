"""
The one definition of "which measures".

:class:`MeasureFilter` reads the public query string (``company``,
``government``, ``target_country``, ``group``, ``type``, ``status``,
``date_from``, ``date_to``, ``q``, ``sort``) and is shared by the HTML list,
the CSV export, the API and the feeds, so each answers the same question
with the same rows. Every parameter may repeat (``?type=a&type=b`` means
either); codes are accepted in any case.
"""

import django_filters
from django import forms
from django.db.models import Q

from entities.models import Company, Government, Group
from tracker.partial_dates import PartialDate, overlaps_q

from .models import Measure, MeasureTarget, MeasureType, Status

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10


class UpperCaseModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Accepts ISO codes in any case: ``government=ca`` is Canada."""

    def clean(self, value):
        if value:
            value = [str(item).strip().upper() for item in value]
        return super().clean(value)


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
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


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
    company = django_filters.ModelMultipleChoiceFilter(
        field_name="targets",
        to_field_name="slug",
        queryset=Company.objects.all(),
        label="Company",
    )
    government = CodeFilter(
        field_name="government",
        to_field_name="code",
        queryset=Government.objects.all(),
        label="Imposed by",
    )
    target_country = CodeFilter(
        field_name="targets__country",
        to_field_name="code",
        queryset=Government.objects.all(),
        label="Target's country",
    )
    group = django_filters.ModelMultipleChoiceFilter(
        field_name="government__groups",
        to_field_name="slug",
        queryset=Group.objects.all(),
        label="Group",
    )
    type = django_filters.ModelMultipleChoiceFilter(
        field_name="measure_type",
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
    sort = django_filters.OrderingFilter(
        fields=(
            ("announced_on", "announced"),
            ("title", "title"),
            ("government__name", "government"),
            ("status", "status"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "announced_on": "Announced (oldest first)",
            "-announced_on": "Announced (newest first)",
            "title": "Title (A–Z)",
            "-title": "Title (Z–A)",
            "government__name": "Government (A–Z)",
            "-government__name": "Government (Z–A)",
            "status": "Status",
            "-status": "Status (reversed)",
            "updated_at": "Last updated (oldest first)",
            "-updated_at": "Last updated (newest first)",
        },
        label="Sort by",
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
