"""OFAC advanced XML (cons_advanced.xml)."""

import datetime as dt

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, ofac_advanced
from tests.importers.conftest import by_id


@pytest.fixture(scope="module")
def parsed(real_data):
    result = FORMATS["ofac-cons"].parse(real_data / "ofac-cons" / "cons_advanced.xml")
    return result, result.read_all()


def test_counts_and_issue_date(parsed, real_data):
    result, records = parsed
    text = (real_data / "ofac-cons" / "cons_advanced.xml").read_text()
    assert text.count("<DistinctParty ") == 150
    assert len(records) == 150 and result.rejected == []
    assert result.file_date == dt.date(2020, 3, 17)
    assert records[0].line == 1 and records[-1].line == 150


def test_names_lookups_and_locations(parsed):
    _, records = parsed
    ids = by_id(records)
    bank = ids["17014"]
    assert bank.name == "Russian Agricultural Bank"
    assert "Rosselkhozbank" in bank.aliases
    assert ("swift_bic", "RUAGRUMM") in bank.identifiers
    assert ("registration", "1027700342890") in bank.identifiers
    assert bank.countries == ("RU",)
    assert bank.programs == ("UKRAINE-EO13662",)
    assert bank.source_list == "SSI"
    assert bank.start_date == dt.date(2014, 7, 29)
    haniya = ids["9639"]
    assert haniya.kind == "individual"
    assert haniya.name == "HANIYA, Ismail Abdul Salah"  # Last Name part first
    assert haniya.birth_dates == ("1962",)  # a whole-year DatePeriod
    assert haniya.source_list == "PLC"


def test_ownership_links_give_parent_names(parsed):
    _, records = parsed
    assert by_id(records)["18269"].parent_name == "Open Joint-Stock Company Rosneft Oil Company"
    assert sum(bool(r.parent_name) for r in records) == 62


def test_wrong_format_refused(real_data):
    with pytest.raises(WrongFormat, match="OFAC advanced XML"):
        ofac_advanced.parse(real_data / "canada-sema" / "sema-lmes.xml")
