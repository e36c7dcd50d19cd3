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
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Count, Sum

from core.filters import key_filter
from core.partial_dates import PartialDateFilter
from entities.models import Company, Government, Group

from . import summary
from .models import Measure, MeasureTarget, MeasureType, Status
from .models.summary import CompanyCell, CompanyTotal, CountryCell, CountryTotal, MeasureCell
from .search.engine import measures_matching

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
# The most measures a text search reads ahead as ids (MeasureFilter.text_matches).
TEXT_MATCHES_READ_AHEAD = 2000
# At most this many values are listed under each facet (the busiest first);
# values the reader has chosen are always listed.
FACET_LIMIT = 20
# Filters whose every combination the counted-ahead cells (measures/summary.py) answer.
SUMMARY_FILTERS = frozenset({"government", "group", "type", "status"})


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
    company = key_filter(Company, "targets", "Company")
    # One row per measure: no duplicates to remove.
    government = key_filter(Government, "government", "Imposed by", distinct=False)
    target_country = key_filter(Government, "targets__country", "Target's country")
    group = key_filter(Group, "government__groups", "Group")
    # One row per measure: no duplicates to remove.
    type = key_filter(MeasureType, "measure_type", "Type", distinct=False)
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        distinct=False,  # a column of the measure: no duplicates to remove
        label="Status",
    )
    date_from = PartialDateFilter(method="filter_announced_from", label="Announced from")
    date_to = PartialDateFilter(method="filter_announced_to", label="Announced to")
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

    def filter_announced_from(self, queryset, name, value):
        return queryset.announced_between(value.start, None)

    def filter_announced_to(self, queryset, name, value):
        return queryset.announced_between(None, value.end)

    def filter_text(self, queryset, name, value):
        matches = self.text_matches(value)
        return queryset if matches is None else queryset.filter(pk__in=matches)

    def text_matches(self, text):
        """
        The ids of the measures ``text`` matches: read once for this filterset, as a list,
        when there are at most :data:`TEXT_MATCHES_READ_AHEAD` (else the subquery).

        The page and every facet then look them up by primary key: as a subquery, the
        database cannot tell how few measures a word names, and reads every measure and
        every target for each facet (100 ms a query at 100,000 measures).
        """
        known = self.__dict__.setdefault("_text_matches", {})
        if text not in known:
            matches = measures_matching(text, MAX_QUERY_WORDS)
            if matches is not None:
                read = [row["pk"] for row in matches[: TEXT_MATCHES_READ_AHEAD + 1]]
                if len(read) <= TEXT_MATCHES_READ_AHEAD:
                    matches = read
            known[text] = matches
        return known[text]

    # Facets: for each filter, how many measures each of its values would give
    # if the reader added it, given every OTHER filter they have chosen.
    # One query per filter, whatever the number of rows. Counted from the
    # measures' side (grouped by a column of the measure or of its targets),
    # never by joining every value to every measure and counting distinct ids.
    FACETS = {
        # name: (rows counted, path to the value, path to its label, measures path, distinct)
        "company": (MeasureTarget, "company__slug", "company__short_name", "measure", False),
        "government": (Measure, "government__code", "government__name", "pk", False),
        "target_country": (
            MeasureTarget,
            "company__country__code",
            "company__country__name",
            "measure",
            True,  # two targets of one measure can share a country
        ),
        "group": (Measure, "government__groups__slug", "government__groups__name", "pk", False),
        "type": (Measure, "measure_type__slug", "measure_type__name", "pk", False),
    }
    # How a chosen row names its value and label, to list it though the busiest
    # values leave no room for it.
    FACET_LABELS = {
        "company": ("slug", "short_name"),
        "government": ("code", "name"),
        "target_country": ("code", "name"),
        "group": ("slug", "name"),
        "type": ("slug", "name"),
    }
    UPPER_CASE_FACETS = {"government", "target_country"}

    @cached_property
    def cells(self):
        """The counted-ahead cells when every chosen filter is one they answer, else None."""
        chosen = {}
        if self.is_bound:
            if self.errors:
                return None
            for name, value in self.form.cleaned_data.items():
                if name == "sort" or value in (None, "", [], ()):
                    continue
                if hasattr(value, "exists") and not value:
                    continue
                if name not in SUMMARY_FILTERS:
                    return None
                chosen[name] = value
        return SummaryCells(chosen)

    def known_count(self):
        """How many measures the filters give, when the cells know it without a query."""
        return self.cells.total() if self.cells is not None else None

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

    # Filters on a column of the measure itself: the measures passing only these can be
    # grouped as they are, with no join that could count a measure twice.
    OWN_COLUMN_FILTERS = frozenset({"government", "type", "status", "date_from", "date_to"})

    def narrowed(self, skip):
        """
        ``(queryset, names)``: the measures that pass every valid filter but ``skip``
        (and sort), and the names of the filters that narrowed them. None narrowing them,
        a facet counts every row without testing each against a subquery of all of them.
        """
        cleaned, ignored = {}, {skip, "sort"}
        if self.is_bound:
            errors = self.errors
            cleaned = self.form.cleaned_data
            if "__all__" in errors:  # an empty date range: count as if no dates were given
                ignored |= {"date_from", "date_to"}
        queryset = self.queryset.all()
        applied = set()
        for name, value in cleaned.items():
            if name in ignored or name not in self.filters or value in (None, "", [], ()):
                continue
            if hasattr(value, "exists") and not value:
                continue
            queryset = self.filters[name].filter(queryset, value)
            applied.add(name)
        return queryset, applied

    def counted_rows(self, model, measure_path, skip):
        """``model``'s rows whose measures pass every filter but ``skip``, to be grouped."""
        queryset, applied = self.narrowed(skip)
        if not applied:
            return model._default_manager.all()
        if model is Measure and applied <= self.OWN_COLUMN_FILTERS:
            # The passing measures themselves, grouped where they are: testing every
            # measure against a subquery of the passing ones costs a second pass.
            return queryset.select_related(None).prefetch_related(None).order_by()
        subset = queryset.order_by().values("pk")
        return model._default_manager.filter(**{f"{measure_path}__in": subset})

    def facet_counts(self, name):
        """``[(value, label, count)]`` for facet ``name``, busiest first, at most FACET_LIMIT."""
        if self.cells is not None:
            return self.cells.facet(name)
        model, value_path, label_path, measure_path, distinct = self.FACETS[name]
        rows = self.counted_rows(model, measure_path, name)
        return list(
            rows.exclude(**{f"{value_path}__isnull": True})
            .order_by()
            .values_list(value_path, label_path)
            .annotate(facet_count=Count(measure_path, distinct=distinct))
            .order_by("-facet_count", label_path)[:FACET_LIMIT]
        )

    def count_of(self, name, value):
        """How many measures facet ``name``'s ``value`` gives, when it is not among the busiest.

        Costs a query only for a chosen value outside the top :data:`FACET_LIMIT`:
        the busiest list gives every other count.
        """
        if self.cells is not None:
            return self.cells.count_of(name, value)
        model, value_path, _, measure_path, distinct = self.FACETS[name]
        rows = self.counted_rows(model, measure_path, name).filter(**{value_path: value})
        return rows.aggregate(n=Count(measure_path, distinct=distinct))["n"]

    def facets(self):
        """Each filter's values with their counts (:class:`Facet`), in a fixed number of queries."""
        facets = []
        for name in self.FACETS:
            selected = self.selected(name)
            counted = {value: (label, count) for value, label, count in self.facet_counts(name)}
            if any(value not in counted for value in selected):
                # The form has already fetched the chosen rows: no query for their labels.
                value_field, label_field = self.FACET_LABELS[name]
                chosen = self.form.cleaned_data.get(name) if self.is_bound else None
                for row in chosen or ():
                    value = getattr(row, value_field)
                    if value not in counted:
                        counted[value] = (getattr(row, label_field), self.count_of(name, value))
            options = [
                FacetOption(value, label, count, value in selected)
                for value, (label, count) in counted.items()
            ]
            options.sort(key=lambda option: (-option.count, option.label))
            facets.append(Facet(name, self.filters[name].label, options))

        selected = self.selected("status")
        if self.cells is not None:
            counts = self.cells.by_status()
        else:
            statuses = self.counted_rows(Measure, "pk", "status")
            counts = dict(
                statuses.order_by().values_list("status").annotate(facet_count=Count("pk"))
            )
        options = [
            FacetOption(value, label, counts.get(value, 0), value in selected)
            for value, label in Status.choices
            if counts.get(value) or value in selected
        ]
        facets.append(Facet("status", self.filters["status"].label, options))
        return facets


