"""
Public pages about companies and governments: lists and detail pages.

A company's page holds every measure against it grouped by imposing
government, its timeline (an SVG drawn here, on the server), affiliates,
aliases, identifiers, events and sources. A government's page holds the
measures it imposed, by type, its groups and agencies, and the companies
based there. Each page costs a fixed number of queries.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.views.generic import ListView

from core.partial_dates import today
from core.views import FriendlyDetailView
from entities.models import Company, Government, Group
from sources.models import Quote

from ..models import NOT_IMPOSED, Event, Measure, Status
from .grouping import StatusCount, by_government, by_type, status_counts
from .timeline import build_timeline, timeline_entries

COMPANIES_PER_PAGE = 50


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
    """``/companies/``: every company with its measures counted by status (one query a page)."""

    template_name = "entities/company_list.html"
    context_object_name = "companies"
    paginate_by = COMPANIES_PER_PAGE

    def get_queryset(self):
        return (
            Company.objects.at_a_glance().with_status_counts(Status.values).order_by("short_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
        return Company.objects.select_related("country", "parent").prefetch_related(
            "aliases",
            "identifiers",
            Prefetch("affiliates", queryset=Company.objects.order_by("short_name")),
            "sources",
            Prefetch("quotes", queryset=Quote.objects.select_related("source")),
            Prefetch(
                "events",
                queryset=Event.objects.prefetch_related(
                    "sources", Prefetch("quotes", queryset=Quote.objects.select_related("source"))
                ).order_by("date", "title"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        now = today()
        everything = list(
            Measure.objects.targeting(company).with_milestones().order_by("-announced_on", "title")
        )
        # "Against" means imposed: proposed and declined measures are listed apart.
        measures = [measure for measure in everything if measure.status not in NOT_IMPOSED]
        weighed = [measure for measure in everything if measure.status in NOT_IMPOSED]
        events = list(company.events.all())
        context.update(
            today=now,
            measures=measures,
            weighed=weighed,
            by_government=by_government(measures),
            status_counts=status_counts(measure.status for measure in measures),
            weighed_counts=status_counts(measure.status for measure in weighed),
            government_count=len({measure.government_id for measure in measures}),
            timeline=build_timeline(everything, events, now),
            timeline_entries=timeline_entries(everything, events, now),
            events=events,
            affiliates=list(company.affiliates.all()),
            aliases=list(company.aliases.all()),
            identifiers=list(company.identifiers.all()),
            sources=list(company.sources.all()),
            quotes=list(company.quotes.all()),
        )
        return context


class GovernmentListView(ListView):
    """``/governments/``: every government, what it imposed and which companies are based there."""

    template_name = "entities/government_list.html"
    context_object_name = "governments"

    def get_queryset(self):
        return (
            Government.objects.annotate(
                measure_count=count_of(Measure.objects.imposed(), "government"),
                in_force_count=count_of(Measure.objects.in_force(), "government"),
                weighed_count=count_of(Measure.objects.not_imposed(), "government"),
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
        everything = list(
            Measure.objects.for_list().imposed_by(government).order_by("-announced_on", "title")
        )
        measures = [measure for measure in everything if measure.status not in NOT_IMPOSED]
        weighed = [measure for measure in everything if measure.status in NOT_IMPOSED]
        companies = list(
            Company.objects.at_a_glance().filter(country=government).order_by("short_name")
        )
        context.update(
            measures=measures,
            weighed=weighed,
            by_type=by_type(measures),
            status_counts=status_counts(measure.status for measure in measures),
            weighed_counts=status_counts(measure.status for measure in weighed),
            companies=companies,
            targeted_companies=[company for company in companies if company.measure_count],
            events=list(government.events.order_by("date", "title")),
        )
        return context
