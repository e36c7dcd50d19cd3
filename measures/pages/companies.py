"""
Public pages about companies and governments: lists and detail pages.

A company's page holds every measure against it grouped by imposing
government, its timeline (an SVG drawn here, on the server), affiliates,
aliases, identifiers, events and sources. A government's page holds the
measures it imposed, by type, its groups and agencies, and the companies
based there. Each page costs a fixed number of queries.
"""

from collections import Counter

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.views.generic import ListView

from core.links import filtered_url
from core.partial_dates import today
from core.views import FriendlyDetailView
from entities.models import Company, Government, Group
from sources.models import Quote
from sources.views import listings_of

from .. import summary
from ..models import NOT_IMPOSED, Event, Measure, Status
from .grouping import StatusCount, by_government, by_type, status_counts, with_totals
from .timeline import build_timeline, timeline_entries

COMPANIES_PER_PAGE = 50
# However many rows there are, a detail page shows at most this many measures per
# group (government or type), companies, affiliates and events; counts link to the rest.
PER_GROUP = 10
COMPANIES_SHOWN = 50
AFFILIATES_SHOWN = 50
EVENTS_SHOWN = 25
WEIGHED_SHOWN = 25


class Split:
    """A record's measures split as its page shows them, each list bounded.

    ``measures``: the latest :data:`PER_GROUP` imposed ones per value of ``field``;
    ``weighed``: the latest proposed or declined ones; the counts of every one,
    imposed ones per value of ``field`` and per status, weighed ones per status.
    """

    def __init__(self, scope, field, prepare):
        counts = scope.counts_by(field, "status")
        shown = scope.latest_per(field, PER_GROUP, weighed=WEIGHED_SHOWN)
        rows = list(prepare(shown).order_by("-announced_on", "title"))
        self.measures = [measure for measure in rows if measure.is_imposed]
        self.weighed = [measure for measure in rows if not measure.is_imposed]
        self.per_group, per_status, weighed_status = Counter(), Counter(), Counter()
        for (value, status), number in counts.items():
            if status in NOT_IMPOSED:
                weighed_status[status] += number
            else:
                self.per_group[value] += number
                per_status[status] += number
        self.measure_count = sum(per_status.values())
        self.weighed_count = sum(weighed_status.values())
        self.status_counts = status_counts(per_status)
        self.weighed_counts = status_counts(weighed_status)


