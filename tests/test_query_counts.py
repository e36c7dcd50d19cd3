"""
N+1 guards: every public page costs a fixed number of SQL queries.

Each page is fetched on the seed, then again after :func:`grow` has added
more than ten times the seed's measures (with targets, milestones, sources,
quotes, relations, events, affiliates and aliases all pointing at the pages
under test), and again at a hundred times the seed's measures (the project's
bulk generator); the count must not move. If a constant has to change, the page
gained a query: make sure it is one query, not one per row.
"""

import datetime
import itertools

import pytest

from core import pagecache
from entities.models import Company, Government, Group
from measures.models import Measure, MeasureType
from tracker.factories import (
    AliasFactory,
    AuthorityFactory,
    CompanyFactory,
    EventFactory,
    GroupFactory,
    IdentifierFactory,
    MeasureFactory,
    MeasureRelationFactory,
    MilestoneFactory,
    QuoteFactory,
    SourceFactory,
)
from tracker.growth import grow as bulk_grow

pytestmark = pytest.mark.django_db

SCALE = 10

# Queries per page, each an N+1 guard. If one has to change, the page gained or
# lost a query: make sure it is one query, never one per row.
# Home: whether the counted-ahead summary is current, its 3 counts, the upcoming deadlines
# count; the latest, deadlines and proposed lists (each + targets); companies.
HOME_QUERIES = 12
# Companies: the paginator's count, the page of companies, their counts.
COMPANY_LIST_QUERIES = 3
# Company: it (with its counts of events and affiliates, since the page shows a bounded
# few), aliases, identifiers, affiliates, sources, its quotes, events (+ sources,
# + quotes), which of its measures are shown (ranked on narrow rows), those imposed and
# weighed measures (+ targets, + milestones), official listings; counts of its measures
# (by government and status).
COMPANY_DETAIL_QUERIES = 15
# Governments: whether the counted-ahead summary is current, the governments with their
# counts, their groups.
GOVERNMENT_LIST_QUERIES = 3
# Government: it, groups (+ members), agencies, which of its measures are shown (ranked on
# narrow rows), those imposed and weighed measures (+ targets), companies, events;
# counts of its measures (by type and status) and of its companies, whether any is targeted.
GOVERNMENT_DETAIL_QUERIES = 12
# Measures, counted ahead (measures/summary.py): whether the counts are current, the
# cells (governments, groups, types, statuses and the page count), the group memberships,
# the company and target-country facets, the page (+ targets).
MEASURE_LIST_QUERIES = 7
# The same, plus checking the company, government and type values exist, the count of
# a chosen value that is not among the busiest twenty of its facet, and the ids the text
# matches (read once, MeasureFilter.text_matches).
MEASURE_LIST_FILTERED_QUERIES = 14
# Measure: it, targets, milestones, sources, its quotes, relations both ways, the imposer's
# groups, the change log: its versions, their owned rows, and the names of the related
# records a change mentions (here sources and quotes; at most one query per related model).
MEASURE_DETAIL_QUERIES = 12
# Matrix: whether the counted-ahead summary is current, the paginator's count (of its
# company totals), the page of companies, the columns, the cells.
MATRIX_QUERIES = 5
# Deadlines: upcoming (+ targets), past (+ targets), and how many of each there are.
DEADLINES_QUERIES = 6
# Search: names (the search table), the companies and list entries of those shown, the ids
# of the measures the text matches, measures (+ targets), events.
SEARCH_QUERIES = 6


PAGES = [
    ("/", HOME_QUERIES),
    ("/companies/", COMPANY_LIST_QUERIES),
    ("/companies/hikvision/", COMPANY_DETAIL_QUERIES),
    ("/governments/", GOVERNMENT_LIST_QUERIES),
    ("/governments/united-states/", GOVERNMENT_DETAIL_QUERIES),
    ("/measures/", MEASURE_LIST_QUERIES),
    (
        "/measures/?company=hikvision&government=us&type=entity-list&type=sdn"
        "&status=in_force&status=proposed&date_from=2010&date_to=2030-06&q=list&sort=title&page=1",
        MEASURE_LIST_FILTERED_QUERIES,
    ),
    ("/measures/canada-5g-ban-huawei-zte/", MEASURE_DETAIL_QUERIES),
    ("/matrix/", MATRIX_QUERIES),
    ("/deadlines/", DEADLINES_QUERIES),
    ("/search/?q=huawei", SEARCH_QUERIES),
]


