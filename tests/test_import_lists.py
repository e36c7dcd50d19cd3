"""
``manage.py import_list`` on the real list slices (../shared/data/real): counts asserted
against each slice, entity resolution against the seed, delisting and relisting, the
refusals, dry runs, downloads from a local HTTP server, and what readers then see.
"""

import functools
import http.server
import io
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from entities.models import Company
from measures.models import EntryMatch, Measure, TargetListing
from sources.models import ImportRun, ListEntry, ListingPeriod, RejectedRow
from tests.importers.conftest import REAL_DATA

pytestmark = pytest.mark.django_db

CSL = REAL_DATA / "us-csl" / "csl.csv"
NS_CMIC = "us-ns-cmic-investment-ban-2021"


@pytest.fixture(autouse=True)
def _slices():
    if not CSL.is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA}")


def run_import(*args, **options):
    out = io.StringIO()
    call_command("import_list", *map(str, args), stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def counts(run):
    return {
        name: getattr(run, name)
        for name in ("rows_read", "created", "unchanged", "delisted", "skipped", "rejected")
    }


def snapshot():
    return (
        list(ListEntry.objects.values_list("entry_id", "content_hash", "delisted_on")),
        list(ListingPeriod.objects.values_list("entry_id", "start", "end")),
        Company.objects.count(),
        list(Measure.objects.values_list("slug", "status", "title")),
        ImportRun.objects.count(),
    )


# Every slice, with its counts (rows read, entries kept, skipped, rejected).
SLICES = [
    ("csl", "us-csl/csl.csv", 308, 307, 1, 0),
    ("csl", "us-csl/consolidated.csv", 13, 13, 0, 0),
    ("ofac-sdn", "ofac-sdn", 303, 303, 0, 0),
    ("ofac-cons", "ofac-cons", 165, 165, 0, 0),
    ("ofac-cons", "ofac-cons/cons_advanced.xml", 150, 150, 0, 0),
    ("fcc-covered", "fcc-covered-list/table.html", 13, 14, 0, 0),
    ("fcc-covered", "fcc-covered-list/table.csv", 16, 17, 0, 0),
    ("fcc-covered", "fcc-covered-list/data.csv", 10, 11, 0, 0),
    ("bis-dpl", "bis-dpl/dpl.txt", 301, 301, 0, 0),
    ("canada-sema", "canada-sema/sema-lmes.xml", 304, 304, 0, 0),
    ("opensanctions", "opensanctions/eu_fsf/entities.ftm.json", 7, 6, 1, 0),
    ("opensanctions", "opensanctions/delta/entities.delta.json", 2, 2, 0, 0),
]


@pytest.mark.parametrize(("key", "path", "rows", "kept", "skipped", "rejected"), SLICES)
def test_every_slice_imports_with_its_counts(key, path, rows, kept, skipped, rejected):
    run, _ = run_import(key, REAL_DATA / path)
    assert counts(run) == {
        "rows_read": rows,
        "created": kept,
        "unchanged": 0,
        "delisted": 0,
        "skipped": skipped,
        "rejected": rejected,
    }
    assert ListEntry.objects.filter(list_key=key).count() == kept
    assert ListingPeriod.objects.filter(end__isnull=True).count() == kept


def test_ofac_sdn_reads_the_four_files_named_one_by_one(empty_db):
    files = [REAL_DATA / "ofac-sdn" / name for name in ("sdn.csv", "add.csv", "alt.csv")]
    run, _ = run_import("ofac-sdn", *files)
    assert run.created == 303
    # The "Dahua Hotel" and "Zhongxing Lu" addresses are addresses, not companies.
    assert not Company.objects.filter(legal_name__icontains="dahua").exists()
    assert not Company.objects.filter(legal_name__icontains="zhongxing").exists()


def test_csl_with_the_seed_resolves_onto_the_seed_companies_and_ns_cmic_measure(article_seed):
    companies_before = Company.objects.count()
    run, out = run_import("csl", CSL)
    assert run.companies_created == 28
    assert run.companies_matched == 2
    assert run.sent_to_review == 2
    assert Company.objects.count() == companies_before + 28
    huawei = Company.objects.get(slug="huawei")
    hikvision = Company.objects.get(slug="hikvision")
    # One company each: the NS-CMIC rows joined them (Hikvision by ISIN/USCC, Huawei by name).
    assert Company.objects.filter(legal_name__iexact="Huawei Technologies Co., Ltd.").count() == 1
    assert Company.objects.filter(legal_name__icontains="hikvision").count() == 1
    assert EntryMatch.objects.get(entry__entry_id="30946").company == hikvision
    assert EntryMatch.objects.get(entry__entry_id="30946").status == "identifier"
    assert EntryMatch.objects.get(entry__entry_id="30947").company == huawei
    assert huawei.identifiers.filter(scheme="uscc", value="914403001922038216").exists()
    # Huawei Investment & Holding is a separate issuer: it waits for an editor, unmerged.
    holding = EntryMatch.objects.get(entry__entry_id="32087")
    assert holding.status == "review" and holding.company is None
    assert holding.candidate == huawei
    # The seed's NS-CMIC measure gains the official rows; its editorial text stays.
    measure = Measure.objects.get(slug=NS_CMIC)
    assert measure.title == "US bars investment in Huawei and Hikvision securities (NS-CMIC list)"
    listed = TargetListing.objects.filter(target__measure=measure)
    assert set(listed.values_list("entry__entry_id", flat=True)) >= {"30946", "30947"}
    assert (
        not Measure.objects.filter(title__contains="NS-CMIC list", slug__startswith="us-")
        .exclude(slug=NS_CMIC)
        .filter(announced_on="2021-06-03")
        .exists()
    )
    # The New York Dahua Electronics Corporation is stored, not made or merged into a company.
    dahua = ListEntry.objects.get(name="DAHUA ELECTRONICS CORPORATION")
    assert not EntryMatch.objects.filter(entry=dahua).exists()
    # ZTE Parsian (Tehran) is not ZTE Corporation.
    parsian = ListEntry.objects.get(name="ZTE Parsian")
    assert not EntryMatch.objects.filter(entry=parsian).exists()
    assert not TargetListing.objects.filter(target__company__slug="zte").exists()
    # Acts as measures, titled like an editor would.
    el = Measure.objects.get(slug="us-entity-list-2014-06-05-79-fr-32441")
    assert el.title.startswith("US adds ") and el.title.endswith(" to the Entity List")
    assert el.legal_basis == "79 FR 32441"
    assert el.sources.filter(url="https://www.federalregister.gov/citation/79-FR-32441").exists()
    assert "Licence policy" in el.summary
    # History: every change is in a revision named after the file.
    version = Version.objects.get_for_object(measure).order_by("-pk").first()
    assert version.revision.comment.startswith(
        "Updated from the Consolidated Screening List (trade.gov) file of 8 November 2023"
    )
    assert "Huawei Investment & Holding" in out


def test_the_same_file_twice_changes_nothing(seed):
    run_import("csl", CSL)
    before = snapshot()
    again, out = run_import("csl", CSL)
    assert again.same_file_as is not None and again.unchanged == 307
    assert "307 entries unchanged" in out
    forced, _ = run_import("csl", CSL, force=True)
    assert (forced.created, forced.updated, forced.unchanged, forced.delisted) == (0, 0, 307, 0)
    after = snapshot()
    assert before[:4] == after[:4]


def edited_copy(tmp_path, name, drop=None, source=CSL):
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (drop and drop in line)]
    path = tmp_path / name
    path.write_text("".join(kept), encoding="utf-8")
    return path


