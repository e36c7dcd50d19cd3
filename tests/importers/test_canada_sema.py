"""Canada SEMA XML."""

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, canada_sema
from tests.importers.conftest import by_id


@pytest.fixture(scope="module")
def parsed(real_data):
    result = canada_sema.parse(real_data / "canada-sema" / "sema-lmes.xml")
    return result, result.read_all()


def test_counts(parsed, real_data):
    result, records = parsed
    assert (real_data / "canada-sema" / "sema-lmes.xml").read_text().count("<record>") == 304
    assert len(records) == 304 and result.rejected == []
    assert sum(r.kind == "individual" for r in records) == 223
    assert sum(r.kind == "entity" for r in records) == 81


def test_non_breaking_space_in_regulation_name(parsed, real_data):
    _, records = parsed
    assert "\u00a0" in (real_data / "canada-sema" / "sema-lmes.xml").read_text()
    jvcfor = [r for r in records if r.source_list == "JVCFOR"]
    assert len(jvcfor) == 15
    assert "\u00a0" in jvcfor[0].raw["Country"]
    assert jvcfor[0].countries == () and jvcfor[0].programs == ("JVCFOR",)
    assert not any("\u00a0" in r.name for r in records)


def test_countries_and_trailing_spaces(parsed):
    _, records = parsed
    venezuela = [r for r in records if r.raw["Country"] == "Venezuela "]
    assert len(venezuela) == 27 and all(r.countries == ("VE",) for r in venezuela)
    burma = by_id(records)["MM-1-1"]
    assert burma.name == "Air Bagan"
    assert burma.aliases == ("Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited")
    assert burma.countries == ("MM",)


def test_individuals_dates_and_no_schedule(parsed):
    _, records = parsed
    ids = by_id(records)
    aung = ids["MM-2-4"]
    assert aung.kind == "individual" and aung.birth_dates == ("1977-06-19",)
    assert ids["MM-2-15"].birth_dates == ("1944",)  # year-only DOB
    assert not any(r.name.endswith(" ") for r in records)
    assert sum(r.entry_id.split("-")[1] == "0" for r in records) == 304 - 289
    assert any(r.title for r in records)


def test_wrong_format_refused(real_data):
    with pytest.raises(WrongFormat, match="SEMA"):
        FORMATS["canada-sema"].parse(real_data / "ofac-cons" / "cons_advanced.xml")
