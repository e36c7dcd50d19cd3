"""FCC Covered List: HTML table and both CSV shapes give the same entries."""

import datetime as dt

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, fcc_covered
from tests.importers.conftest import by_id

COMPANIES = [
    "Huawei Technologies Company",
    "ZTE Corporation",
    "Hytera Communications Corporation",
    "Hangzhou Hikvision Digital Technology Company",
    "Dahua Technology Company",
    "AO Kaspersky Lab",
    "China Mobile International USA Inc",
    "China Telecom (Americas) Corp",
    "Pacific Networks Corp",
    "ComNet (USA) LLC",
    "China Unicom (Americas) Operations Limited",
]


def parse(real_data, name):
    result = fcc_covered.parse(real_data / "fcc-covered-list" / name)
    return result, result.read_all()


def test_html_table(real_data):
    result, records = parse(real_data, "table.html")
    assert result.stats["rows"] == 13 and result.rejected == []
    assert [r.name for r in records][:11] == COMPANIES
    huawei = by_id(records)["fcc-huawei-technologies-company"]
    assert huawei.start_date == dt.date(2021, 3, 12) and huawei.line == 17
    uas = [r for r in records if r.name.startswith("Uncrewed aircraft")][0]
    assert uas.kind == "unknown"
    assert uas.start_date == dt.date(2025, 12, 22)
    assert uas.remarks.endswith("Updated: January 7, 2026; March 18, 2026")
    assert "\u00a0" not in uas.remarks


def test_flattened_csv_with_crlf_and_glued_dates(real_data):
    assert b"\r\n" in (real_data / "fcc-covered-list" / "table.csv").read_bytes()
    result, records = parse(real_data, "table.csv")
    assert result.stats["rows"] == 16 and result.rejected == []
    assert [r.name for r in records][:11] == COMPANIES
    names = [r.name for r in records]
    assert "Kaspersky Lab, Inc" in names and "Digitalsystem Technology Inc" in names
    routers = by_id(records)["fcc-routers-produced-in-a-foreign-country"]
    assert routers.kind == "unknown" and "^" not in routers.name
    uas = [r for r in records if r.name.startswith("Uncrewed aircraft")][0]
    assert uas.remarks.endswith(
        "Updated: January 7, 2026; March 18, 2026; June 15, 2026; July 21, 2026"
    )


def test_curated_csv_with_bom_and_no_final_newline(real_data):
    data = (real_data / "fcc-covered-list" / "data.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.endswith(b"\n")
    result, records = parse(real_data, "data.csv")
    assert result.encoding == "utf-8-sig"
    assert result.stats["rows"] == 10 and result.rejected == []
    assert [r.name for r in records] == COMPANIES
    comnet = by_id(records)["fcc-comnet-usa-llc"]
    assert comnet.parent_name == "Pacific Networks Corp"


def test_same_entry_ids_in_all_three_shapes(real_data):
    ids = [
        {r.entry_id for r in parse(real_data, name)[1] if r.kind == "entity"}
        for name in ("table.html", "table.csv", "data.csv")
    ]
    assert ids[2] <= ids[0] <= ids[1]


def test_wrong_format_refused(real_data):
    with pytest.raises(WrongFormat, match="FCC Covered List"):
        FORMATS["fcc-covered"].parse(real_data / "us-csl" / "consolidated.csv")