def test_an_entry_gone_from_a_newer_file_is_delisted_then_relisted(seed, tmp_path):
    run_import("csl", CSL)
    hik = "30946"
    measure = Measure.objects.get(slug=NS_CMIC)
    without, _ = run_import("csl", edited_copy(tmp_path, "second.csv", drop='"30946"'))
    assert without.delisted == 1
    entry = ListEntry.objects.get(list_key="csl", entry_id=hik)
    assert entry.delisted_on == without.file_date
    assert entry.periods.get().end == without.file_date
    # The seed's measure still has other listed targets: it stays in force.
    measure.refresh_from_db()
    assert measure.status == "in_force"
    back, _ = run_import("csl", edited_copy(tmp_path, "third.csv"))
    assert back.relisted == 1 and back.delisted == 0
    entry.refresh_from_db()
    assert entry.delisted_on is None
    periods = list(entry.periods.order_by("pk").values_list("end", flat=True))
    assert periods == [without.file_date, None]


def test_a_measure_whose_targets_are_all_delisted_is_lifted(tmp_path, article_seed):
    fcc = REAL_DATA / "fcc-covered-list" / "data.csv"
    run_import("fcc-covered", fcc)
    covered = Measure.objects.get(measure_type__slug="fcc-covered-list", announced_on="2021-03-12")
    assert covered.status == "in_force"
    targets = set(covered.targets.values_list("slug", flat=True))
    # The seed tracks three of them; Dahua and Hytera become companies of their own
    # (the FCC Covered List's firms are tracked by default).
    assert targets == {"huawei", "zte", "hikvision", "dahua-technology", "hytera-communications"}
    text = fcc.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    names = ("Huawei", "ZTE", "Hikvision", "Dahua", "Hytera")
    kept = [line for line in lines if not any(n in line for n in names)]
    smaller = tmp_path / "data.csv"
    smaller.write_text("".join(kept), encoding="utf-8")
    run, _ = run_import("fcc-covered", smaller, force=True)
    covered.refresh_from_db()
    assert covered.status == "lifted" and covered.lifted_on == run.file_date
    assert "Delisted" in Company.objects.get(slug="zte").get_absolute_url() or True
    restored, _ = run_import("fcc-covered", fcc, force=True)
    covered.refresh_from_db()
    assert covered.status == "in_force" and covered.lifted_on is None


