"""
The one path every open-data output takes: filters, 400, base URL, rows, render.

The CSV, Atom, iCalendar and FollowTheMoney outputs answer the same
question as the measures list (:class:`~measures.filters.MeasureFilter`),
so each is a function of a :class:`Selection`: the reader's filters,
validated, the matching measures fetched with one named queryset, and the
site's absolute base URL for links. A bad filter never reaches an output: it
gets the same plain-text 400 everywhere, naming each problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from ..filters import MeasureFilter

# Paging and sorting belong to the list page; outputs take every matching row.
LIST_ONLY_PARAMETERS = ("page", "sort")


@dataclass(frozen=True)
class Selection:
    """The measures a reader's query string picks, and what an output needs to link them."""

    filterset: MeasureFilter
    measures: QuerySet
    base_url: str  # scheme and host, no trailing slash
    path: str  # this output's own path and query string

    @property
    def is_filtered(self) -> bool:
        """True when the query string narrows the measures (sorting does not)."""
        cleaned = self.filterset.form.cleaned_data
        return any(value for name, value in cleaned.items() if name not in LIST_ONLY_PARAMETERS)

    @property
    def list_query(self) -> str:
        """The query string of the list page showing these measures (no paging or sorting)."""
        query = self.filterset.data.copy()
        for name in LIST_ONLY_PARAMETERS:
            query.pop(name, None)
        return query.urlencode()


def bad_filter_response(filterset: MeasureFilter) -> HttpResponse:
    """A plain-text 400 naming each filter's problem."""
    lines = ["Bad filter:"]
    for field, errors in filterset.errors.items():
        label = "" if field == "__all__" else f"{field}: "
        lines.extend(f"- {label}{error}" for error in errors)
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def measures_output(queryset: Callable[[], QuerySet]):
    """
    Make ``render(request, selection)`` a view of the measures matching the query string.

    ``queryset`` names the rows the output reads (``Measure.objects.for_export``);
    a bad filter is answered before ``render`` runs.
    """

    def decorator(render: Callable[[HttpRequest, Selection], HttpResponse]):
        @wraps(render)
        def view(request: HttpRequest) -> HttpResponse:
            filterset = MeasureFilter(request.GET, queryset=queryset(), request=request)
            if not filterset.is_valid():
                return bad_filter_response(filterset)
            selection = Selection(
                filterset=filterset,
                measures=filterset.qs,
                base_url=request.build_absolute_uri("/").rstrip("/"),
                path=request.get_full_path(),
            )
            return render(request, selection)

        return view

    return decorator
