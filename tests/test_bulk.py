"""
The bulk writer of large imports (``core.bulk``): rows written as given, however many
statements they take, errors raised as Django's, and the collector's frozen objects given back.
"""

import datetime as dt
import gc

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.bulk import collector_spared, insert_rows
from measures.models import SearchWord
from sources.models import ImportRun, ListEntry

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = (
    *("list_key", "entry_id", "first_run", "last_run", "source_list", "kind", "name"),
    *("aliases", "addresses", "countries", "identifiers", "programs", "raw", "listed_on"),
    *("listed_on_precision", "federal_register", "license_requirement", "license_policy"),
    *("remarks", "source_url", "parent_name", "content_hash", "row_hash"),
)


def per_statement(model, fields) -> int:
    columns = [model._meta.get_field(name) for name in fields]
    return connection.ops.bulk_batch_size(columns, range(10_000))


def test_rows_are_written_as_given_across_statements_and_batches():
    # More words than one statement and one batch take, so both end part-way.
    size = per_statement(SearchWord, ("word", "names"))
    count = 2 * size + 7
    words = [(f"bulkword{i:05d}", i) for i in range(count)]
    assert insert_rows(SearchWord, ("word", "names"), words, batch=size + 3) == count
    written = SearchWord.objects.filter(word__startswith="bulkword").order_by("word")
    assert list(written.values_list("word", "names")) == words


def test_json_dates_and_nulls_read_back_as_written():
    run = ImportRun.objects.create(
        list_key="csl", location="here", sha256="0" * 64, started_at=timezone.now()
    )
    count = per_statement(ListEntry, ENTRY_FIELDS) + 2
    rows = [
        (
            *("bulk", f"id-{i}", run.pk, run.pk, "EL", "entity", f"Zhōngxīng {i} 中兴"),
            ("ZTE", f"Alias {i}") if i % 2 else [],
            *([f"Road {i}, Shenzhen, CN"], ["CN"], [["uscc", f"9144{i}"]], []),
            {"name": f"Zhōngxīng {i}", "quote": 'a "b" \\ c', "n": 2**70 + i, "ctl": "\x1a\n"},
            dt.date(2020, 1, 1 + i % 28) if i % 3 else None,
            *("", "", "", "", "", "", "", "0" * 64, ""),
        )
        for i in range(count)
    ]
    insert_rows(ListEntry, ENTRY_FIELDS, rows)
    stored = ListEntry.objects.filter(list_key="bulk").order_by("pk")
    assert [(e.entry_id, e.name, e.aliases, e.identifiers, e.raw, e.listed_on) for e in stored] == [
        (row[1], row[6], list(row[7]), row[10], row[12], row[13]) for row in rows
    ]


def test_a_row_the_database_refuses_raises_djangos_integrity_error():
    insert_rows(SearchWord, ("word", "names"), [("bulkonce", 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(SearchWord, ("word", "names"), [("bulktwice", 1), ("bulkonce", 2)])
    written = SearchWord.objects.filter(word__startswith="bulk")
    assert list(written.values_list("word", "names")) == [("bulkonce", 1)]


def test_the_collector_gets_back_what_it_was_spared():
    # The suite's process may have frozen its objects already: importing tracker.wsgi
    # (the API's schema test does) freezes what it loaded.
    was_frozen = gc.get_freeze_count()
    gc.unfreeze()
    try:
        before = gc.get_threshold()
        with collector_spared():
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[0] > before[0]
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == before
    finally:
        if was_frozen:
            gc.freeze()


def test_a_process_that_froze_its_objects_keeps_them_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_spared():
            pass
        # Neither unfrozen nor frozen again (a frozen object freed by its refcount
        # leaves the count, so it may be a little lower, never higher).
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