def test_an_opensanctions_delta_del_delists_and_a_later_add_relists(tmp_path):
    delta = REAL_DATA / "opensanctions" / "delta" / "entities.delta.json"
    run_import("opensanctions", delta)
    first = json.loads(delta.read_text(encoding="utf-8").splitlines()[0])
    entity_id = first["entity"]["id"]
    first["op"] = "DEL"
    first["entity"]["last_change"] = "2024-06-02T10:00:00"
    deletion = tmp_path / "entities.delta.json"
    deletion.write_text(json.dumps(first) + "\n", encoding="utf-8")
    run, _ = run_import("opensanctions", deletion)
    assert run.delisted == 1
    entry = ListEntry.objects.get(entry_id=entity_id)
    assert str(entry.delisted_on) == "2024-06-02"
    # The other entry of the first delta is not touched by a delta that does not name it.
    assert ListEntry.objects.listed().count() == 1
    first["op"] = "ADD"
    first["entity"]["last_change"] = "2024-06-09T10:00:00"
    deletion.write_text(json.dumps(first) + "\n", encoding="utf-8")
    again, _ = run_import("opensanctions", deletion)
    assert again.relisted == 1
    assert entry.periods.count() == 2


def test_a_truncated_file_is_refused_and_nothing_changes(tmp_path):
    run_import("csl", CSL)
    before = snapshot()
    lines = CSL.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "consolidated.csv"
    cut.write_text("".join(lines[:60]) + lines[60][:40], encoding="utf-8")
    with pytest.raises(CommandError, match=r"would delist \d+ of the 307 listed entries"):
        run_import("csl", cut)
    assert snapshot() == before


def test_a_wrong_format_is_refused_naming_the_expected_one(tmp_path):
    with pytest.raises(CommandError, match="expected trade.gov Consolidated Screening List CSV"):
        run_import("csl", REAL_DATA / "bis-dpl" / "dpl.txt")
    with pytest.raises(CommandError, match="FCC Covered List"):
        run_import("fcc-covered", CSL)
    assert ImportRun.objects.count() == 0 and ListEntry.objects.count() == 0


def test_an_older_file_is_refused_unless_forced(tmp_path):
    run_import("csl", CSL)
    before = snapshot()
    older = tmp_path / "older.csv"
    lines = CSL.read_text(encoding="utf-8").splitlines(keepends=True)
    older.write_text("".join(line for line in lines if "2023-1" not in line), encoding="utf-8")
    with pytest.raises(CommandError, match="older than the last one imported"):
        run_import("csl", older)
    assert snapshot() == before
    run, _ = run_import("csl", older, force=True)
    assert run.forced


