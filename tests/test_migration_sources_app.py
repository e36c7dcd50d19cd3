"""
Moving Source and Quote into the ``sources`` app loses nothing.

A database is put in the layout of the migrations before the move (Source
and Quote in ``measures``: tables ``measures_source``/``measures_quote``,
content types and stored versions labelled ``measures.*``) with the seed, an
edited measure and an edited source and their history in it; then it is
migrated to the new layout. Every row, every history entry and every public
page must come out as they went in, and an old version must still revert.
"""

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Version

from measures.models import Measure
from sources.models import Source

from .conftest import empty_tracker

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("measures", "0002_editors_group"),
    ("entities", "0002_initial"),
    ("sources", None),
]
PAGES = [
    "/",
    "/measures/uk-5g-ban-huawei/",
    "/companies/huawei/",
    "/governments/united-kingdom/",
    "/measures/export.csv",
    "/api/sources/",
]
TABLES = [
    "measures_measure",
    "measures_measure_sources",
    "measures_event_sources",
    "entities_company_sources",
    "reversion_version",
    "reversion_revision",
]


def moved_permissions():
    """The permissions on Source and Quote, whichever app they belong to (id, codename)."""
    from django.contrib.auth.models import Permission

    return sorted(
        Permission.objects.filter(content_type__model__in=["source", "quote"]).values_list(
            "pk", "codename"
        )
    )


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (table names are ours)
        return cursor.fetchone()[0]


def source_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response) if response.streaming else response.content


def snapshot(client):
    return {
        "pages": {path: page(client, path) for path in PAGES},
        "counts": {table: count(table) for table in TABLES},
        "versions": sorted(
            Version.objects.values_list("pk", "object_id", "serialized_data", "revision_id")
        ),
    }


def test_sources_move_keeps_rows_history_and_pages(client):
    # As after a real migrate: content types and permissions exist (an earlier
    # transactional test's flush may have left none).
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # The article's layer: rows the schema before the move can hold (the 2026 layer uses
    # milestone kinds that came later).
    empty_tracker()
    call_command("loaddata", "seed", verbosity=0)
    with reversion.create_revision():
        measure = Measure.objects.get(slug="uk-5g-ban-huawei")
        reversion.add_to_revision(measure)
        source = Source.objects.order_by("slug").first()
        reversion.add_to_revision(source)
    with reversion.create_revision():
        measure.summary += " Corrected by an editor."
        measure.save()
        source.title += " (corrected)"
        source.save()
    versions_of_source = Version.objects.get_for_object(source).count()
    assert versions_of_source == 2

    before_pages = {path: page(client, path) for path in PAGES}

    # Back to the layout of the migrations before the move.
    migrate(BEFORE_THE_MOVE)
    tables = connection.introspection.table_names()
    assert "measures_source" in tables and "sources_source" not in tables
    assert ContentType.objects.filter(app_label="measures", model="source").exists()
    labels = Version.objects.filter(content_type__model="source").values_list(
        "serialized_data", flat=True
    )
    assert all('"measures.source"' in data for data in labels)
    old = {table: count(table) for table in TABLES}
    old_permissions = moved_permissions()
    old_sources = source_rows("measures_source")
    old_quotes = source_rows("measures_quote")
    old_versions = sorted(Version.objects.values_list("pk", "object_id", "revision_id"))

    # And forward to today's.
    migrate(latest())
    after = snapshot(client)

    assert after["counts"] == old
    assert moved_permissions() == old_permissions
    assert source_rows("sources_source") == old_sources
    assert source_rows("sources_quote") == old_quotes
    assert sorted((pk, obj, rev) for pk, obj, _, rev in after["versions"]) == old_versions
    assert not ContentType.objects.filter(app_label="measures", model="source").exists()
    for path, content in before_pages.items():
        assert after["pages"][path] == content, path

    # The history still reads and still reverts.
    source = Source.objects.get(pk=source.pk)
    history = Version.objects.get_for_object(source).order_by("pk")
    assert history.count() == versions_of_source
    history.first().revision.revert()
    source.refresh_from_db()
    assert not source.title.endswith("(corrected)")
    html = client.get("/measures/uk-5g-ban-huawei/").content.decode()
    assert "Corrected by an editor." in html


@pytest.fixture(autouse=True)
def back_to_latest():
    """Whatever happens, leave the test database at the latest migrations."""
    yield
    migrate(latest())
    call_command("flush", verbosity=0, interactive=False)
