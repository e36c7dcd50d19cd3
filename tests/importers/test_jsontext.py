"""core.jsontext writes the standard library's JSON text, so stored content hashes hold."""

import datetime as dt
import json

import pytest

from core.jsontext import compact, sorted_utf8
from sources.importers.formats import FORMATS
from tests.test_import_lists import SLICES


def standard_sorted(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(("key", "path"), sorted({(key, path) for key, path, *_ in SLICES}))
def test_every_record_of_every_slice_hashes_as_before(real_data, key, path):
    result = FORMATS[key].parse(str(real_data / path))
    records = [record for record in result.records if hasattr(record, "canonical")]
    assert records
    for record in records:
        assert sorted_utf8(record.canonical()) == standard_sorted(record.canonical())
        assert compact(record.raw) == standard(record.raw)


ODD = [
    {"b": "x\x1a\r\n\t\x7f\u2028\xa0華為\U0001f600", "a": [1, None, True, False, -0.5]},
    {"quote": 'a "b" \\ c', "z": {"y": [], "x": {}}, "Z": "", "é": "É"},
    {"big": 2**70},  # beyond orjson's 64 bits
    {1: "a key that is not a string"},
    ("a", "tuple"),
]


@pytest.mark.parametrize("value", ODD)
def test_odd_values_keep_the_standard_librarys_text(value):
    assert sorted_utf8(value) == standard_sorted(value)
    assert compact(value) == standard(value)


def test_half_a_character_is_written_as_the_standard_library_writes_it():
    value = {"lone": "\ud800"}  # orjson refuses it; parsers reject such rows before
    assert compact(value) == standard(value)
    with pytest.raises(UnicodeEncodeError):
        sorted_utf8(value)  # as before: no UTF-8 bytes to fingerprint


def test_a_date_is_refused_as_the_standard_library_refuses_it():
    with pytest.raises(TypeError):
        compact({"on": dt.date(2020, 1, 1)})
    with pytest.raises(TypeError):
        sorted_utf8([dt.date(2020, 1, 1)])
