"""OpenSanctions exports: FollowTheMoney ``entities.ftm.json`` (and ``targets.nested.json``),
delta files (``{"op": "ADD"|"MOD"|"DEL", "entity": {...}}`` per line), and
``targets.simple.csv``.

JSON Lines are read line by line. Addresses are separate ``Address`` entities referenced
by id, possibly after the entity that uses them, so the file is read twice: first to
collect address texts (small), then to yield records. Only party schemas become records
(Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane); the rest
(Address, Position, Occupancy, Family, Sanction...) are counted as skipped.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sources.importers.records import OPS, ListedRecord, ParseResult, WrongFormat
from sources.importers.text import (
    BadDate,
    clean,
    clean_multiline,
    country_code,
    ensure_file,
    open_text,
    parse_date,
    partial_iso,
    split_clean,
    unique,
)

FORMAT = (
    "OpenSanctions FollowTheMoney JSON lines (entities.ftm.json / targets.nested.json), "
    "delta JSON lines ({op, entity}), or targets.simple.csv"
)
KINDS = {
    "Person": "individual",
    "Organization": "entity",
    "Company": "entity",
    "LegalEntity": "entity",
    "PublicBody": "entity",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
IDENTIFIER_PROPS = {
    "registrationNumber": "registration",
    "taxNumber": "tax_id",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "leiCode": "lei",
    "isinCode": "isin",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "swiftBic": "swift_bic",
    "passportNumber": "passport",
    "idNumber": "national_id",
    "uniqueEntityId": "uei",
    "wikidataId": "wikidata",
    "ticker": "ticker",
    "callSign": "call_sign",
}
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry", "flag")
ALIAS_PROPS = ("name", "alias", "previousName")
SIMPLE_HEADER = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses"]


def parse(path: str | Path) -> ParseResult:
    path = ensure_file(path, FORMAT)
    handle, encoding = open_text(path)
    with handle:
        first = handle.readline().lstrip("\ufeff").strip()
    result = ParseResult(format="opensanctions", records=iter(()), encoding=encoding)
    if first.startswith('"id","schema","name"'):
        result.records = result.counted(_simple_csv(result, path))
        return result
    try:
        obj = json.loads(first) if first.startswith("{") else None
    except json.JSONDecodeError:
        obj = None
    if isinstance(obj, dict) and "op" in obj and isinstance(obj.get("entity"), dict):
        result.format = "opensanctions-delta"
    elif not (isinstance(obj, dict) and "schema" in obj and "properties" in obj):
        raise WrongFormat(f"{path.name}: expected {FORMAT}; first line was {first[:80]!r}")
    result.records = result.counted(_ftm(result, path, encoding))
    return result


def _lines(path: Path, encoding: str, result: ParseResult | None):
    """(line number, entity, op) for each JSON line; bad lines reported once (2nd pass)."""
    with open(path, encoding=encoding, errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
                if "\\ud" in text.lower():
                    _no_unpaired_surrogates(obj)
                op = obj.get("op", "") if "entity" in obj else ""
                entity = obj.get("entity", obj)
                if not isinstance(entity, dict) or "id" not in entity:
                    raise ValueError("no entity id")
            except (ValueError, TypeError, AttributeError) as exc:
                if result is not None:
                    result.stats["rows"] += 1
                    result.reject(number, f"bad JSON line: {exc}", text)
                continue
            yield number, entity, op


def _no_unpaired_surrogates(obj) -> None:
    """JSON may escape half of a character (``"\\ud800"``), which no database stores and
    no page can show: such a line is rejected like any other it cannot take."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"an unpaired surrogate ({exc.object[exc.start]!a}) in a text") from exc


def _address_text(entity: dict) -> tuple[str, str]:
    props = entity.get("properties", {})
    full = clean(", ".join(props.get("full", []))) or clean(entity.get("caption", ""))
    return full, country_code(next(iter(props.get("country", [])), ""))


def _ftm(result: ParseResult, path: Path, encoding: str):
    addresses: dict[str, tuple[str, str]] = {}
    for _n, entity, _op in _lines(path, encoding, None):
        if entity.get("schema") == "Address":
            addresses[entity["id"]] = _address_text(entity)
    for number, entity, op in _lines(path, encoding, result):
        result.stats["rows"] += 1
        if op and op not in OPS:
            result.reject(number, f"unknown op {op!r}", json.dumps(entity)[:200])
            continue
        kind = KINDS.get(entity.get("schema", ""))
        if kind is None:
            result.stats["skipped"] += 1
            continue
        try:
            record = _record(entity, number, addresses)
        except (BadDate, ValueError, TypeError, AttributeError) as exc:
            result.reject(number, str(exc), json.dumps(entity, ensure_ascii=False))
            continue
        if op:
            result.ops[record.entry_id] = op
        yield record


