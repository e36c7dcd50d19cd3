"""
What an import makes of its entries beyond the list itself: the FCC Covered List's firms
become tracked companies (joining the record's where the name is theirs, with no country
where the list states none), on the real slices in ../shared/data/real.
"""

import io

import pytest
from django.core.management import call_command

from entities.models import Company
from measures.models import EntryMatch, Measure
from sources.models import ImportRun
from tests.importers.conftest import REAL_DATA

pytestmark = pytest.mark.django_db

FCC_TABLE = REAL_DATA / "fcc-covered-list" / "table.csv"


@pytest.fixture(autouse=True)
def _slices():
    if not FCC_TABLE.is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA}")


def run_import(*args, **options):
    out = io.StringIO()
    call_command("import_list", *map(str, args), stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def matched_slugs(list_key):
    return dict(
        EntryMatch.objects.filter(entry__list_key=list_key).values_list(
            "entry__name", "company__slug"
        )
    )


def test_fcc_entries_join_the_record_companies_and_the_others_become_companies(client):
    before = set(Company.objects.values_list("pk", flat=True))
    run, _ = run_import("fcc-covered", FCC_TABLE)

    matched = matched_slugs("fcc-covered")
    # The five firms the record tracks, joined by their names and aliases.
    assert matched["Huawei Technologies Company"] == "huawei"
    assert matched["ZTE Corporation"] == "zte"
    assert matched["Hangzhou Hikvision Digital Technology Company"] == "hikvision"
    assert matched["Dahua Technology Company"] == "dahua"
    assert matched["Hytera Communications Corporation"] == "hytera"
    # Huawei Investment & Holding is another issuer: no FCC entry joins it.
    assert "huawei-investment-holding" not in matched.values()

    # The rest are tracked by default: one new company each, none waits for review.
    new = Company.objects.exclude(pk__in=before)
    assert sorted(new.values_list("legal_name", flat=True)) == [
        "AO Kaspersky Lab",
        "China Mobile International USA Inc",
        "China Telecom (Americas) Corp",
        "China Unicom (Americas) Operations Limited",
        "ComNet (USA) LLC",
        "Digitalsystem Technology Inc",
        "Kaspersky Lab, Inc",
        "Pacific Networks Corp",
    ]
    assert run.companies_created == 8 and run.companies_matched == 5
    assert run.sent_to_review == 0
    # The list states no country, and none is guessed.
    assert not new.exclude(country__isnull=True).exists()
    # Never two firms in one: every company holds one FCC entry at most.
    per_company = [slug for slug in matched.values() if slug]
    assert len(per_company) == len(set(per_company)) == 13

    page = client.get(new.get(legal_name="AO Kaspersky Lab").get_absolute_url())
    assert page.status_code == 200
    assert "Country not stated" in page.content.decode()
    assert client.get("/companies/").status_code == 200

    # The 12 March 2021 additions enrich the two measures editors wrote for them, each
    # keeping its own targets, each with the list entry behind it.
    def targets(slug):
        measure = Measure.objects.get(slug=slug)
        return {
            target.company.slug: {listing.entry.name for listing in target.listings.all()}
            for target in measure.measure_targets.select_related("company")
        }

    assert targets("us-fcc-covered-list-huawei-zte-2021") == {
        "huawei": {"Huawei Technologies Company"},
        "zte": {"ZTE Corporation"},
    }
    assert targets("us-fcc-covered-list-surveillance-2021") == {
        "hytera": {"Hytera Communications Corporation"},
        "hikvision": {"Hangzhou Hikvision Digital Technology Company"},
        "dahua": {"Dahua Technology Company"},
    }
    # The firms new to the tracker make the later acts' measures, titled from the list.
    later = Measure.objects.get(measure_type__slug="fcc-covered-list", announced_on="2022-03-25")
    assert later.title == "US adds 3 companies to the FCC Covered List"
    assert set(later.targets.values_list("legal_name", flat=True)) == {
        "AO Kaspersky Lab",
        "China Mobile International USA Inc",
        "China Telecom (Americas) Corp",
    }

    # The same file again makes nothing new.
    again, _ = run_import("fcc-covered", FCC_TABLE, force=True)
    assert again.unchanged == run.created == 17 and again.companies_created == 0
    assert Company.objects.exclude(pk__in=before).count() == 8


def test_a_country_less_entry_of_another_list_still_waits_for_review():
    """Only the technology lists' entries are tracked without a country."""
    from measures.listings.resolve import Resolver

    class Entry:
        name = "Kaspersky Lab, Inc"
        aliases = ()
        identifiers = ()
        countries = ()

    resolver = Resolver()
    assert resolver.resolve(Entry()).status == "review"
    assert resolver.resolve(Entry(), without_country=True).status == "created"
