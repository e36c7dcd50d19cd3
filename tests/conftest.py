"""Shared fixtures: the seed data, a pinned "today", and Playwright on Debian's Chromium."""

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from measures.records import find_fixture, load_record

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# The seed's deadlines are judged against this day in tests, so "past" and
# "upcoming" do not drift with the calendar: 2024-06-28 is past, 2027-12-31 is not.
PINNED_TODAY = "2026-11-29"


@pytest.fixture(autouse=True)
def pinned_today(settings):
    settings.TRACKER_TODAY = PINNED_TODAY


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Versions name their model by content type, which Django caches per process; a
    transactional test's flush (live_server) recreates content types under new ids."""
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache outlives a test (locmem, per process): counters such as the login
    throttle's must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


SEED_COMMENT = "Seed data: the May 2022 article's record"
RECORD_COMMENT = "The record as of November 2026"
# One of the seed's records: if it is there, the whole seed is.
SEED_MARK = "canada-5g-ban-huawei-zte"


def load_seed():
    """The record as the site serves it: the article's facts (fixtures/seed.json) corrected
    and extended by fixtures/record-2026.json, each layer one revision (as `make serve`),
    the Chinese names of its companies, then the search table built from them."""
    load_record(find_fixture("seed"), SEED_COMMENT, initial=True)
    load_record(find_fixture("record-2026"), RECORD_COMMENT)
    call_command("loaddata", "aliases-chinese", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed once per test session; each test's transaction is rolled back over it."""
    with django_db_blocker.unblock():
        load_seed()


def empty_tracker():
    from entities.models import Authority, Company, Government, Group
    from measures.models import Event, Measure, MeasureType
    from sources.models import Source

    for model in (Measure, Event, Company, Authority, Government, Group, MeasureType, Source):
        model.objects.all().delete()


@pytest.fixture
def empty_db(db):
    """No tracker rows at all (the session's seed removed inside this test's transaction)."""
    empty_tracker()


@pytest.fixture
def seed(db):
    """The record as the site serves it, loaded once per session and again after a flush.

    A transactional test (``live_server``) empties the database when it ends,
    so the next test that asks for the seed finds it gone and loads it again.
    """
    from measures.models import Measure

    if not Measure.objects.filter(slug=SEED_MARK).exists():
        load_seed()


@pytest.fixture
def article_seed(db):
    """Only the first layer: what the May 2022 article said (fixtures/seed.json)."""
    empty_tracker()
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright must use Debian's Chromium: browser downloads are impossible here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", CHROMIUM),
        "args": CHROMIUM_ARGS,
    }
