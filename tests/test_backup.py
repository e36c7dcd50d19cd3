"""
``manage.py backup`` / ``restore``: a fresh database gets the same rows with
the same primary keys, so the change history (django-reversion, which names
records by raw key and content type id) still points at the right records.

The data has gaps in its keys (deleted records) and history; after the
restore every public page, API object and change log is identical and a
revert still restores the right record. Two restores: into this test
database after emptying it (in-process), and into a brand-new SQLite file
migrated from nothing (in a separate process, as an operator would).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from reversion.models import Version

from entities.models import Company
from measures.models import Measure
from tests.conftest import load_seed
from tracker.factories import CompanyFactory, MeasureFactory

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/measures/",
    "/companies/",
    "/governments/",
    "/measures/export.csv",
    "/api/measures/",
    "/api/companies/",
    "/api/events/",
    "/api/milestones/",
]


def versioned_save(obj, comment):
    with reversion.create_revision():
        obj.save()
        reversion.set_comment(comment)


def make_history():
    """Seed data, records deleted in the middle (gaps in keys), and edits with history."""
    load_seed()
    call_command("createinitialrevisions", comment="Seed data", verbosity=0)
    doomed = [MeasureFactory(title=f"Doomed {n}") for n in range(3)]
    for measure in doomed:
        versioned_save(measure, "Added")
    keeper = MeasureFactory(title="Keeper", summary="First words.")
    versioned_save(keeper, "Added")
    keeper.summary = "Second words."
    versioned_save(keeper, "Changed the summary")
    for measure in doomed:
        measure.delete()
    CompanyFactory(short_name="Gone").delete()
    return keeper


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def snapshot(client, measures):
    urls = [*PAGES]
    for measure in measures:
        urls += [measure.get_absolute_url(), f"/api/measures/{measure.slug}/"]
    return {url: body(client.get(url)) for url in urls}


def history_of(model):
    content_type = ContentType.objects.get_for_model(model)
    return sorted(
        Version.objects.filter(content_type=content_type).values_list(
            "pk", "object_id", "revision_id", "serialized_data"
        )
    )


def first_version(measure):
    return Version.objects.get_for_object(measure).order_by("revision__date_created").first()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_keys_history_and_pages(client, tmp_path):
    keeper = make_history()
    measures = list(Measure.objects.order_by("pk"))
    keys = [measure.pk for measure in measures]
    assert keys != list(range(keys[0], keys[0] + len(keys))), "the data must have gaps"
    before = snapshot(client, measures)
    before_history = history_of(Measure)
    company_keys = sorted(Company.objects.values_list("pk", flat=True))
    content_types = sorted(ContentType.objects.values_list("pk", "app_label", "model"))

    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # a fresh, renumbering database
    assert not Measure.objects.exists()
    call_command("restore", str(path), interactive=False, verbosity=0)

    assert [m.pk for m in Measure.objects.order_by("pk")] == keys
    assert sorted(Company.objects.values_list("pk", flat=True)) == company_keys
    assert sorted(ContentType.objects.values_list("pk", "app_label", "model")) == content_types
    assert history_of(Measure) == before_history
    assert snapshot(client, measures) == before

    # The history still points at the right record: reverting brings back its first summary.
    first_version(Measure.objects.get(pk=keeper.pk)).revision.revert()
    assert Measure.objects.get(pk=keeper.pk).summary == "First words."

    # New rows never collide with restored keys (PostgreSQL sequences were moved on).
    assert MeasureFactory().pk > max(keys)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_brand_new_sqlite_database(client, tmp_path):
    keeper = make_history()
    measures = list(Measure.objects.order_by("pk"))
    before = {url: page.decode() for url, page in snapshot(client, measures).items()}
    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)

    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        DJANGO_SETTINGS_MODULE="tracker.settings.test",
        TRACKER_TODAY=os.environ.get("TRACKER_TODAY", "2026-11-29"),
    )
    restore = subprocess.run(
        [sys.executable, "manage.py", "restore", str(path), "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stderr
    urls = json.dumps(sorted(before))
    script = (
        "import json; from django.test import Client; from django.test.utils import "
        "setup_test_environment; setup_test_environment(); c = Client(); "
        "b = lambda r: b''.join(r.streaming_content) if r.streaming else r.content; "
        f"print(json.dumps({{u: b(c.get(u)).decode() for u in json.loads({urls!r})}}))"
    )
    pages = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pages.returncode == 0, pages.stderr
    after = json.loads(pages.stdout)
    for url in before:
        assert after[url] == before[url], url
    assert f"/measures/{keeper.slug}/" in after


def test_connection_is_the_one_under_test():
    # Documents which database the in-process test restored into.
    assert connection.vendor in {"sqlite", "postgresql"}