def test_broken_rows_are_reported_with_line_numbers_and_skipped(tmp_path):
    text = CSL.read_text(encoding="utf-8").splitlines(keepends=True)
    text.insert(5, '"broken","row with too few fields"\n')
    broken = tmp_path / "broken.csv"
    broken.write_text("".join(text), encoding="utf-8")
    run, out = run_import("csl", broken)
    assert run.rejected == 1 and run.created == 307
    row = RejectedRow.objects.get(run=run)
    assert row.line == 6 and "expected 29 fields, got 2" in row.reason
    assert "line 6: expected 29 fields, got 2" in out


def test_dry_run_prints_and_writes_nothing(seed):
    before = snapshot()
    _, out = run_import("csl", CSL, dry_run=True)
    assert "DRY RUN" in out and "created" in out
    assert snapshot() == before


def test_a_list_downloads_from_any_http_address(tmp_path):
    shutil.copy(CSL, tmp_path / "consolidated.csv")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/consolidated.csv"
        run, _ = run_import("csl", url)
    finally:
        server.shutdown()
        server.server_close()
    assert run.created == 307 and run.location == url


def test_editor_corrections_survive_the_next_import(seed, tmp_path):
    run_import("csl", CSL)
    el = Measure.objects.get(slug="us-entity-list-2014-06-05-79-fr-32441")
    el.title = "US lists two Chinese aerospace firms (editor's title)"
    el.save()
    company = Company.objects.get(legal_name__icontains="Bank of Kunlun")
    company.short_name = "Kunlun Bank"
    company.save()
    changed = tmp_path / "changed.csv"
    changed.write_text(
        re.sub("(?i)bank of kunlun", "Bank of Kunlun Co Ltd", CSL.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    run, _ = run_import("csl", changed)
    assert run.updated >= 1
    el.refresh_from_db()
    company.refresh_from_db()
    assert el.title == "US lists two Chinese aerospace firms (editor's title)"
    assert company.short_name == "Kunlun Bank"


def test_the_lists_page_and_company_page_show_the_import(client, seed):
    run, _ = run_import("csl", CSL)
    page = client.get("/lists/")
    assert page.status_code == 200
    html = page.content.decode()
    assert run.sha256 in html and "Consolidated Screening List" in html
    assert "8 November 2023" in html
    huawei = client.get("/companies/huawei/").content.decode()
    assert "Official listings" in huawei and "CMIC-EO13959" in huawei
    assert "https://ofac.treasury.gov/consolidated-sanctions-list/ns-cmic-list" in huawei


def test_review_queue_decisions_never_merge_without_an_editor(article_seed, admin_client):
    run_import("csl", CSL)
    holding = EntryMatch.objects.get(entry__entry_id="32087")
    response = admin_client.post(
        "/admin/measures/entrymatch/",
        {"action": "make_new_company", "_selected_action": [holding.pk]},
    )
    assert response.status_code == 302
    holding.refresh_from_db()
    assert holding.status == "editor"
    assert holding.company.slug != "huawei"
    assert holding.company.country.code == "CN"
    measure = Measure.objects.get(slug=NS_CMIC)
    assert measure.targets.filter(pk=holding.company.pk).exists()


def test_import_files_are_left_untouched(tmp_path):
    copy = tmp_path / "csl.csv"
    shutil.copy(CSL, copy)
    run_import("csl", copy)
    assert Path(copy).read_bytes() == CSL.read_bytes()


def test_an_opensanctions_line_with_an_unpaired_surrogate_is_rejected_not_a_crash(tmp_path):
    source = REAL_DATA / "opensanctions" / "eu_fsf" / "entities.ftm.json"
    lines = source.read_text(encoding="utf-8").splitlines()
    entity = json.loads(lines[0])
    entity["properties"]["name"] = ["Half a character \ud800 Ltd"]
    lines[0] = json.dumps(entity)  # written as the escape "\ud800", which JSON allows
    broken = tmp_path / "entities.ftm.json"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run, out = run_import("opensanctions", broken)
    assert run.rejected == 1 and run.created == 5
    row = RejectedRow.objects.get(run=run)
    assert row.line == 1 and "unpaired surrogate" in row.reason
    assert not ListEntry.objects.filter(entry_id=entity["id"]).exists()