def _strings(values) -> list[str]:
    """Property values as text; nested entities (targets.nested.json) give their caption."""
    out = []
    for value in values or ():
        if isinstance(value, dict):
            value = value.get("caption", "")
        if isinstance(value, str):
            out.append(value)
    return out


def _record(entity: dict, number: int, addresses: dict[str, tuple[str, str]]) -> ListedRecord:
    props = entity.get("properties", {})
    get = lambda key: _strings(props.get(key))  # noqa: E731
    name = clean(entity.get("caption", "")) or next(iter(get("name")), "")
    name = clean(name)
    if not name:
        raise ValueError("entity without caption or name")
    address_texts, countries = [], []
    for ref in props.get("addressEntity", []):
        if isinstance(ref, dict):
            text, country = _address_text(ref)
        else:
            text, country = addresses.get(ref, ("", ""))
        address_texts.append(text)
        countries.append(country)
    address_texts += [clean(a) for a in get("address")]
    for key in COUNTRY_PROPS:
        countries += [country_code(c) for c in get(key)]
    identifiers = [(scheme, clean(v)) for key, scheme in IDENTIFIER_PROPS.items() for v in get(key)]
    start = None
    for created in sorted(get("createdAt")):
        start = parse_date(created[:10])
        break
    birth_dates = []
    for value in get("birthDate"):
        try:
            birth_dates.append(partial_iso(value[:10]))
        except BadDate:
            birth_dates.append(clean(value))
    parents = get("parent") or get("ownershipOwner")
    raw = {
        k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in entity.items()
    }
    return ListedRecord(
        list_key="opensanctions",
        source_list=";".join(entity.get("datasets", [])),
        entry_id=entity["id"],
        kind=KINDS[entity["schema"]],
        name=name,
        aliases=unique(clean(a) for key in ALIAS_PROPS for a in get(key) if clean(a) != name),
        addresses=unique(address_texts),
        countries=unique(c for c in countries if c),
        identifiers=unique(identifiers),
        programs=unique(clean(p) for p in get("programId") or get("program")),
        start_date=start[0] if start else None,
        listing_date_precision=start[1] if start else "",
        remarks=clean_multiline("\n".join(get("notes"))),
        source_url=next(iter(get("sourceUrl")), ""),
        parent_name=clean(parents[0]) if parents else "",
        title=clean("; ".join(get("title") or get("position")[:1])),
        birth_dates=unique(birth_dates),
        raw=raw,
        line=number,
    )


def _simple_csv(result: ParseResult, path: Path):
    handle, _ = open_text(path)
    with handle:
        reader = csv.DictReader(handle)
        _ = reader.fieldnames  # reads the header line, so line numbers start right
        last = reader.line_num
        for row in reader:
            line, last = last + 1, reader.line_num
            result.stats["rows"] += 1
            kind = KINDS.get(row.get("schema") or "")
            if kind is None:
                result.stats["skipped"] += 1
                continue
            name = clean(row.get("name"))
            if not name or not clean(row.get("id")):
                result.reject(line, "row without id or name", ",".join(row.values()))
                continue
            try:
                dobs = [partial_iso(d) for d in split_clean(row.get("birth_date"), ";")]
            except BadDate as exc:
                result.reject(line, f"birth_date: {exc}", ",".join(row.values()))
                continue
            yield ListedRecord(
                list_key="opensanctions",
                source_list=clean(row.get("dataset")),
                entry_id=clean(row["id"]),
                kind=kind,
                name=name,
                aliases=split_clean(row.get("aliases"), ";"),
                addresses=split_clean(row.get("addresses"), ";"),
                countries=unique(country_code(c) for c in split_clean(row.get("countries"), ";")),
                identifiers=tuple(
                    ("identifier", i) for i in split_clean(row.get("identifiers"), ";")
                ),
                remarks=clean(row.get("sanctions")),
                birth_dates=tuple(dobs),
                raw=dict(row),
                line=line,
            )
