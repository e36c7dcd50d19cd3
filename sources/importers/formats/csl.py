"""trade.gov Consolidated Screening List, CSV (``csl.csv`` and ``consolidated.csv``).

One row per listing (an entity on two lists appears twice). All 29 columns are read by
header name, so both URL generations work: the older repo copy with its header line
doubled, and the current ``consolidated.csv`` without a final newline. Fields can hold
newlines inside quotes, so the file goes through ``csv`` with ``newline=''`` and is
streamed row by row (memory stays flat for the full ~30,000-row list).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from sources.importers.identifiers import (
    LISTING_DATE,
    is_identifier,
    normalise_value,
    scheme,
)
from sources.importers.records import (
    KnownRow,
    ListedRecord,
    ParseResult,
    WrongFormat,
    row_fingerprint,
)
from sources.importers.text import (
    US_STATES,
    BadDate,
    clean,
    clean_multiline,
    country_code,
    csv_rows,
    ensure_file,
    open_text,
    parse_date,
    partial_iso,
    split_clean,
    unique,
)

FORMAT = "trade.gov Consolidated Screening List CSV (29 columns starting _id,source,...)"
COLUMNS = (  # noqa: SIM905
    "_id source entity_number type programs name title addresses federal_register_notice "
    "start_date end_date standard_order license_requirement license_policy call_sign "
    "vessel_type gross_tonnage gross_registered_tonnage vessel_flag vessel_owner remarks "
    "source_list_url alt_names citizenships dates_of_birth nationalities places_of_birth "
    "source_information_url ids"
).split()
# Bump when a change here reads the same row differently: fingerprints then all differ.
PARSER_VERSION = "csl-1"
REQUIRED = {"_id", "source", "name", "type", "addresses", "start_date", "ids"}
KINDS = {"entity": "entity", "individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}

# "Entity List (EL) - Bureau of Industry and Security" -> "EL";
# "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department" -> "NS-MBS".
_SHORT_CODE = re.compile(r"\(([A-Z][A-Z0-9-]*)(?: List)?\)")
_AND = re.compile(r"^and ")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_PARENT = re.compile(r"\b(?:a )?(?:subsidiary|affiliate) of ([^;,.()]+)", re.IGNORECASE)


@lru_cache(maxsize=256)
def short_code(source: str) -> str:
    m = _SHORT_CODE.search(source)
    return m.group(1) if m else clean(source.split(" - ")[0])


def address_country(address: str) -> str:
    """ISO-2 country of one CSL address: its last comma part, or US for "..., NY, 11355"."""
    parts = [p.strip() for p in address.split(",")]
    last = parts[-1] if parts else ""
    if _ISO2.match(last):
        return last
    if len(parts) >= 2 and _ZIP.match(last) and parts[-2] in US_STATES:
        return "US"
    return country_code(last) if last and not last[0].isdigit() else ""


def parse(path: str | Path) -> ParseResult:
    """Parse one CSL CSV file; refuses (WrongFormat) a file whose header is not the CSL's."""
    path = ensure_file(path, FORMAT)
    handle, encoding = open_text(path)
    reader = csv.reader(handle)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise WrongFormat(f"{path.name}: expected {FORMAT}; unreadable CSV ({exc})") from None
    if header is None or not REQUIRED.issubset(h.strip() for h in header):
        handle.close()
        got = ",".join(header or [])[:120] if header else "an empty file"
        raise WrongFormat(f"{path.name}: expected {FORMAT}; header was {got!r}")
    header = [h.strip() for h in header]
    result = ParseResult(format="csl", records=iter(()), encoding=encoding)
    result.records = result.counted(_records(result, handle, reader, header))
    return result


