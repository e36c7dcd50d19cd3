"""CSL CSV: both URL generations and every trap the README lists for them."""

import csv
import dataclasses
import datetime as dt

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, csl
from tests.importers.conftest import by_id


@pytest.fixture(scope="module")
def parsed(real_data):
    result = csl.parse(real_data / "us-csl" / "csl.csv")
    return result, result.read_all()


def test_counts_match_the_slice(parsed, real_data):
    result, records = parsed
    with open(real_data / "us-csl" / "csl.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    data_rows = [r for r in rows[1:] if r[0] != "_id"]
    assert len(data_rows) == 307
    assert len(records) == 307
    assert result.stats == {"rows": 308, "records": 307, "rejected": 0, "skipped": 1}
    assert result.rejected == []
    assert result.encoding == "utf-8"


def test_doubled_header_is_skipped_not_a_record(parsed):
    _, records = parsed
    assert "_id" not in {r.entry_id for r in records}
    assert records[0].line == 3  # lines 1 and 2 are both the header


def test_sources_become_short_codes(parsed):
    _, records = parsed
    counts = {}
    for r in records:
        counts[r.source_list] = counts.get(r.source_list, 0) + 1
    assert counts == {
        "SDN": 114, "EL": 65, "DPL": 41, "SSI": 20, "UVL": 13, "CMIC": 11, "ISN": 10,
        "DTC": 10, "MEU": 9, "NS-MBS": 6, "PLC": 6, "FSE": 1, "CAP": 1,
    }  # fmt: skip


def test_newlines_inside_quoted_fields(parsed):
    _, records = parsed
    flying = [r for r in records if r.name.startswith("Government Flying Service")]
    assert len(flying) == 1
    assert flying[0].name == "Government Flying Service"  # trailing "\n\n" stripped
    multiline = [r for r in records if any("Zhongchun Road" in a for a in r.addresses)]
    assert multiline[0].addresses[0] == (
        "Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai, China, CN"
    )
    # The record after a multi-line row starts on the right line.
    lines = [r.line for r in records]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    # 309 CSV records spread over 313 physical lines (4 embedded newlines before the end).
    assert records[-1].line == 313 and records[-1].entry_id == "11459"
    assert flying[0].line == 87


def test_huawei_cmic_row(parsed):
    _, records = parsed
    huawei = by_id(records)["30947"]
    assert huawei.source_list == "CMIC"
    assert huawei.kind == "entity"
    assert huawei.name == "HUAWEI TECHNOLOGIES CO., LTD."
    assert ("uscc", "914403001922038216") in huawei.identifiers
    assert ("ofac_ent", "30947") in huawei.identifiers
    assert "Huawei Investment & Holding Co Ltd" in huawei.aliases
    assert huawei.countries == ("CN",)
    assert huawei.programs == ("CMIC-EO13959",)
    # start_date is empty in the row; the CMIC listing date among the ids fills it.
    assert huawei.start_date == dt.date(2021, 6, 3)
    assert "Target Type: Private Company" in huawei.remarks
    assert huawei.source_url == "https://ofac.treasury.gov/consolidated-sanctions-list/ns-cmic-list"


def test_hikvision_isin_and_ticker(parsed):
    _, records = parsed
    hik = by_id(records)["30946"]
    assert ("isin", "CNE100000PM8") in hik.identifiers
    assert ("ticker", "002415 CN") in hik.identifiers
    assert ("uscc", "91330000733796106P") in hik.identifiers
    assert hik.aliases == ("Hikvision", "Hangzhou Hikvision Digital Technology")


def test_zte_parsian_is_iranian_entity_list_row(parsed):
    _, records = parsed
    zte = by_id(records)["dd533a593568a5ba9078900c345859e7fd4f414f3015f254f5633ecf"]
    assert zte.name == "ZTE Parsian"
    assert zte.source_list == "EL"
    assert zte.kind == "unknown"  # BIS rows leave "type" empty
    assert zte.countries == ("IR",)
    assert zte.federal_register == "81 FR 12004"
    assert zte.start_date == dt.date(2016, 3, 8)
    assert zte.license_requirement == "For all items subject to the EAR. (See §744.11 of the EAR)"
    assert zte.license_policy == "Presumption of denial."


def test_dpl_dahua_is_in_new_york(parsed):
    _, records = parsed
    dahua = by_id(records)["e06ed73a9f428fa6441fce4688893d159a73e86ba9a2e470d09657e4"]
    assert dahua.name == "DAHUA ELECTRONICS CORPORATION"
    assert dahua.countries == ("US",)  # "..., FLUSHING, NY, 11355" has no country part
    assert dahua.end_date == dt.date(2025, 11, 19)  # a denial expiry, can be in the future
    assert dahua.federal_register == "82 F.R. 46480 10/5/2017"


def test_vessels_and_dobs(parsed):
    _, records = parsed
    assert sum(r.kind == "vessel" for r in records) == 3
    assert sum(r.kind == "individual" for r in records) == 69
    with_dob = [r for r in records if r.birth_dates]
    assert with_dob and all(len(d) in (4, 7, 10) for r in with_dob for d in r.birth_dates)


def test_consolidated_csv_without_final_newline(real_data):
    path = real_data / "us-csl" / "consolidated.csv"
    assert not path.read_bytes().endswith(b"\n")
    result = csl.parse(path)
    records = result.read_all()
    assert len(records) == 13 and result.rejected == []
    last = records[-1]
    assert last.name and last.raw["ids"].endswith("589.209")  # last row read whole
    cetc = [r for r in records if "CETC 13" in r.name][0]
    assert cetc.source_list == "EL"
    assert cetc.addresses[:2] == (
        "113 Hezuo Road, Shijiazhuang, Hebei, China",
        "21 Changsheng Street, Shijiazhuang, Hebei, China",  # was "; and 21 ..."
    )
    assert cetc.countries == ("CN",)


def test_content_hash_stable_and_sensitive(real_data, parsed):
    _, records = parsed
    again = by_id(csl.parse(real_data / "us-csl" / "csl.csv").read_all())
    huawei = by_id(records)["30947"]
    assert again["30947"].content_hash == huawei.content_hash
    assert dataclasses.replace(huawei, line=999).content_hash == huawei.content_hash
    assert dataclasses.replace(huawei, name="HUAWEI").content_hash != huawei.content_hash
    assert dataclasses.replace(huawei, end_date=dt.date(2030, 1, 1)).content_hash != (
        huawei.content_hash
    )


def test_same_row_in_two_files_hashes_the_same(tmp_path, real_data):
    header = (real_data / "us-csl" / "csl.csv").read_bytes().split(b"\n")[0]
    rows = (real_data / "us-csl" / "csl.csv").read_bytes().split(b"\n")
    huawei_row = next(r for r in rows if r.startswith(b'"30947"'))
    one = tmp_path / "one.csv"
    two = tmp_path / "two.csv"
    one.write_bytes(header + b"\n" + huawei_row + b"\n")
    two.write_bytes(header + b"\r\n" + header + b"\r\n" + rows[5] + b"\r\n" + huawei_row)
    a = by_id(csl.parse(one).read_all())["30947"]
    b = by_id(csl.parse(two).read_all())["30947"]
    assert (a.line, b.line) == (2, 4)
    assert a.content_hash == b.content_hash


def test_malformed_rows_are_rejected_with_line_numbers(tmp_path, real_data):
    lines = (real_data / "us-csl" / "consolidated.csv").read_text("utf-8").split("\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([lines[0], '"x1","Entity List (EL) - BIS","short row"', lines[1]]),
        encoding="utf-8",
    )
    result = csl.parse(bad)
    records = result.read_all()
    assert len(records) == 1
    assert [(r.line, r.reason) for r in result.rejected] == [(2, "expected 29 fields, got 3")]


def test_control_characters_and_nbsp_are_cleaned(tmp_path, real_data):
    header = (real_data / "us-csl" / "csl.csv").read_text("utf-8").split("\n")[0]
    cells = ['""'] * 29
    cells[0], cells[1], cells[5] = '"abc"', '"Entity List (EL) - BIS"', '" ACME\x07\u00a0 Ltd\x1b "'
    path = tmp_path / "ctl.csv"
    path.write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    assert csl.parse(path).read_all()[0].name == "ACME Ltd"


def test_wrong_format_is_refused_before_any_record(real_data):
    with pytest.raises(WrongFormat, match="Consolidated Screening List CSV"):
        csl.parse(real_data / "bis-dpl" / "dpl.txt")
    with pytest.raises(WrongFormat, match="Consolidated Screening List CSV"):
        FORMATS["csl"].parse(real_data / "ofac-sdn" / "sdn.csv")
