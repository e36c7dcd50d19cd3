"""
The home page, search, and the helpful error pages.

Error pages: an unknown address answers 404 with what was not found and
ways on (search, the lists); 400 and 500 pages are plain templates that
need no database.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import Resolver404
from django.views.generic import TemplateView

from core.partial_dates import overlaps_q, today
from entities.models import Company
from measures import summary
from measures.filters import MAX_QUERY_LENGTH
from measures.models import NOT_IMPOSED, Measure, Milestone
from measures.pages.grouping import status_counts

from .search import search

HOME_LATEST = 6
HOME_DEADLINES = 5
HOME_PROPOSED = 10
HOME_COMPANIES = 12


def upcoming_deadlines(now):
    """Deadlines not yet past (one known to the month is upcoming all month), soonest first."""
    return (
        Milestone.objects.filter(overlaps_q("date", now, None), kind=Milestone.Kind.DEADLINE)
        .select_related("measure__government")
        .prefetch_related(
            Prefetch("measure__targets", queryset=Company.objects.order_by("short_name"))
        )
        .order_by("date", "measure__title")
    )


class HomeView(TemplateView):
    """
    ``/``: counts, the latest measures, upcoming deadlines, proposals and the companies.

    The counts say what they count: measures imposed, by status ("7 in force,
    1 lifted"), apart from those weighed and not taken ("1 declined"). A
    proposed or declined measure is never counted or listed as imposed.
    """

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = today()
        # Counted ahead (measures/summary.py): no pass over every measure and target.
        by_status = summary.measures_by_status()
        imposed = [item for item in status_counts(by_status) if item.status not in NOT_IMPOSED]
        weighed = [item for item in status_counts(by_status) if item.status in NOT_IMPOSED]
        deadlines = upcoming_deadlines(now)
        counts = {
            "measures": sum(by_status.values()),
            "imposed": sum(item.count for item in imposed),
            "companies": summary.targeted_companies(),
            "governments": summary.imposing_governments(),
            "upcoming_deadlines": deadlines.count(),
        }
        context.update(
            today=now,
            counts=counts,
            imposed_counts=imposed,
            weighed_counts=weighed,
            latest=Measure.objects.for_list()
            .imposed()
            .order_by("-announced_on", "title")[:HOME_LATEST],
            deadlines=deadlines[:HOME_DEADLINES],
            weighed=Measure.objects.for_list()
            .not_imposed()
            .order_by("-announced_on", "title")[:HOME_PROPOSED],
            companies=Company.objects.filter(pk__in=summary.most_targeted(HOME_COMPANIES))
            .at_a_glance()
            .order_by("-imposed_count", "short_name"),
        )
        return context


def page_not_found(request, exception):
    """404 with the reason when a view gave one ("There is no company at this address")."""
    message = None
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
        first = exception.args[0] if exception.args else None
        message = first if isinstance(first, str) else None
    return render(request, "404.html", {"message": message}, status=404)


def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page links: the SVG icon."""
    return redirect(static("favicon.svg"))


class SearchView(TemplateView):
    """``/search/?q=``: companies (names, aliases, near spellings), measures and events."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # PostgreSQL cannot compare text holding a NUL byte: drop them.
        query = self.request.GET.get("q", "").replace("\x00", "")
        context.update(
            query=query.strip()[:MAX_QUERY_LENGTH],
            query_too_long=len(query.strip()) > MAX_QUERY_LENGTH,
            results=search(query) if query.strip() else None,
        )
        return context
