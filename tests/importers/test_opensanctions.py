"""OpenSanctions FtM JSON lines, delta files and targets.simple.csv."""

import datetime as dt

import pytest

from sources.importers import WrongFormat
from sources.importers.formats import FORMATS, opensanctions
from tests.importers.conftest import by_id


def parse(real_data, name):
    result = opensanctions.parse(real_data / "opensanctions" / name)
    return result, result.read_all()


def test_entities_ftm(real_data):
    path = real_data / "opensanctions" / "eu_fsf" / "entities.ftm.json"
    assert not path.read_bytes().endswith(b"\n")
    result, records = parse(real_data, "eu_fsf/entities.ftm.json")
    assert result.stats == {"rows": 7, "records": 6, "rejected": 0, "skipped": 1}  # 1 Address
    ids = by_id(records)
    tobacco = ids["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert tobacco.kind == "entity" and tobacco.countries == ("BY",)
    assert ("registration", "808000714") in tobacco.identifiers
    assert tobacco.start_date == dt.date(2022, 6, 3)
    assert "Общество с ограниченной ответственностью “Интер Тобако”" in tobacco.aliases
    kuzmenko = ids["NK-2Ka3UvopqbpZmVDFjWd4LA"]
    assert kuzmenko.kind == "individual" and kuzmenko.birth_dates == ("1971-01-22",)
    assert all(r.source_list == "eu_fsf" for r in records)


def test_delta_ops(real_data):
    result, records = parse(real_data, "delta/entities.delta.json")
    assert result.format == "opensanctions-delta"
    assert [r.name for r in records] == ["AL-QAIDA IN IRAQ", "Janan Agha"]
    assert result.ops == {"NK-2T3S8Hu29ktYnKSTgQp2wL": "ADD", "NK-2sJaJRaPJcWUfMbHjTtWcL": "ADD"}
    assert records[1].kind == "individual"
    assert "us_ofac_sdn" in records[0].source_list


def test_delta_mod_del_and_bad_lines(tmp_path):
    path = tmp_path / "entities.delta.json"
    path.write_text(
        '{"op":"MOD","entity":{"id":"a","schema":"Person","caption":"A B","properties":{}}}\n'
        "not json\n"
        '{"op":"DEL","entity":{"id":"b","schema":"Company","caption":"C","properties":{}}}\n'
        '{"op":"ZAP","entity":{"id":"c","schema":"Company","caption":"D","properties":{}}}\n'
    )
    result = opensanctions.parse(path)
    assert [r.entry_id for r in result.read_all()] == ["a", "b"]
    assert result.ops == {"a": "MOD", "b": "DEL"}
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [
        (2, "bad JSON line"),
        (4, "unknown op 'ZAP'"),
    ]


def test_pep_dataset_and_nested(real_data):
    result, records = parse(real_data, "wd_persons/entities.ftm.json")
    assert result.stats["rows"] == 23 and len(records) == 9 and result.stats["skipped"] == 14
    assert all(r.kind == "individual" for r in records)
    result, nested = parse(real_data, "wd_persons/targets.nested.json")
    saad = by_id(nested)["Q296771"]
    assert saad.birth_dates == ("1970-04-18",) and set(saad.countries) == {"LB", "FR", "SA"}


def test_targets_simple_csv(real_data):
    result, records = parse(real_data, "wd_persons/targets.simple.csv")
    assert len(records) == 5 and result.rejected == []
    saad = by_id(records)["Q296771"]
    assert saad.line == 2
    assert saad.aliases == ("Hariri", "Sa'd al-Din")
    assert saad.countries == ("FR", "LB", "SA")


def test_wrong_format_refused(real_data):
    with pytest.raises(WrongFormat, match="OpenSanctions"):
        FORMATS["opensanctions"].parse(real_data / "canada-sema" / "sema-lmes.xml")
