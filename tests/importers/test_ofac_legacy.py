"""OFAC legacy CSV sets (SDN and consolidated): joins, placeholders and file-level traps."""

import csv
import datetime as dt
import shutil

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, ofac_legacy
from tests.importers.conftest import by_id


@pytest.fixture(scope="module")
def sdn(real_data):
    result = ofac_legacy.parse_sdn(real_data / "ofac-sdn")
    return result, result.read_all()


@pytest.fixture(scope="module")
def cons(real_data):
    result = FORMATS["ofac-cons"].parse(real_data / "ofac-cons")
    return result, result.read_all()


def test_file_level_traps_are_present_in_the_slice(real_data):
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        data = (real_data / "ofac-sdn" / name).read_bytes()
        assert data.endswith(b"\r\n\x1a"), name  # CRLF, then a lone Ctrl-Z, no newline
        assert b"-0- " in data or name == "sdn_comments.csv"


def test_sdn_counts(sdn):
    result, records = sdn
    assert len(records) == 303
    assert result.stats == {"rows": 303, "records": 303, "rejected": 0, "skipped": 0}
    assert result.rejected == [] and result.warnings == []
    kinds = {
        k: sum(r.kind == k for r in records) for k in ("individual", "entity", "vessel", "aircraft")
    }
    assert kinds == {"individual": 131, "entity": 132, "vessel": 26, "aircraft": 14}
    assert sum(len(r.programs) > 1 for r in records) == 44
    assert all(r.source_list == "SDN" for r in records)
    # Ctrl-Z is not a record and no text keeps it.
    assert not any("\x1a" in r.name or "\x1a" in r.remarks for r in records)
    assert records[0].line == 1 and records[-1].line == 303  # no header row


def test_placeholders_and_joins(sdn):
    _, records = sdn
    ids = by_id(records)
    deep_sea = ids["15044"]
    assert deep_sea.kind == "vessel"
    assert deep_sea.title == ""  # "-0- " means empty
    assert ("imo", "9218492") in deep_sea.identifiers
    assert ("mmsi", "256862000") in deep_sea.identifiers
    assert ("call_sign", "9HEE9") in deep_sea.identifiers
    assert deep_sea.parent_name == "NATIONAL IRANIAN TANKER COMPANY"
    assert deep_sea.raw["Tonnage"] == "296,803"
    gang_quan = ids["22245"]
    assert gang_quan.programs == ("NPWMD", "IFSR")  # "NPWMD] [IFSR"
    assert gang_quan.kind == "entity"  # SDN_Type "-0- "
    assert gang_quan.addresses == (
        "Room 201, Building 1, Dahua Hotel, No. 1568 Hutai Road, Shanghai, China",
    )
    assert gang_quan.countries == ("CN",)
    fadlallah = ids["2679"]
    assert fadlallah.birth_dates == ("1938", "1936")
    assert fadlallah.title == "Leading Ideological Figure of HIZBALLAH"
    assert "AHMED, Ahmed Khalfan" in ids["6925"].aliases


def test_aliases_and_addresses_join_every_side_row(sdn, real_data):
    _, records = sdn
    with open(real_data / "ofac-sdn" / "alt.csv", newline="") as f:
        alt_rows = [r for r in csv.reader(f) if len(r) == 5]
    with open(real_data / "ofac-sdn" / "add.csv", newline="") as f:
        add_rows = [r for r in csv.reader(f) if len(r) == 6]
    assert (len(alt_rows), len(add_rows)) == (339, 404)
    alt_names = {(r[0], r[3]) for r in alt_rows}
    joined = {(rec.entry_id, a) for rec in records for a in rec.aliases}
    assert alt_names <= joined


def test_remarks_overflow_is_appended(sdn):
    _, records = sdn
    sber = by_id(records)["17018"]
    assert "remarks_overflow" in sber.raw
    assert sber.raw["remarks_overflow"].startswith("ive 2): 24 Feb 2022")
    assert sber.remarks.endswith("a.k.a. 'SBERBANK MUMBAI'.")
    # aliases that only exist in the overflow text are picked up too
    assert "SBERBANK MUMBAI" in sber.aliases
    assert sber.start_date == dt.date(2022, 2, 24)


def test_cons_set_huawei_and_hikvision(cons):
    result, records = cons
    assert len(records) == 165 and result.rejected == []
    ids = by_id(records)
    huawei = ids["30947"]
    assert huawei.source_list == "CMIC"
    assert ("uscc", "914403001922038216") in huawei.identifiers
    assert huawei.addresses == (
        "Huawei Headquarter Office Building, Bantian, Longgang District, "
        "Guangdong, Shenzhen 518129, China",
    )
    assert huawei.countries == ("CN",)
    assert huawei.start_date == dt.date(2021, 6, 3)  # "Listing Date (CMIC) 03 Jun 2021"
    hik = ids["30946"]
    assert "HIKVISION" in hik.aliases
    assert ("isin", "CNE100000PM8") in hik.identifiers
    assert ("ticker", "002415 CN") in hik.identifiers
    glory = ids["32089"]
    assert glory.parent_name.startswith("HUAWEI INVESTMENT & HOLDING CO., LTD")
    assert sum(s == "isin" for s, _ in glory.identifiers) == 6


def test_files_may_be_given_as_a_list(tmp_path, real_data):
    for name in ("cons_prim.csv", "cons_alt.csv"):
        shutil.copy(real_data / "ofac-cons" / name, tmp_path / name)
    result = ofac_legacy.parse_cons([tmp_path / "cons_prim.csv", tmp_path / "cons_alt.csv"])
    hik = by_id(result.read_all())["30946"]
    assert "HIKVISION" in hik.aliases and hik.addresses == ()


def test_bad_rows_are_rejected_with_lines(tmp_path, real_data):
    lines = (real_data / "ofac-sdn" / "sdn.csv").read_bytes().split(b"\r\n")
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"\r\n".join([lines[0], b'abc,"NOT A ROW"', lines[1], b"\x1a"]))
    result = ofac_legacy.parse_sdn(path)
    assert len(result.read_all()) == 2
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, "sdn.csv: expected 12 fields starting with ent_num")
    ]


def test_wrong_format_refused(real_data, tmp_path):
    with pytest.raises(WrongFormat, match="OFAC legacy CSV"):
        ofac_legacy.parse_sdn(real_data / "us-csl" / "csl.csv")
    with pytest.raises(WrongFormat, match="sdn.csv"):
        ofac_legacy.parse_sdn(real_data / "ofac-cons")  # the wrong set
    with pytest.raises(WrongFormat, match="OFAC legacy CSV"):
        FORMATS["ofac-cons"].parse(real_data / "bis-dpl" / "dpl.txt")
