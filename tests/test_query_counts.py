"""
N+1 guards: every public page costs a fixed number of SQL queries.

Each page is fetched on the seed, then again after :func:`grow` has added
more than ten times the seed's measures (with targets, milestones, sources,
quotes, relations, events, affiliates and aliases all pointing at the pages
under test); the count must not move. If a constant has to change, the page
gained a query: make sure it is one query, not one per row.
"""

import datetime
import itertools

import pytest

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

pytestmark = pytest.mark.django_db

SCALE = 10

# Queries per page, each an N+1 guard. If one has to change, the page gained or
# lost a query: make sure it is one query, never one per row.
# Home: 4 counts; the latest, deadlines and proposed lists (each + targets); companies.
HOME_QUERIES = 11
# Companies: the paginator's count, the page of companies with their counts.
COMPANY_LIST_QUERIES = 2
# Company: it, aliases, identifiers, affiliates, sources (+ quotes), events (+ sources),
# its measures (+ targets, + milestones).
COMPANY_DETAIL_QUERIES = 12  # +1: official listings
# Governments: the governments with their counts, their groups.
GOVERNMENT_LIST_QUERIES = 2
# Government: it, groups (+ members), agencies, measures (+ targets), companies, events.
GOVERNMENT_DETAIL_QUERIES = 8
# Measures: the paginator's count, the page (+ targets), six facets.
MEASURE_LIST_QUERIES = 9
# The same, plus checking the company, government and type values exist.
MEASURE_LIST_FILTERED_QUERIES = 12
# Measure: it, targets, milestones, sources (+ quotes), relations both ways,
# the imposer's groups, the change log.
MEASURE_DETAIL_QUERIES = 9
# Matrix: the paginator's count, the page of companies, the columns, the cells.
MATRIX_QUERIES = 4
# Deadlines: upcoming (+ targets), past (+ targets).
DEADLINES_QUERIES = 4
# Search: names (the search table, with companies and list entries), measures (+ targets),
# events.
SEARCH_QUERIES = 4


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


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_page_costs_a_fixed_number_of_queries(
    client, seed, django_assert_num_queries, path, expected
):
    client.get(path)  # warm the process-wide caches (content types) first
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200

    grow()
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200