class SummaryCells:
    """
    Facet counts for a choice of governments, groups, types and statuses, from the cells.

    Each facet counts the measures every OTHER chosen filter allows, as
    :meth:`MeasureFilter.facet_counts` does from the rows: here by summing the
    few hundred (government, type, status) cells, and for targets and their
    countries by one grouped query over the cells those filters allow.
    """

    def __init__(self, chosen):
        summary.fresh()
        self.governments = {row.pk for row in chosen.get("government", ())} or None
        self.groups = {row.pk for row in chosen.get("group", ())} or None
        self.types = {row.pk for row in chosen.get("type", ())} or None
        self.statuses = set(chosen.get("status", ())) or None
        self.rows = list(
            MeasureCell.objects.values_list(
                "government_id",
                "government__code",
                "government__name",
                "measure_type_id",
                "measure_type__slug",
                "measure_type__name",
                "status",
                "measures",
            )
        )
        self.members, self.group_labels = {}, {}
        for group, slug, name, government in Group.members.through.objects.values_list(
            "group_id", "group__slug", "group__name", "government_id"
        ):
            self.members.setdefault(group, set()).add(government)
            self.group_labels[group] = (slug, name)
        self.counted = {}

    def allowed_governments(self, skip=None):
        governments = self.governments if skip != "government" else None
        if self.groups and skip != "group":
            in_groups = set().union(*(self.members.get(group, ()) for group in self.groups))
            governments = in_groups if governments is None else governments & in_groups
        return governments

    def _passing(self, skip=None):
        governments = self.allowed_governments(skip)
        types = self.types if skip != "type" else None
        statuses = self.statuses if skip != "status" else None
        for row in self.rows:
            if governments is not None and row[0] not in governments:
                continue
            if types is not None and row[3] not in types:
                continue
            if statuses is not None and row[6] not in statuses:
                continue
            yield row

    def total(self):
        return sum(row[7] for row in self._passing())

    def by_status(self):
        counts = {}
        for row in self._passing("status"):
            counts[row[6]] = counts.get(row[6], 0) + row[7]
        return counts

    def _all_counts(self, name):
        """``{value: (label, count)}`` for every value of facet ``name`` with measures."""
        if name in self.counted:
            return self.counted[name]
        counts = {}
        if name in ("government", "type"):
            at = 1 if name == "government" else 4
            for row in self._passing(name):
                label, count = counts.get(row[at], (row[at + 1], 0))
                counts[row[at]] = (label, count + row[7])
        elif name == "group":
            by_government = {}
            for row in self._passing("group"):
                by_government[row[0]] = by_government.get(row[0], 0) + row[7]
            for group, governments in self.members.items():
                count = sum(by_government.get(government, 0) for government in governments)
                if count:
                    counts[self.group_labels[group][0]] = (self.group_labels[group][1], count)
        else:
            counts = {value: (label, count) for value, label, count in self._targets(name)}
        self.counted[name] = counts
        return counts

    def _targets(self, name, only=None):
        """Targets (``company``) or their countries (``target_country``), from their cells."""
        governments, types, statuses = self.allowed_governments(), self.types, self.statuses
        if governments is None and types is None and statuses is None:
            # One row a company or country, read in the order of its index.
            total = CompanyTotal if name == "company" else CountryTotal
            rows = total.objects.filter(measures__gt=0)
            if only is not None:
                rows = rows.filter(value=only)
            return list(
                rows.order_by("-measures", "label").values_list("value", "label", "measures")[
                    : 1 if only is not None else FACET_LIMIT
                ]
            )
        rows = (CompanyCell if name == "company" else CountryCell).objects.all()
        if governments is not None:
            rows = rows.filter(government_id__in=governments)
        if types is not None:
            rows = rows.filter(measure_type_id__in=types)
        if statuses is not None:
            rows = rows.filter(status__in=statuses)
        if only is not None:
            rows = rows.filter(value=only)
        counted = rows.values_list("value", "label").annotate(n=Sum("measures"))
        return list(counted.order_by("-n", "label")[: 1 if only is not None else FACET_LIMIT])

    def facet(self, name):
        counts = self._all_counts(name)
        ranked = sorted(counts.items(), key=lambda item: (-item[1][1], item[1][0]))
        return [(value, label, count) for value, (label, count) in ranked[:FACET_LIMIT]]

    def count_of(self, name, value):
        if name in ("company", "target_country"):
            found = self._targets(name, only=value)
            return found[0][2] if found else 0
        return self._all_counts(name).get(value, (None, 0))[1]
