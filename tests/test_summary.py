"""
The counts kept ahead (measures/summary.py) say what counting the rows says.

The measures list answers its facets and page count from cells grouped by
government, type and status whenever the reader's filters are among those
(and groups); these tests count the same facets from the rows themselves and
require the same answers, on the seed and on grown data, and after writes
of every kind: an editor's save, a bulk write followed by the version bump
imports make, a deletion.
"""

import itertools

import pytest
from django.http import QueryDict

from core import pagecache
from entities.models import Company, Government, Group
from measures.filters import MeasureFilter
from measures.models import Measure, MeasureTarget, MeasureType, Status
from tracker.growth import grow

pytestmark = pytest.mark.django_db


def facets(query, *, from_rows):
    filterset = MeasureFilter(QueryDict(query), queryset=Measure.objects.for_list())
    if from_rows:
        filterset.__dict__["cells"] = None  # the cached property, forced to the rows' path
    else:
        assert filterset.cells is not None, query
    counted = {
        facet.name: [(option.value, option.count, option.selected) for option in facet.options]
        for facet in filterset.facets()
    }
    return counted, filterset.known_count() if not from_rows else filterset.qs.count()


def queries():
    """Every single filter, and pairs across filters, on values the data holds."""
    governments = [
        f"government={code}" for code in Government.objects.values_list("code", flat=True)[:6]
    ]
    groups = [f"group={slug}" for slug in Group.objects.values_list("slug", flat=True)[:3]]
    types = [f"type={slug}" for slug in MeasureType.objects.values_list("slug", flat=True)[:5]]
    statuses = [f"status={value}" for value in Status.values]
    singles = ["", *governments, *groups, *types, *statuses]
    pairs = [
        "&".join(pair)
        for pair in itertools.chain(
            itertools.product(governments[:3], types[:3]),
            itertools.product(groups, statuses[:3]),
            itertools.product(types[:2], statuses[:3]),
        )
    ]
    several = [
        "&".join([*governments[:2], *types[:2], *statuses[:2]]),
        "&".join([groups[0], governments[0], "status=in_force", "status=proposed"])
        if groups
        else "",
    ]
    return singles + pairs + several


def assert_same_counts():
    for query in queries():
        assert facets(query, from_rows=False) == facets(query, from_rows=True), query


def test_the_cells_count_the_seed_as_the_rows_do(seed):
    assert_same_counts()


def test_the_cells_count_grown_data_as_the_rows_do(seed):
    grow(300, companies=60, events=0)
    pagecache.bump()  # as the grow command does after its bulk work
    assert_same_counts()


def test_an_editors_change_is_counted_at_once(seed):
    before, _ = facets("government=CA", from_rows=False)
    measure = Measure.objects.filter(government__code="CA").first()
    measure.measure_type = MeasureType.objects.exclude(pk=measure.measure_type_id).first()
    measure.save()  # a save bumps the data version: the next read rebuilds the cells
    after, _ = facets("government=CA", from_rows=False)
    assert after != before
    assert_same_counts()


def test_a_bulk_write_is_counted_once_the_version_moves(seed):
    measure = Measure.objects.filter(government__code="US").first()
    company = Company.objects.exclude(measure_targets__measure=measure).first()
    MeasureTarget.objects.bulk_create([MeasureTarget(measure=measure, company=company)])
    pagecache.bump()  # what an import does after its bulk writes
    assert_same_counts()
    Measure.objects.filter(government__code="GB").delete()
    assert_same_counts()


def test_filters_the_cells_cannot_answer_count_from_the_rows(seed):
    for query in ("company=huawei", "target_country=CN", "q=ban", "date_from=2020"):
        filterset = MeasureFilter(QueryDict(query), queryset=Measure.objects.for_list())
        assert filterset.cells is None, query


def test_an_invalid_filter_counts_from_the_rows(seed):
    filterset = MeasureFilter(QueryDict("government=ZZ"), queryset=Measure.objects.for_list())
    assert filterset.cells is None


def test_an_editor_can_delete_what_the_last_counts_name(seed):
    assert_same_counts()  # the counts now name every targeted company
    company = Company.objects.filter(measure_targets__isnull=False).distinct().first()
    Measure.objects.filter(targets=company).delete()
    company.delete()  # derived rows hold no constraint that would refuse this
    assert not Company.objects.filter(pk=company.pk).exists()
    assert_same_counts()


def test_measures_grouped_where_they_are_count_as_through_a_subquery(seed):
    """
    Filters on the measure's own columns (dates among them) leave the measures to be
    grouped as they are; every facet counts what testing each row against a subquery
    of the passing measures counts.
    """
    grow(300, companies=60, events=0)
    pagecache.bump()
    for query in (
        "date_from=2019",
        "date_to=2020&government=US",
        "date_from=2018-06&status=in_force&status=proposed",
        "date_from=2019&type=entity-list",
        "date_from=2019&company=huawei",  # a join: counted through the subquery either way
    ):
        counted = []
        for own_columns in (MeasureFilter.OWN_COLUMN_FILTERS, frozenset()):
            filterset = MeasureFilter(QueryDict(query), queryset=Measure.objects.for_list())
            filterset.OWN_COLUMN_FILTERS = own_columns
            filterset.__dict__["cells"] = None  # no counted-ahead cells: the rows' path
            counted.append(
                {
                    facet.name: [(option.value, option.count) for option in facet.options]
                    for facet in filterset.facets()
                }
            )
        assert counted[0] == counted[1], query
        assert any(count for options in counted[0].values() for _, count in options), query