def _records(result: ParseResult, handle, reader, header: list[str]):
    width = len(header)
    col = {name: i for i, name in enumerate(header)}
    id_col = col["_id"]
    seed = row_fingerprint(PARSER_VERSION, header)
    with handle:
        for line, row in csv_rows(reader, result):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            result.stats["rows"] += 1
            if row[0] == "_id":
                # The older repo copy repeats the header line.
                result.stats["skipped"] += 1
                continue
            if len(row) != width:
                result.reject(line, f"expected {width} fields, got {len(row)}", ",".join(row))
                continue
            fingerprint = seed.copy()
            fingerprint.update("\x1f".join(row).encode("utf-8", "surrogatepass"))
            row_hash = fingerprint.hexdigest()
            if result.known is not None and result.known(clean(row[id_col]), row_hash):
                yield KnownRow(clean(row[id_col]), line)
                continue
            try:
                yield _record(row, col, line, header, row_hash)
            except (BadDate, ValueError) as exc:
                result.reject(line, f"{exc}", ",".join(row))


def _record(
    row: list[str], col: dict[str, int], line: int, header: list[str], row_hash: str = ""
) -> ListedRecord:
    def get(name: str) -> str:
        i = col.get(name)
        return "" if i is None else row[i]

    entry_id = clean(get("_id"))
    name = clean(get("name"))
    if not entry_id:
        raise ValueError("empty _id")
    if not name:
        raise ValueError("empty name")

    # "; and " joins two addresses inside one (CETC 13 in consolidated.csv).
    addresses = unique(_AND.sub("", a) for a in split_clean(get("addresses"), "; "))
    countries = [address_country(a) for a in addresses]
    countries += split_clean(get("citizenships"), "; ")
    countries += split_clean(get("nationalities"), "; ")
    if flag := clean(get("vessel_flag")):
        countries.append(country_code(flag))

    identifiers: list[tuple[str, str]] = []
    facts: list[str] = []
    listing_date = ""
    if ent := clean(get("entity_number")):
        identifiers.append(("ofac_ent", ent))
    for item in split_clean(get("ids"), "; "):
        type_name, _, rest = item.partition(", ")
        # "Type, value[, country]": the tail is dropped only when it is a country.
        value, sep, tail = rest.rpartition(", ")
        if not (sep and country_code(tail)):
            value = rest
        if is_identifier(type_name):
            sch = scheme(type_name)
            identifiers.append((sch, normalise_value(sch, value)))
        else:
            facts.append(f"{type_name.rstrip(':')}: {rest}")
            if LISTING_DATE.match(type_name) and not listing_date:
                listing_date = rest.strip()
    if call_sign := clean(get("call_sign")):
        identifiers.append(("call_sign", call_sign))

    start = parse_date(get("start_date"))
    if start is None and listing_date:
        # CMIC rows leave start_date empty and state the listing date among the ids.
        start = parse_date(listing_date)
    end = parse_date(get("end_date"))

    remarks = clean_multiline(get("remarks"))
    if facts:
        remarks = "\n".join(filter(None, [remarks, *facts]))
    parent = _PARENT.search(f"{name}; {remarks}") if "of " in name or remarks else None

    return ListedRecord(
        list_key="csl",
        source_list=short_code(get("source")),
        entry_id=entry_id,
        kind=KINDS.get(clean(get("type")).lower(), "unknown"),
        name=name,
        aliases=split_clean(get("alt_names"), "; "),
        addresses=addresses,
        countries=unique(c.upper() for c in countries if c),
        identifiers=unique(identifiers),
        programs=split_clean(get("programs"), "; "),
        start_date=start[0] if start else None,
        end_date=end[0] if end else None,
        listing_date_precision=start[1] if start else "",
        federal_register=clean(get("federal_register_notice")),
        license_requirement=clean(get("license_requirement")),
        license_policy=clean(get("license_policy")),
        remarks=remarks,
        source_url=clean(get("source_information_url")) or clean(get("source_list_url")),
        parent_name=clean(parent.group(1)) if parent else "",
        title=clean(get("title")),
        birth_dates=unique(_dob(d) for d in split_clean(get("dates_of_birth"), "; ")),
        raw=dict(zip(header, row, strict=True)),
        line=line,
        row_hash=row_hash,
    )


def _dob(value: str) -> str:
    try:
        return partial_iso(value)
    except BadDate:
        # A DOB the list spells oddly is kept verbatim rather than losing the row.
        return value
