"""
What an import makes of its entries beyond the list itself, on the real slices in
../shared/data/real: the FCC Covered List's firms become tracked companies (joining the
record's where the name is theirs, with no country where the list states none); OFAC's
own files and OpenSanctions make measures the way the CSL does; a large load sets the
search indexes aside and builds them again; a forced re-import knows unchanged rows by
their fingerprint without parsing them.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from entities.models import Company
from measures.models import EntryMatch, Measure, SearchName, SearchNameWord, TargetListing
from measures.search import index as search_index
from measures.search.engine import find
from sources.models import ImportRun, ListEntry
from tests.importers.conftest import REAL_DATA

pytestmark = pytest.mark.django_db

FCC_TABLE = REAL_DATA / "fcc-covered-list" / "table.csv"


@pytest.fixture(autouse=True)
def _slices(seed):
    # The record's companies and measures are what entries join and enrich: the seed is
    # asked for, so that a transactional test that emptied the database before this one
    # does not leave them missing.
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


# --- OFAC's own files and OpenSanctions make measures the way the CSL does -----------------

OFAC_CONS = REAL_DATA / "ofac-cons"
OFAC_SDN = REAL_DATA / "ofac-sdn"
NS_CMIC = "us-ns-cmic-investment-ban-2021"


def entries_behind(measure):
    return {
        target.company.slug: {
            (listing.entry.list_key, listing.entry.name) for listing in target.listings.all()
        }
        for target in measure.measure_targets.select_related("company").prefetch_related(
            "listings__entry"
        )
    }


def test_ofac_cons_cmic_rows_enrich_the_record_measure_and_make_one_per_later_act():
    record = Measure.objects.get(slug=NS_CMIC)
    title, summary = record.title, record.summary
    run, out = run_import("ofac-cons", OFAC_CONS)

    record.refresh_from_db()
    # Editorial text wins; the official rows stand behind the record's targets.
    assert (record.title, record.summary) == (title, summary)
    behind = entries_behind(record)
    assert ("ofac-cons", "HUAWEI TECHNOLOGIES CO., LTD.") in behind["huawei"]
    assert any(key == "ofac-cons" for key, _ in behind["hikvision"])

    # A later CMIC act (16 December 2021) is a measure of its own, titled from the list,
    # dated by it, with the program as its legal basis and the entries behind its targets.
    later = Measure.objects.get(measure_type__slug="investment-ban", announced_on="2021-12-16")
    assert later.title == "US adds 2 companies to the NS-CMIC list"
    assert later.legal_basis == "CMIC-EO13959"
    assert later.government.code == "US" and later.authority.abbreviation == "OFAC"
    assert "under the CMIC-EO13959 program, listed on 16 December 2021" in later.summary
    assert {name for names in entries_behind(later).values() for _, name in names} == {
        entry.name
        for entry in ListEntry.objects.filter(
            list_key="ofac-cons", listed_on="2021-12-16", match__company__isnull=False
        )
    }
    # Every measure the run made is dated by an entry's own listing date.
    for measure in Measure.objects.filter(listed_acts__created_measure=True):
        assert ListEntry.objects.filter(
            target_listings__target__measure=measure, listed_on=measure.announced_on
        ).exists()


def test_ofac_sdn_entries_without_a_listing_date_make_no_measure():
    run, out = run_import("ofac-sdn", OFAC_SDN)
    tracked = ListEntry.objects.filter(list_key="ofac-sdn", match__company__isnull=False)
    undated = tracked.filter(listed_on__isnull=True)
    assert undated.exists()
    # No measure is dated by the file: the undated entries are behind no target.
    assert not TargetListing.objects.filter(entry__in=undated).exists()
    assert "No measure: the list states no listing date" in out
    # The dated ones make measures grouped by program and date.
    dated = tracked.filter(listed_on__isnull=False)
    assert dated.exists()
    for entry in dated:
        measure = TargetListing.objects.get(entry=entry).target.measure
        assert measure.announced_on == entry.listed_on
        assert measure.legal_basis == "; ".join(entry.programs)


def test_an_opensanctions_entity_of_one_dataset_makes_that_government_measure(tmp_path):
    lines = (
        (REAL_DATA / "opensanctions" / "eu_fsf" / "entities.ftm.json")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    # An edited copy: the first entity (an organisation) given a Chinese address.
    first = json.loads(lines[0])
    first["properties"]["country"] = ["cn"]
    edited = tmp_path / "entities.ftm.json"
    edited.write_text("\n".join([json.dumps(first), *lines[1:]]), encoding="utf-8")
    run, out = run_import("opensanctions", edited)

    entry = ListEntry.objects.get(entry_id=first["id"])
    measure = TargetListing.objects.get(entry=entry).target.measure
    assert measure.government.code == "EU" and measure.government.kind == "supranational"
    assert str(measure.announced_on) == first["properties"]["createdAt"][0]
    assert measure.title.startswith("European Union adds ")
    assert measure.title.endswith(" to the EU financial sanctions list")


def test_an_opensanctions_entity_on_several_datasets_makes_no_measure(tmp_path):
    line = (
        (REAL_DATA / "opensanctions" / "delta" / "entities.delta.json")
        .read_text(encoding="utf-8")
        .splitlines()[0]
    )
    change = json.loads(line)
    entity = change["entity"]
    assert len(entity["datasets"]) > 1
    entity["schema"] = "Organization"
    entity["properties"]["country"] = ["cn"]
    edited = tmp_path / "entities.delta.json"
    edited.write_text(json.dumps(change) + "\n", encoding="utf-8")
    run, out = run_import("opensanctions", edited)

    entry = ListEntry.objects.get(entry_id=entity["id"])
    assert entry.match.company is not None
    assert not TargetListing.objects.filter(entry=entry).exists()
    assert "several OpenSanctions datasets" in out


# --- a large load: the search table's name indexes built once, after it ------------------


def search_indexes(model=SearchName):
    """The indexes of the search table (or of another), by name (as the database lists them)."""
    with connection.cursor() as cursor:
        table = model._meta.db_table
        return {
            index
            for index, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def indexes_on(model, columns):
    """The names of ``model``'s plain indexes on exactly these columns."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and info["columns"] == columns
    }


