"""Canada, consolidated autonomous sanctions list (SEMA and JVCFOA), XML ``sema-lmes.xml``.

Flat ``<record>`` elements under ``<data-set>``, read with iterparse and cleared as they
go. ``Country`` is bilingual ("Burma / Birmanie"), sometimes a regulation instead of a
country (JVCFOR, with a no-break space after the slash), sometimes with a trailing
space. The list has no ids: ``entry_id`` is ``<regime>-<schedule>-<item>`` where regime
is the ISO-2 country (or ``JVCFOR``) and schedule is ``0`` when absent, because ``Item``
restarts per country and schedule.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sources.importers.records import ListedRecord, ParseResult, WrongFormat
from sources.importers.text import BadDate, clean, country_code, ensure_file, partial_iso, unique

FORMAT = "Canada SEMA consolidated list XML (<data-set> of <record> elements)"
SOURCE_URL = (
    "https://www.international.gc.ca/world-monde/assets/office_docs/"
    "international_relations-relations_internationales/sanctions/sema-lmes.xml"
)
# Alias fragments that are the tail of the previous alias, not an alias ("X Pte., Ltd.").
_SUFFIX = re.compile(
    r"^(?:ltd|inc|llc|co|corp|s\.?a|jsc|pjsc|ojsc|cjsc|gmbh|ag|pte\.? ltd|limited|plc)\.?$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")


def parse(path: str | Path) -> ParseResult:
    path = ensure_file(path, FORMAT)
    _sniff(path)
    result = ParseResult(format="canada-sema", records=iter(()), encoding="utf-8")
    result.records = result.counted(_records(result, path))
    return result


def _sniff(path: Path) -> None:
    try:
        for _event, elem in ET.iterparse(path, events=("start",)):
            if elem.tag == "data-set":
                return
            break
    except ET.ParseError as exc:
        raise WrongFormat(f"{path.name}: expected {FORMAT}; not XML ({exc})") from None
    raise WrongFormat(f"{path.name}: expected {FORMAT}; root element is not <data-set>")


def _records(result: ParseResult, path: Path):
    index = 0
    seen: set[str] = set()
    try:
        for _event, elem in ET.iterparse(path, events=("end",)):
            if elem.tag != "record":
                continue
            index += 1
            result.stats["rows"] += 1
            fields = {child.tag: child.text or "" for child in elem}
            elem.clear()
            text = "; ".join(f"{k}={v}" for k, v in fields.items())
            try:
                record = _record(fields, index)
            except (BadDate, ValueError) as exc:
                result.reject(index, str(exc), text)
                continue
            if record.entry_id in seen:
                result.reject(index, f"duplicate key {record.entry_id}", text)
                continue
            seen.add(record.entry_id)
            yield record
    except ET.ParseError as exc:
        result.reject(index + 1, f"XML not well-formed: {exc}", "")


def regime(country_field: str) -> tuple[str, str]:
    """(English name, id code) of the Country field: ("Burma", "MM"), ("JVCFOR", "JVCFOR")."""
    english = clean(country_field).split(" / ")[0].strip()
    code = country_code(english)
    if code:
        return english, code
    m = _ACRONYM.search(english)
    acronym = m.group(1) if m else re.sub(r"[^A-Z]", "", english)[:10] or "X"
    return acronym, acronym


def split_aliases(value: str) -> tuple[str, ...]:
    parts: list[str] = []
    for part in (clean(p) for p in value.split(",")):
        if not part:
            continue
        if parts and _SUFFIX.match(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return unique(parts)


def _record(f: dict[str, str], index: int) -> ListedRecord:
    program, code = regime(f.get("Country", ""))
    if entity := clean(f.get("Entity")):
        name, kind = entity, "entity"
    else:
        name = clean(f"{f.get('GivenName', '')} {f.get('LastName', '')}")
        kind = "individual"
    if not name:
        raise ValueError("record without Entity or LastName/GivenName")
    item = clean(f.get("Item"))
    if not item:
        raise ValueError("record without Item")
    schedule = clean(f.get("Schedule")) or "0"
    dob = clean(f.get("DateOfBirth"))
    is_country = code != program
    return ListedRecord(
        list_key="canada-sema",
        source_list="SEMA" if is_country else program,
        entry_id=f"{code}-{schedule}-{item}",
        kind=kind,
        name=name,
        aliases=split_aliases(f.get("Aliases", "")),
        countries=(code,) if is_country else (),
        programs=(f"SEMA {program}" if is_country else program,),
        title=clean(f.get("Title")),
        birth_dates=(partial_iso(dob),) if dob else (),
        source_url=SOURCE_URL,
        raw=dict(f),
        line=index,
    )
