"""
``manage.py update_lists`` fetching every configured list over HTTP: the real slices
(../shared/data/real) served from a local server on 127.0.0.1 (never the internet), the
configured addresses pointed at it through ``settings.TRACKER_LISTS``.
"""

import functools
import http.server
import io
import shutil
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from measures.management.commands.update_lists import Command
from sources.models import ImportRun, ListEntry
from tests.importers.conftest import REAL_DATA

pytestmark = pytest.mark.django_db

OFAC_SDN = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
OFAC_CONS = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
# What each list's slice holds: rows read, entries kept, rows skipped (as in
# tests/test_import_lists.py, where the same files are read from disk).
EXPECTED = {
    "csl": (308, 307, 1),
    "ofac-sdn": (303, 303, 0),
    "ofac-cons": (165, 165, 0),
    "bis-dpl": (301, 301, 0),
    "canada-sema": (304, 304, 0),
    "fcc-covered": (16, 17, 0),
}


@pytest.fixture
def served(tmp_path):
    """The slices laid out as their publishers name them, served on 127.0.0.1."""
    if not (REAL_DATA / "us-csl" / "csl.csv").is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA}")
    root = tmp_path / "www"
    for folder, names in (("ofac-sdn", OFAC_SDN), ("ofac-cons", OFAC_CONS)):
        (root / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(REAL_DATA / folder / name, root / folder / name)
    shutil.copy(REAL_DATA / "us-csl" / "csl.csv", root / "consolidated.csv")
    shutil.copy(REAL_DATA / "bis-dpl" / "dpl.txt", root / "dpl.txt")
    shutil.copy(REAL_DATA / "canada-sema" / "sema-lmes.xml", root / "sema-lmes.xml")
    shutil.copy(REAL_DATA / "fcc-covered-list" / "table.csv", root / "covered-list.csv")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    yield {
        "csl": [f"{base}/consolidated.csv"],
        "ofac-sdn": [f"{base}/ofac-sdn/{name}" for name in OFAC_SDN],
        "ofac-cons": [f"{base}/ofac-cons/{name}" for name in OFAC_CONS],
        "bis-dpl": [f"{base}/dpl.txt"],
        "canada-sema": [f"{base}/sema-lmes.xml"],
        "fcc-covered": [f"{base}/covered-list.csv"],
    }
    server.shutdown()
    server.server_close()


def update_lists(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("update_lists", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_update_lists_fetches_and_imports_every_configured_list(served, settings):
    settings.TRACKER_LISTS = served
    out, err = update_lists()
    assert err == ""
    for key, urls in served.items():
        run = ImportRun.objects.get(list_key=key)
        rows, kept, skipped = EXPECTED[key]
        assert (run.rows_read, run.created, run.skipped, run.rejected) == (rows, kept, skipped, 0)
        assert run.location == " ".join(urls) and run.finished_at is not None
        assert ListEntry.objects.filter(list_key=key).count() == kept
        assert f"{key}: {' '.join(urls)}" in out
    # Entries as the files state them, downloaded:
    # the NS-CMIC row of Huawei keeps its OFAC number and its USCC.
    huawei = ListEntry.objects.get(list_key="ofac-cons", name="HUAWEI TECHNOLOGIES CO., LTD.")
    assert huawei.entry_id == "30947"
    assert ["uscc", "914403001922038216"] in huawei.identifiers

    # The next night, the same files: every list is the same file, nothing changes.
    update_lists()
    for key in served:
        again = ImportRun.objects.filter(list_key=key).order_by("-pk").first()
        assert again.same_file_as is not None
        assert again.created == 0 and again.unchanged == EXPECTED[key][1]


def test_a_failed_download_is_named_and_the_other_lists_still_import(served, settings):
    base = served["csl"][0].rsplit("/", 1)[0]
    settings.TRACKER_LISTS = {
        **served,
        "csl": [f"{base}/no-such-file.csv"],  # 404
        "bis-dpl": ["http://127.0.0.1:9/dpl.txt"],  # nothing listens on the discard port
    }
    with pytest.raises(CommandError) as raised:
        update_lists()
    message = str(raised.value)
    assert message.startswith("2 list(s) not imported: ")
    assert f"could not download {base}/no-such-file.csv: HTTP Error 404" in message
    assert "could not download http://127.0.0.1:9/dpl.txt" in message
    assert not ImportRun.objects.filter(list_key__in=["csl", "bis-dpl"]).exists()
    assert not ListEntry.objects.filter(list_key__in=["csl", "bis-dpl"]).exists()
    for key in ("ofac-sdn", "ofac-cons", "canada-sema", "fcc-covered"):
        assert ImportRun.objects.get(list_key=key).created == EXPECTED[key][1]


def test_from_the_command_line_a_failure_is_one_line_not_a_traceback(
    served, settings, capsys, monkeypatch
):
    # run_from_argv closes every connection when it ends: the test's own is kept open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    settings.TRACKER_LISTS = {"csl": [served["csl"][0] + ".missing"], "bis-dpl": served["bis-dpl"]}
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "update_lists"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "CommandError: 1 list(s) not imported: csl: could not download" in err
    assert "HTTP Error 404: File not found" in err
    assert ImportRun.objects.get(list_key="bis-dpl").created == EXPECTED["bis-dpl"][1]