def test_a_large_import_rebuilds_the_search_indexes_it_set_aside(monkeypatch):
    before = search_indexes()
    assert {"search_name_key"} <= before
    words_before = search_indexes(SearchNameWord)
    assert {"search_name_word_word"} <= words_before
    # The CSL slice counts as large here, so its search rows are written without them.
    monkeypatch.setattr(search_index, "DEFER_INDEXES_FROM", 1)
    during = {}
    write = search_index._reindex_entries

    def looking(*args, **kwargs):
        during.setdefault("names", search_indexes())
        during.setdefault("words", search_indexes(SearchNameWord))
        return write(*args, **kwargs)

    monkeypatch.setattr(search_index, "_reindex_entries", looking)
    run, _ = run_import("csl", REAL_DATA / "us-csl" / "csl.csv")
    assert run.created == 307
    if connection.vendor == "sqlite":
        assert "search_name_key" not in during["names"]
        assert "search_name_word_word" not in during["words"]
        # Every entry is new: the names' indexes by entry and by company are set aside too.
        by_owner = indexes_on(SearchName, ["entry_id"]) | indexes_on(SearchName, ["company_id"])
        assert len(by_owner) == 2 and not by_owner & during["names"]
    else:  # dropping an index would lock the table: nothing is set aside
        assert during == {"names": before, "words": words_before}
    assert search_indexes() == before
    assert search_indexes(SearchNameWord) == words_before
    # The rows are there and found through the rebuilt indexes.
    entry = ListEntry.objects.get(list_key="csl", name__icontains="Dahua Electronics")
    assert SearchName.objects.filter(entry=entry).count() >= 2
    hits, _ = find(entry.name)
    assert any(hit.entry is not None and hit.entry.pk == entry.pk for hit in hits)


