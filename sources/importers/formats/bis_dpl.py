"""BIS Denied Persons List, tab-delimited text (``dpl.txt``).

Every field is double-quoted, so a real CSV reader is needed: a citation can contain a
newline inside its quotes. The list has no ids; ``entry_id`` is synthesised as
``dpl-`` + the first 16 hex digits of sha256 over name, street, city and effective date
(stable across downloads while those stay the same; a repeat in one file gets ``-2``...).
US rows often leave ``Country`` empty, so a US state code means US.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from sources.importers.records import ListedRecord, ParseResult, WrongFormat
from sources.importers.text import (
    US_STATES,
    BadDate,
    clean,
    country_code,
    csv_rows,
    ensure_file,
    is_country_code,
    open_text,
    parse_date,
)

FORMAT = "BIS Denied Persons List, tab-delimited with header Name, Street_Address, ..."
COLUMNS = [
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
]  # fmt: skip
SOURCE_URL = "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/denied-persons-list"


def parse(path: str | Path) -> ParseResult:
    path = ensure_file(path, FORMAT)
    handle, encoding = open_text(path)
    reader = csv.reader(handle, delimiter="\t")
    try:
        header = [clean(h) for h in next(reader, [])]
    except csv.Error:
        header = []
    if header != COLUMNS:
        handle.close()
        raise WrongFormat(f"{path.name}: expected {FORMAT}; header was {header[:4]!r}")
    result = ParseResult(format="bis-dpl", records=iter(()), encoding=encoding)
    result.records = result.counted(_records(result, handle, reader))
    return result


def _records(result: ParseResult, handle, reader):
    ids: dict[str, int] = {}
    with handle:
        for line, row in csv_rows(reader, result):
            if not row or row == [""]:
                continue
            result.stats["rows"] += 1
            text = "\t".join(row)
            if len(row) != len(COLUMNS):
                result.reject(line, f"expected {len(COLUMNS)} fields, got {len(row)}", text)
                continue
            fields = dict(zip(COLUMNS, row, strict=True))
            try:
                record = _record(fields, line)
            except (BadDate, ValueError) as exc:
                result.reject(line, str(exc), text)
                continue
            try:
                parse_date(fields["Last_Update"])
            except BadDate as exc:
                # Not a field of the record, so the row is kept and the typo flagged.
                result.warn(line, f"Last_Update {fields['Last_Update']!r} ignored: {exc}", text)
            n = ids.get(record.entry_id, 0) + 1
            ids[record.entry_id] = n
            if n > 1:
                record = _with_id(record, f"{record.entry_id}-{n}")
            yield record


def _with_id(record: ListedRecord, entry_id: str) -> ListedRecord:
    from dataclasses import replace

    return replace(record, entry_id=entry_id)


def _record(f: dict[str, str], line: int) -> ListedRecord:
    name = clean(f["Name"])
    if not name:
        raise ValueError("empty Name")
    try:
        start = parse_date(f["Effective_Date"])
    except BadDate as exc:
        raise BadDate(f"Effective_Date: {exc}") from None
    try:
        end = parse_date(f["Expiration_Date"])
    except BadDate as exc:
        raise BadDate(f"Expiration_Date: {exc}") from None
    street, city, state = clean(f["Street_Address"]), clean(f["City"]), clean(f["State"])
    country = country_code(f["Country"])
    if not country and state in US_STATES:
        country = "US"
    elif not country and is_country_code(state):
        # Some foreign rows put the country code in State ("NICOSIA", "CY", "").
        country = state
    address = ", ".join(p for p in (street, city, state, clean(f["Postal_Code"]), country) if p)
    key = "|".join((name.upper(), street.upper(), city.upper(), clean(f["Effective_Date"])))
    return ListedRecord(
        list_key="bis-dpl",
        source_list="DPL",
        entry_id="dpl-" + hashlib.sha256(key.encode()).hexdigest()[:16],
        kind="unknown",
        name=name,
        addresses=(address,) if address else (),
        countries=(country,) if country else (),
        start_date=start[0] if start else None,
        end_date=end[0] if end else None,
        listing_date_precision=start[1] if start else "",
        federal_register=clean(f["FR_Citation"]),
        remarks=clean(f["Action"]),
        source_url=SOURCE_URL,
        raw=dict(f),
        line=line,
    )
