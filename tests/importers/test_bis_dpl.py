"""BIS Denied Persons List (tab-delimited)."""

import datetime as dt

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, bis_dpl


@pytest.fixture(scope="module")
def parsed(real_data):
    result = bis_dpl.parse(real_data / "bis-dpl" / "dpl.txt")
    return result, result.read_all()


def test_counts(parsed, real_data):
    result, records = parsed
    physical = (real_data / "bis-dpl" / "dpl.txt").read_bytes().count(b"\n")
    assert physical == 302  # header + 301 rows
    assert len(records) == 301 and result.rejected == []
    assert len({r.entry_id for r in records}) == 301


def test_year_3017_typo_is_flagged_not_fatal(parsed):
    result, records = parsed
    assert [(w.line, w.reason) for w in result.warnings] == [
        (181, "Last_Update '3017-08-22' ignored: year 3017 outside 1900-2100")
    ]
    mansour = [r for r in records if r.line == 181][0]
    assert mansour.name == "MANSOUR ZADEH"
    assert mansour.start_date == dt.date(2017, 8, 10)
    assert mansour.countries == ("CY",)


def test_typo_year_in_a_record_date_rejects_the_row(tmp_path, real_data):
    lines = (real_data / "bis-dpl" / "dpl.txt").read_text().split("\n")
    bad = lines[1].replace('"10/16/2017"', '"10/16/3017"')
    path = tmp_path / "dpl.txt"
    path.write_text("\n".join([lines[0], bad, lines[2]]))
    result = bis_dpl.parse(path)
    assert len(result.read_all()) == 1
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, "Effective_Date: year 3017 outside 1900-2100")
    ]


def test_leading_space_names_are_stripped(parsed):
    _, records = parsed
    assert records[0].name == "ADRIAN MANUEL HERNANDEZ"
    assert records[0].raw["Name"] == " ADRIAN MANUEL HERNANDEZ"
    assert not any(r.name != r.name.strip() for r in records)


def test_dahua_electronics_is_us(parsed):
    _, records = parsed
    dahua = [r for r in records if r.name == "DAHUA ELECTRONICS CORPORATION"]
    assert len(dahua) == 1
    assert dahua[0].countries == ("US",)  # Country empty, State NY
    assert dahua[0].addresses == ("134-12 59HT AVENUE, FLUSHING, NY, 11355, US",)
    assert dahua[0].end_date == dt.date(2025, 11, 19)
    assert dahua[0].federal_register == "82 F.R. 46480 10/5/2017"


def test_far_future_expiry_is_kept(parsed):
    _, records = parsed
    assert sum(r.end_date == dt.date(2056, 6, 29) for r in records) >= 1


def test_wrong_format_refused(real_data):
    with pytest.raises(WrongFormat, match="Denied Persons List"):
        FORMATS["bis-dpl"].parse(real_data / "us-csl" / "csl.csv")
