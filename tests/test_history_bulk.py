"""
Bulk history (core.history.add_many_to_revision): the versions
``reversion.add_to_revision`` writes for each object, row for row, in a fixed
number of queries. It leans on django-reversion's private revision frame, so
each test here compares the two paths: if reversion changes, they fail.
"""

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version

from core import history
from core.history import add_many_to_revision
from entities.models import Company, Group
from tracker.factories import (
    AliasFactory,
    CompanyFactory,
    GroupFactory,
    IdentifierFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# N+1 guard: putting companies in a revision costs this many queries however
# many there are: their aliases, their identifiers (the follows), their sources
# and quotes (many-to-many fields), and the content types of Company, Alias
# and Identifier when the cache is cold.
BULK_QUERIES = 7


def company_with_rows(**fields):
    """A company with everything its version holds: aliases, identifiers, sources, quotes."""
    company = CompanyFactory(**fields)
    AliasFactory(company=company, name="Beta")
    AliasFactory(company=company, name="Alpha 华为")
    IdentifierFactory(company=company, note="Shenzhen Stock Exchange")
    company.sources.add(SourceFactory(), SourceFactory())
    company.quotes.add(QuoteFactory())
    return company


def fresh(companies):
    """The companies as new instances, with no prefetched rows: each path starts equal."""
    by_pk = Company.objects.in_bulk([company.pk for company in companies])
    return [by_pk[company.pk] for company in companies]


def saved_versions(add):
    """The versions one revision saves when ``add()`` runs inside it, in saved order."""
    with reversion.create_revision():
        add()
    revision = Revision.objects.latest("pk")
    return [
        (
            version.content_type_id,
            version.object_id,
            version.db,
            version.format,
            version.object_repr,
            version.serialized_data,
        )
        for version in Version.objects.filter(revision=revision).order_by("pk")
    ]


def one_by_one(objects):
    for obj in objects:
        reversion.add_to_revision(obj)


@pytest.fixture
def companies():
    return [company_with_rows(), company_with_rows(), CompanyFactory()]


def test_the_same_versions_as_adding_each(companies):
    expected = saved_versions(lambda: one_by_one(fresh(companies)))
    assert saved_versions(lambda: add_many_to_revision(fresh(companies))) == expected
    # Each company and each alias and identifier it follows, once.
    assert len(expected) == 3 + 2 * 2 + 2 * 1


def test_many_to_many_fields_are_saved_in_the_version(companies):
    saved_versions(lambda: add_many_to_revision(fresh(companies)))
    version = Version.objects.get_for_object(companies[0]).latest("pk")
    assert sorted(version.field_dict["sources"]) == sorted(
        source.pk for source in companies[0].sources.all()
    )
    assert version.field_dict["quotes"] == [companies[0].quotes.get().pk]
    assert version.object_repr == companies[0].short_name


def test_versions_already_in_the_revision(companies):
    """A company saved earlier in the revision is replaced where it stands, as it is
    now; an alias saved earlier stays as it was saved (a followed row replaces nothing)."""

    def add(bulk):
        first, *others = fresh(companies)
        alias = first.aliases.get(name="Alpha 华为")
        alias.save()
        alias.name = "Not saved"
        others[0].save()
        others[0].short_name = "Not saved either"
        if bulk:
            add_many_to_revision([*others, first])
        else:
            one_by_one([*others, first])

    expected = saved_versions(lambda: add(bulk=False))
    assert saved_versions(lambda: add(bulk=True)) == expected
    reprs = {version[4] for version in expected}
    assert "Not saved either" in reprs
    assert "Not saved" not in reprs


def test_a_later_save_in_the_same_revision_wins(companies):
    def add(bulk):
        objects = fresh(companies)
        (add_many_to_revision if bulk else one_by_one)(objects)
        objects[1].short_name = "Renamed"
        objects[1].save()

    expected = saved_versions(lambda: add(bulk=False))
    assert saved_versions(lambda: add(bulk=True)) == expected
    assert Version.objects.get_for_object(companies[1]).latest("pk").object_repr == "Renamed"


def test_followed_rows_and_repeated_objects_given_explicitly(companies):
    """An alias given on its own is a version of its own, and brings its company."""

    def objects():
        first, second, third = fresh(companies)
        return [first.aliases.first(), third, first, third, second.identifiers.get()]

    expected = saved_versions(lambda: one_by_one(objects()))
    assert saved_versions(lambda: add_many_to_revision(objects())) == expected


def test_the_objects_keep_no_fetched_rows(companies):
    """A company put in a revision still reads rows added afterwards."""
    company = fresh(companies)[0]
    with reversion.create_revision():
        add_many_to_revision([company])
        AliasFactory(company=company, name="Added later")
        company.sources.add(SourceFactory())
    assert "Added later" in [alias.name for alias in company.aliases.all()]
    assert company.sources.count() == 3 == len(company.sources.all())


@pytest.fixture
def groups_ignoring_duplicates():
    """Groups registered as reversion's ignore_duplicates asks (not as the app does)."""
    reversion.unregister(Group)
    reversion.register(Group, ignore_duplicates=True)
    yield
    history.register(Group)


def test_versions_the_bulk_path_cannot_write_are_left_to_reversion(groups_ignoring_duplicates):
    """ignore_duplicates compares each version with the last one saved: reversion does it."""
    group = GroupFactory()
    with reversion.create_revision():
        add_many_to_revision([group])
    with reversion.create_revision():
        add_many_to_revision([group])
    assert Version.objects.get_for_object(group).count() == 1


def test_outside_a_revision_nothing_happens(companies):
    versions = Version.objects.count()
    with CaptureQueriesContext(connection) as queries:
        add_many_to_revision(companies)
    assert len(queries) == 0
    assert Version.objects.count() == versions


def test_a_constant_number_of_queries():
    few = [company_with_rows() for _ in range(2)]
    many = [company_with_rows() for _ in range(20)]
    for companies in (few, many):
        objects = fresh(companies)
        with reversion.create_revision(), CaptureQueriesContext(connection) as queries:
            add_many_to_revision(objects)
        assert len(queries) <= BULK_QUERIES