def count_of(queryset, field):
    """A subquery counting ``queryset`` rows whose ``field`` is the outer row (0 when none)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class CompanyListView(ListView):
    """``/companies/``: every company with its measures counted by status (two queries a page)."""

    template_name = "entities/company_list.html"
    context_object_name = "companies"
    paginate_by = COMPANIES_PER_PAGE

    def get_queryset(self):
        return Company.objects.order_by("short_name", "pk").only("pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counted for the page's companies only: an offset deep into the list must
        # not count the measures of every company it skips.
        on_page = [company.pk for company in context["companies"]]
        context["companies"] = list(
            Company.objects.filter(pk__in=on_page)
            .at_a_glance()
            .with_status_counts(Status.values)
            .order_by("short_name", "pk")
        )
        context["rows"] = [
            {
                "company": company,
                "by_status": [
                    StatusCount(status, label, getattr(company, f"{status}_status_count"))
                    for status, label in Status.choices
                    if getattr(company, f"{status}_status_count")
                ],
            }
            for company in context["companies"]
        ]
        return context

    def paginate_queryset(self, queryset, page_size):
        # A bad page number shows the nearest real page rather than an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class CompanyDetailView(FriendlyDetailView):
    """``/companies/<slug>/``: the whole picture of one company."""

    model = Company
    template_name = "entities/company_detail.html"
    context_object_name = "company"
    not_found_message = (
        "There is no company at this address. Company addresses use the short name in "
        "lower case, such as /companies/huawei/."
    )

    def get_queryset(self):
        # The page shows a bounded few affiliates and events: counted in the company's row.
        counted = Company.objects.annotate(
            event_count=count_of(Event.objects.all(), "companies"),
            affiliate_count=count_of(Company.objects.all(), "parent"),
        )
        # Its aliases, identifiers, sources and quotes are asked for below, a query each:
        # for one company, prefetching them costs more than asking.
        return counted.select_related("country", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        now = today()
        # "Against" means imposed: proposed and declined measures are listed apart.
        split = Split(
            Measure.objects.targeting(company), "government", lambda rows: rows.with_milestones()
        )
        measures, weighed = split.measures, split.weighed
        # The latest few, however many there are (a LIMIT for one company: a sliced
        # prefetch would rank every company's rows with a window function).
        latest_events = company.events.prefetch_related(
            "sources", Prefetch("quotes", queryset=Quote.objects.select_related("source"))
        ).order_by("-date", "title")[:EVENTS_SHOWN]
        events = sorted(latest_events, key=lambda event: (event.date, event.title))
        affiliates = list(company.affiliates.order_by("short_name")[:AFFILIATES_SHOWN])
        context.update(
            today=now,
            measures=measures,
            weighed=weighed,
            measure_count=split.measure_count,
            weighed_count=split.weighed_count,
            by_government=with_totals(
                by_government(measures),
                split.per_group,
                lambda group: filtered_url(
                    "measures:list", company=company.slug, government=group.key.code
                ),
            ),
            status_counts=split.status_counts,
            weighed_counts=split.weighed_counts,
            government_count=len(split.per_group),
            event_count=company.event_count,
            affiliate_count=company.affiliate_count,
            timeline=build_timeline([*measures, *weighed], events, now),
            timeline_entries=timeline_entries([*measures, *weighed], events, now),
            events=events,
            affiliates=affiliates,
            aliases=list(company.aliases.all()),
            identifiers=list(company.identifiers.all()),
            sources=list(company.sources.all()),
            listings=listings_of(company),
            quotes=list(company.quotes.select_related("source")),
        )
        return context


class GovernmentListView(ListView):
    """``/governments/``: every government, what it imposed and which companies are based there."""

    template_name = "entities/government_list.html"
    context_object_name = "governments"

    def get_queryset(self):
        summary.fresh()  # the measures are counted ahead, by government, type and status
        return (
            Government.objects.annotate(
                measure_count=summary.measures_of_government(NOT_IMPOSED, exclude=True),
                in_force_count=summary.measures_of_government([Status.IN_FORCE]),
                weighed_count=summary.measures_of_government(NOT_IMPOSED),
                company_count=count_of(Company.objects.all(), "country"),
            )
            .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
            .order_by("name")
        )


class GovernmentDetailView(FriendlyDetailView):
    """``/governments/<slug>/``: the measures a government imposed, by type; its groups."""

    model = Government
    template_name = "entities/government_detail.html"
    context_object_name = "government"
    not_found_message = (
        "There is no government at this address. Government addresses use the name in "
        "lower case, such as /governments/canada/."
    )

    def get_queryset(self):
        return Government.objects.prefetch_related(
            Prefetch(
                "groups",
                queryset=Group.objects.prefetch_related(
                    Prefetch("members", queryset=Government.objects.order_by("name"))
                ),
            ),
            "authorities",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        government = self.object
        split = Split(
            Measure.objects.imposed_by(government), "measure_type", lambda rows: rows.for_list()
        )
        based_here = Company.objects.filter(country=government)
        companies = list(based_here.at_a_glance().order_by("short_name")[:COMPANIES_SHOWN])
        context.update(
            measures=split.measures,
            measure_count=split.measure_count,
            weighed=split.weighed,
            weighed_count=split.weighed_count,
            by_type=with_totals(
                by_type(split.measures),
                split.per_group,
                lambda group: filtered_url(
                    "measures:list", government=government.code, type=group.key.slug
                ),
            ),
            status_counts=split.status_counts,
            weighed_counts=split.weighed_counts,
            companies=companies,
            company_count=based_here.count(),
            targeted_companies=based_here.targeted().exists(),
            events=list(government.events.order_by("-date", "title")[:EVENTS_SHOWN]),
        )
        return context
