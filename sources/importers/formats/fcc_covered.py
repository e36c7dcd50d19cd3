"""FCC Covered List (Secure and Trusted Communications Networks Act).

The FCC publishes the list only as an HTML table on its web page; the entity name is not
a column but part of the description ("...produced by <strong>Huawei Technologies
Company</strong>, including..."). Three shapes are read:

* the page's ``<table>`` (names from the ``<strong>`` text),
* that table flattened to 2-column CSV (OpenSanctions' crawler; names extracted from the
  description with the phrasing patterns the FCC uses),
* OpenSanctions' curated 4-column semicolon CSV with a BOM (names given in a column).

Rows about product categories ("Routers produced in a foreign country") become records
of kind ``unknown`` named after the category. The list has no ids: ``entry_id`` is
``fcc-`` + a slug of the name, the same for the same name in all three shapes.
A company listed as "X and its wholly-owned subsidiary Y" gives two records, Y with
``parent_name`` X.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

from sources.importers.records import ListedRecord, ParseResult, WrongFormat
from sources.importers.text import BadDate, clean, ensure_file, open_text, parse_date, slug

FORMAT = (
    "FCC Covered List: the coveredlist page's HTML <table>, or its CSV flattening "
    "(covered_equipment_or_services,date_of_inclusion_on_covered_list), or the "
    "semicolon CSV 'Covered Equipment or Services;Date of Inclusion on Covered List;...'"
)
SOURCE_URL = "https://www.fcc.gov/supplychain/coveredlist"
PROGRAM = "Secure and Trusted Communications Networks Act"

_DATE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{1,2}, \d{4}"
)
# Footnote markers and link-text residue glued into the flattened CSV.
_NOISE = re.compile(r"[†^£³#*]|\bVisit - ")
_CATEGORY = re.compile(r"foreign country|foreign-produced|Section 1709", re.IGNORECASE)
_BY = re.compile(
    r"\bby (?P<name>[A-Z].+?)(?=,? subject to|, including|, to the extent| or any of its"
    r"| and its wholly-owned subsidiary|\.?$)"
)
_SUBSIDIARY = re.compile(r"wholly-owned subsidiary (?P<name>[A-Z].+?)(?= subject to|,|\.?$)")


def parse(path: str | Path) -> ParseResult:
    path = ensure_file(path, FORMAT)
    handle, encoding = open_text(path)
    with handle:
        head = handle.read(4096)
    first_line = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    result = ParseResult(format="fcc-covered", records=iter(()), encoding=encoding)
    if head.lstrip().startswith("<") and "<table" in head.lower():
        result.records = result.counted(_from_html(result, path, encoding))
    elif first_line.startswith("covered_equipment_or_services,date_of_inclusion"):
        result.records = result.counted(_from_csv(result, path, ",", flattened=True))
    elif first_line.startswith("Covered Equipment or Services;Date of Inclusion"):
        result.records = result.counted(_from_csv(result, path, ";", flattened=False))
    else:
        raise WrongFormat(f"{path.name}: expected {FORMAT}; first line was {first_line[:80]!r}")
    return result


def _from_csv(result: ParseResult, path: Path, delimiter: str, flattened: bool):
    handle, _ = open_text(path)
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = [h.lstrip("\ufeff") for h in next(reader)]
        last = reader.line_num
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            result.stats["rows"] += 1
            if len(row) < 2:
                result.reject(line, f"expected at least 2 fields, got {len(row)}", ",".join(row))
                continue
            names = [] if flattened else [clean(row[2])] if len(row) > 2 and row[2] else []
            subsidiaries = [clean(s) for s in row[3].split(",")] if len(row) > 3 else []
            yield from _records(
                result,
                line,
                row[0],
                row[1],
                names,
                subsidiaries,
                dict(zip(header, row, strict=False)),
            )


def _records(result, line, description, dates, names, subsidiaries, raw):
    description = clean(_NOISE.sub(" ", description)).replace(" ,", ",").replace(" .", ".")
    found = _DATE.findall(clean(dates))
    if not found:
        result.reject(line, f"no 'Month D, YYYY' date in {dates!r}", description)
        return
    try:
        start = parse_date(found[0])
    except BadDate as exc:
        result.reject(line, f"date: {exc}", description)
        return
    remarks = description
    if len(found) > 1:
        remarks += "\nUpdated: " + "; ".join(found[1:])
    kind = "entity"
    if not names:
        if _CATEGORY.search(description):
            kind = "unknown"
            names = [re.split(r",|—| except| to the extent", description)[0].strip()]
        elif m := _BY.search(description):
            names = [m.group("name")]
            if sub := _SUBSIDIARY.search(description):
                subsidiaries = [sub.group("name")]
        else:
            result.reject(line, "no entity name found in the description", description)
            return
    parent = ""
    for name in [*names, *(s for s in subsidiaries if s)]:
        name = clean(name).rstrip(" .,")
        yield ListedRecord(
            list_key="fcc-covered",
            source_list="Covered List",
            entry_id="fcc-" + slug(name),
            kind=kind,
            name=name,
            programs=(PROGRAM,),
            start_date=start[0] if start else None,
            listing_date_precision=start[1] if start else "",
            remarks=remarks,
            source_url=SOURCE_URL,
            parent_name=parent,
            raw=raw,
            line=line,
        )
        parent = parent or name


class _TableReader(HTMLParser):
    """Collects (line, description, strong texts, date text) for each body row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, str, list[str], str]] = []
        self._cells: list[list[str]] | None = None
        self._strongs: list[str] = []
        self._in_td = self._in_strong = False
        self._row_line = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._cells, self._strongs, self._row_line = [], [], self.getpos()[0]
        elif tag == "td" and self._cells is not None:
            self._cells.append([])
            self._in_td = True
        elif tag == "strong" and self._in_td:
            self._in_strong = True
            self._strongs.append("")
        elif tag in ("br", "p") and self._in_td:
            self._cells[-1].append("\n")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False
        elif tag == "strong":
            self._in_strong = False
        elif tag == "tr" and self._cells:
            cells = ["".join(c) for c in self._cells]
            strongs = self._strongs if len(self._cells) and self._strongs else []
            # Strong text in the date cell is not a name; only the first cell's counts.
            self.rows.append(
                (self._row_line, cells[0], strongs, cells[1] if len(cells) > 1 else "")
            )
            self._cells = None

    def handle_data(self, data):
        if self._in_td and self._cells is not None:
            self._cells[-1].append(data)
            if self._in_strong and len(self._cells) == 1:
                self._strongs[-1] += data


def _from_html(result: ParseResult, path: Path, encoding: str):
    reader = _TableReader()
    with open(path, encoding=encoding, errors="replace") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), ""):
            reader.feed(chunk)
    reader.close()
    for line, description, strongs, dates in reader.rows:
        result.stats["rows"] += 1
        names = [clean(s) for s in strongs if clean(s)]
        subsidiaries = names[1:] if "subsidiary" in description else []
        names = names[:1] if subsidiaries else names
        raw = {"covered_equipment_or_services": description, "date_of_inclusion": dates}
        yield from _records(result, line, description, dates, names, subsidiaries, raw)
