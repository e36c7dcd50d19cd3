"""
Public pages about measures: the filtered list, one measure in full, the
company × government matrix and the deadlines.

Each view fetches what its page shows in ``get_queryset()`` or
``get_context_data()`` with a fixed number of queries; templates only display.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from core.history import change_log
from core.partial_dates import ends_before_q, overlaps_q, today
from core.views import FriendlyDetailView
from entities.models import Company

from .. import summary
from ..filters import MeasureFilter
from ..models import CompanyTotal, Measure, Milestone
from . import matrix

MEASURES_PER_PAGE = 25
# The deadlines page shows the soonest upcoming and the latest past deadlines;
# the calendar feed (and the API's milestones) carry every one.
UPCOMING_SHOWN = 100
PAST_SHOWN = 50
MATRIX_COMPANIES_PER_PAGE = 50
FACET_ORDER = ("government", "group", "type", "status", "company", "target_country")


class MeasureListView(FilterView):
    """
    ``/measures/``: every filter of :class:`MeasureFilter`, facet counts, sorting and pages.

    Bad filter values answer 400 with each problem named beside its filter
    and no results; a page number that is not one answers 400, a page past
    the end 404, both with the filters kept and a way back.
    """

    filterset_class = MeasureFilter
    template_name = "measures/measure_list.html"
    paginate_by = MEASURES_PER_PAGE
    page_error = None
    page_error_status = 200

    def get_queryset(self):
        return Measure.objects.for_list()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        self.object_list = self.filterset.qs if valid else self.filterset.queryset.none()
        context = self.get_context_data(
            filter=self.filterset, object_list=self.object_list, filters_valid=valid
        )
        status = 400 if not valid else self.page_error_status
        return self.render_to_response(context, status=status)

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad page number becomes a message instead of a bare 404."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        known = self.filterset.known_count()
        if known is not None:
            paginator.count = known  # counted ahead (measures/summary.py): no COUNT(*) query
        requested = self.request.GET.get("page") or 1
        if requested == "last":
            requested = paginator.num_pages
        try:
            number = paginator.validate_number(requested)
        except PageNotAnInteger:
            self.page_error = "Page numbers are whole numbers: 1, 2, 3…"
            self.page_error_status = 400
        except EmptyPage:
            try:
                too_small = int(requested) < 1
            except (TypeError, ValueError, OverflowError):
                too_small = False
            if too_small:
                self.page_error = "Page numbers start at 1."
                self.page_error_status = 400
            else:
                pages = paginator.num_pages
                self.page_error = (
                    f"There is no page {requested}: these filters give "
                    f"{pages} page{'' if pages == 1 else 's'} of results."
                )
                self.page_error_status = 404
        else:
            page = paginator.page(number)
            return paginator, page, page.object_list, page.has_other_pages()
        return paginator, None, [], False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        errors = filterset.form.errors
        facets = {facet.name: facet for facet in filterset.facets()}
        query = self.request.GET
        selected_sort = query.get("sort", "")
        context.update(
            facets=[
                {"facet": facets[name], "errors": errors.get(name, [])} for name in FACET_ORDER
            ],
            filter_errors=[
                {
                    "label": filterset.filters[name].label if name in filterset.filters else "",
                    "anchor": f"filter-{name}" if name in filterset.filters else "filters",
                    "messages": messages,
                }
                for name, messages in errors.items()
            ],
            field_errors=dict(errors),
            range_errors=errors.get("__all__", []),
            sort_choices=[
                {"value": value, "label": label, "selected": value == selected_sort}
                for value, label in filterset.form.fields["sort"].choices
            ],
            values={name: query.get(name, "") for name in ("date_from", "date_to", "q")},
            active_filters=active_filters(query, facets, filterset),
            page_error=self.page_error,
            last_page=context["paginator"].num_pages if context.get("paginator") else 1,
        )
        return context


def active_filters(query, facets, filterset):
    """What the reader has chosen, each with the address of this view without it."""
    chosen = []
    labels = {
        name: {option.value: option.label for option in facet.options}
        for name, facet in facets.items()
    }
    for name, facet in facets.items():
        for value in filterset.selected(name):
            label = labels[name].get(value)
            if label is None:
                continue  # an unknown value: its error is shown beside the filter
            chosen.append(
                {"name": facet.label, "value": label, "remove": without(query, name, value)}
            )
    for name in ("date_from", "date_to", "q"):
        value = query.get(name, "").strip()
        if value and name not in filterset.errors:
            chosen.append(
                {
                    "name": filterset.filters[name].label,
                    "value": value,
                    "remove": without(query, name, None),
                }
            )
    return chosen


def without(query, name, value):
    """The query string ``query`` minus ``name=value`` (or every ``name``), back on page 1."""
    remaining = query.copy()
    remaining.pop("page", None)
    if value is None:
        remaining.pop(name, None)
    else:
        kept = [item for item in remaining.getlist(name) if item.strip().upper() != value.upper()]
        remaining.setlist(name, kept)
    encoded = remaining.urlencode()
    return f"?{encoded}" if encoded else "?"


class MeasureDetailView(FriendlyDetailView):
    """``/measures/<slug>/``: one measure in full, in a fixed number of queries."""

    model = Measure
    template_name = "measures/measure_detail.html"
    not_found_message = "There is no measure at this address. It may have been renamed."

    def get_queryset(self):
        return Measure.objects.in_full()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        related = [
            {"label": relation.get_kind_display(), "measure": relation.to_measure}
            for relation in measure.relations_from.all()
        ] + [
            {"label": relation.inverse_label, "measure": relation.from_measure}
            for relation in measure.relations_to.all()
        ]
        context.update(
            targets=list(measure.measure_targets.all()),
            milestones=list(measure.milestones.all()),
            related=related,
            sources=list(measure.sources.all()),
            quotes=list(measure.quotes.all()),
            permalink=self.request.build_absolute_uri(measure.get_absolute_url()),
            today=today(),
        )
        # The public change log (core/history.py): dates and changes, never editors.
        context["change_log"] = change_log(measure)
        return context


class MatrixView(ListView):
    """``/matrix/``: companies down, imposing governments across; each cell names the measures."""

    template_name = "measures/matrix.html"
    paginate_by = MATRIX_COMPANIES_PER_PAGE
    context_object_name = "companies"

    def get_queryset(self):
        summary.fresh()  # targeted companies and their counts are kept ahead
        return CompanyTotal.objects.select_related("company").order_by("label", "company_id")

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        companies = []
        for total in context["companies"]:
            total.company.measure_count = total.measures
            companies.append(total.company)
        context["companies"] = companies
        context["matrix"] = matrix.build_matrix(companies)
        return context


class DeadlinesView(TemplateView):
    """``/deadlines/``: every deadline of every measure, upcoming first, then past."""

    template_name = "measures/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = today()
        deadlines = (
            Milestone.objects.filter(kind=Milestone.Kind.DEADLINE)
            .select_related("measure__government", "measure__measure_type")
            .prefetch_related(
                Prefetch("measure__targets", queryset=Company.objects.order_by("short_name"))
            )
        )
        upcoming = deadlines.filter(overlaps_q("date", now, None))
        past = deadlines.filter(ends_before_q("date", now))
        context.update(
            today=now,
            upcoming=list(upcoming.order_by("date", "measure__title")[:UPCOMING_SHOWN]),
            upcoming_count=upcoming.count(),
            past=list(past.order_by("-date", "measure__title")[:PAST_SHOWN]),
            past_count=past.count(),
        )
        return context