def grow(scale=SCALE):
    """Add ``scale`` times the seed's measures, and more of everything the pages show."""
    companies = list(Company.objects.order_by("slug"))
    hikvision = Company.objects.get(slug="hikvision")
    huawei = Company.objects.get(slug="huawei")
    governments = list(Government.objects.order_by("code"))
    types = list(MeasureType.objects.order_by("slug"))
    canada_ban = Measure.objects.get(slug="canada-5g-ban-huawei-zte")
    us = Government.objects.get(code="US")
    count = Measure.objects.count() * scale

    for index in range(5):
        group = GroupFactory()
        group.members.add(*governments[index:])
        AuthorityFactory(government=us)
    for index in range(scale):
        AliasFactory(company=hikvision)
        IdentifierFactory(company=hikvision)
        CompanyFactory(parent=huawei, country=huawei.country)
        source = SourceFactory()
        QuoteFactory(source=source)
        hikvision.sources.add(source)
        canada_ban.sources.add(source)
        EventFactory(companies=[hikvision, huawei], governments=[us], sources=[source])
        MilestoneFactory(measure=canada_ban, date=datetime.date(2030, 1, 1 + index))

    previous = canada_ban
    cycle = itertools.cycle(range(len(companies)))
    for index in range(count):
        targets = {companies[next(cycle)], companies[next(cycle)]}
        if index % 3 == 0:
            targets.add(hikvision)
        government = us if index % 2 else governments[index % len(governments)]
        source = SourceFactory()
        QuoteFactory(source=source)
        measure = MeasureFactory(
            government=government,
            measure_type=types[index % len(types)],
            targets=sorted(targets, key=lambda company: company.slug),
            status=[Measure.Status.IN_FORCE, Measure.Status.PROPOSED][index % 2],
            announced_on=datetime.date(2010 + index % 15, 1 + index % 12, 1 + index % 28),
            title=f"Generated list measure {index}",
            sources=[source],
        )
        MilestoneFactory(measure=measure)
        MeasureRelationFactory(from_measure=measure, to_measure=previous)
        previous = measure
    MeasureRelationFactory(from_measure=canada_ban, to_measure=previous)
    assert Measure.objects.count() > (scale + 1) * 13 - 1
    assert Group.objects.count() > 5


def queries_per_page(client):
    """``{path: queries}`` for every page, each fetched once first to warm the process-wide
    caches (content types) and, after a write, the counted-ahead summary."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path, _ in PAGES:
        assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_every_page_costs_a_fixed_number_of_queries_at_1x_10x_and_100x(client, seed):
    # The data is grown once for all the pages (growing it for each page took most of
    # the suite's time on PostgreSQL); every page is compared at each scale.
    expected = dict(PAGES)
    seed_measures = Measure.objects.count()
    assert queries_per_page(client) == expected, "on the seed"

    grow()  # 10x, pointing at the pages under test
    assert queries_per_page(client) == expected, "at 10x"

    # 100x, in bulk, with the project's generator (which bumps the data version as the
    # grow command does).
    bulk_grow(100 * seed_measures - Measure.objects.count())
    pagecache.bump()
    assert queries_per_page(client) == expected, "at 100x"


# Rows rendered: a page shows a bounded number of rows whatever the data holds.


def measure_items(response):
    return response.content.decode().count('<li class="measure-item">')


def test_pages_render_a_bounded_number_of_measures(client, seed):
    from measures.pages.companies import PER_GROUP
    from measures.pages.measures import PAST_SHOWN, UPCOMING_SHOWN

    hikvision = Company.objects.get(slug="hikvision")
    us = Government.objects.get(code="US")
    entity_list = MeasureType.objects.get(slug="entity-list")
    before_company = measure_items(client.get("/companies/hikvision/"))
    before_government = measure_items(client.get("/governments/united-states/"))
    for index in range(PER_GROUP * 3):
        measure = MeasureFactory(
            government=us,
            measure_type=entity_list,
            targets=[hikvision],
            announced_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=index),
        )
        MilestoneFactory(
            measure=measure, date=datetime.date(2031, 1, 1) + datetime.timedelta(index)
        )
    for index in range(UPCOMING_SHOWN + PAST_SHOWN):
        MilestoneFactory(date=datetime.date(2030, 1, 1) + datetime.timedelta(days=index))

    company = client.get("/companies/hikvision/")
    assert measure_items(company) <= before_company + PER_GROUP
    us_on_company = Measure.objects.targeting(hikvision).imposed().filter(government=us).count()
    assert f"All {us_on_company} measures by United States against Hikvision" in (
        company.content.decode()
    )
    government = client.get("/governments/united-states/")
    assert measure_items(government) <= before_government + PER_GROUP
    us_entity_list = (
        Measure.objects.imposed().filter(government=us, measure_type=entity_list).count()
    )
    assert f"All {us_entity_list} {entity_list.name} measures by United States" in (
        government.content.decode()
    )
    deadlines = client.get("/deadlines/").content.decode()
    rows = deadlines.count("<tr") - deadlines.count("<thead")
    assert rows <= UPCOMING_SHOWN + PAST_SHOWN + 2  # two header rows
    assert "soonest are shown" in deadlines


def test_latest_per_keeps_the_newest_of_each_group_and_of_the_weighed(seed):
    company = CompanyFactory()
    us, canada = Government.objects.get(code="US"), Government.objects.get(code="CA")
    made = {}
    for index in range(12):
        government = (us, canada)[index % 2]
        status = "proposed" if index % 3 == 0 else "in_force"
        measure = MeasureFactory(
            government=government,
            targets=[company],
            status=status,
            announced_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=index),
        )
        made.setdefault("weighed" if status == "proposed" else government.code, []).append(measure)

    def newest(measures, count):
        return {measure.pk for measure in sorted(measures, key=lambda m: m.announced_on)[-count:]}

    shown = Measure.objects.targeting(company).latest_per("government", 2, weighed=3)
    assert {measure.pk for measure in shown} == (
        newest(made["US"], 2) | newest(made["CA"], 2) | newest(made["weighed"], 3)
    )
    assert len(made["US"]) > 2 and len(made["CA"]) > 2 and len(made["weighed"]) > 3