# --- the same rows again: recognised by their fingerprint, without being parsed ------------


def test_a_forced_reimport_recognises_unchanged_rows_and_reads_only_the_changed_one(
    tmp_path, monkeypatch
):
    from sources.importers.formats import csl as csl_format

    parsed = []
    record = csl_format._record

    def counting(row, *args, **kwargs):
        parsed.append(row[0])
        return record(row, *args, **kwargs)

    monkeypatch.setattr(csl_format, "_record", counting)
    csl = REAL_DATA / "us-csl" / "csl.csv"
    first, _ = run_import("csl", csl)
    assert len(parsed) == first.created
    assert not ListEntry.objects.filter(list_key="csl", row_hash="").exists()

    parsed.clear()
    again, _ = run_import("csl", csl, force=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert again.same_file_as is None  # read, not the sha256 short-cut
    assert parsed == []  # every row known by its fingerprint: none parsed again

    # One row edited: only it is read again and updated; its fingerprint follows it.
    text = csl.read_text(encoding="utf-8")
    entry = ListEntry.objects.get(list_key="csl", name__icontains="Dahua Electronics")
    edited = tmp_path / "consolidated.csv"
    edited.write_text(text.replace(entry.name, entry.name + " (edited)", 1), encoding="utf-8")
    old_hash = entry.row_hash
    parsed.clear()
    changed, _ = run_import("csl", edited, force=True)
    assert (changed.updated, changed.unchanged) == (1, first.created - 1)
    assert parsed == [entry.entry_id]
    entry.refresh_from_db()
    assert entry.name.endswith("(edited)") and entry.row_hash != old_hash


def test_entries_read_before_fingerprints_get_theirs_on_the_next_run():
    csl = REAL_DATA / "us-csl" / "csl.csv"
    first, _ = run_import("csl", csl)
    ListEntry.objects.filter(list_key="csl").update(row_hash="")
    again, _ = run_import("csl", csl, force=True)
    # Same content: unchanged, nothing rewritten but the fingerprint.
    assert (again.updated, again.unchanged) == (0, first.created)
    assert not ListEntry.objects.filter(list_key="csl", row_hash="").exists()


def test_a_company_tied_to_china_by_a_branch_is_based_where_the_list_says_first():
    run_import("ofac-sdn", OFAC_SDN)
    entries = ListEntry.objects.filter(list_key="ofac-sdn", name__icontains="sberbank")
    tied = [entry for entry in entries if "CN" in entry.countries and entry.countries[0] != "CN"]
    assert tied, "the slice holds a Sberbank entry with a Chinese branch"
    for entry in tied:
        company = EntryMatch.objects.get(entry=entry).company
        if company is not None:
            assert company.country is None or company.country.code == entry.countries[0]


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("csl", "us-csl/csl.csv"),
        ("ofac-sdn", "ofac-sdn"),
        ("fcc-covered", "fcc-covered-list/table.csv"),
        ("bis-dpl", "bis-dpl/dpl.txt"),
        ("canada-sema", "canada-sema/sema-lmes.xml"),
        ("opensanctions", "opensanctions/eu_fsf/entities.ftm.json"),
    ],
)
def test_the_scope_judged_as_entries_are_written_is_the_one_read_back(key, path):
    from measures.listings import rules
    from measures.listings.importer import import_list
    from measures.listings.link import ScopeFacts

    report = import_list(key, [str(REAL_DATA / path)])
    stored = ListEntry.objects.filter(first_run=report.run).values_list(*ScopeFacts._fields)
    read_back = {row[0] for row in stored if rules.in_scope(ScopeFacts(*row))}
    assert report.new_in_scope == read_back
    assert read_back or key in {"canada-sema", "opensanctions"}  # no Chinese firm in those
    assert report.run.created == len(stored)
    # Every one of them was linked: matched, created or sent to review.
    assert set(EntryMatch.objects.filter(entry__in=read_back).values_list("entry", flat=True)) == (
        read_back
    )
