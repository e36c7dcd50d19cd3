"""
Screening: a reader's list of names or identifiers (one a line, or a CSV's name column),
each matched by the search engine, with the measures that apply to each company found.

Nothing screened is stored or logged: the lines live in the request and the
response only. The page (``/screen/``), its CSV download and the API
(``POST /api/screen/``) all call :func:`screen` and write the same columns
(:data:`CSV_COLUMNS`), so they always agree.

Limits: :data:`MAX_LINES` lines, :data:`MAX_BYTES` bytes of text or file,
:data:`MAX_LINE_LENGTH` characters a line (longer lines are cut, and said so).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch

from core.partial_dates import overlaps_q, today

from ..models import MeasureTarget, Milestone
from . import engine

MAX_LINES = 1000
MAX_BYTES = 256 * 1024
MAX_LINE_LENGTH = 200
MATCHES_PER_LINE = 3
NAME_COLUMNS = ("name", "company", "vendor", "supplier", "entity", "identifier")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ScreeningError(ValueError):
    """Input that cannot be screened; the message says why, for the reader."""


@dataclass
class Screened:
    """One line of the reader's list and what it matched."""

    number: int
    text: str
    hits: list = field(default_factory=list)  # engine.Hit, best first
    suggestions: list = field(default_factory=list)
    cut: bool = False

    @property
    def matched(self) -> bool:
        return bool(self.hits)


@dataclass
class Screening:
    lines: list[Screened]
    threshold: float
    measures: dict = field(default_factory=dict)  # company pk -> [Measure]

    @property
    def matched_count(self):
        return sum(1 for line in self.lines if line.matched)

    def measures_of(self, company):
        return self.measures.get(company.pk, []) if company else []


def lines_from_text(text: str) -> list[str]:
    """The non-empty lines of pasted text, refusing too many bytes or lines."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ScreeningError(
            f"The list is larger than {MAX_BYTES // 1024} KB: screen it in parts "
            f"of up to {MAX_LINES} lines."
        )
    lines = [line.strip() for line in text.replace("\x00", "").splitlines()]
    return _bounded([line for line in lines if line])


def lines_from_csv(data: bytes, name: str = "") -> list[str]:
    """The ``name`` column (or the first column) of a CSV file's rows."""
    if len(data) > MAX_BYTES:
        raise ScreeningError(
            f"The file is larger than {MAX_BYTES // 1024} KB: screen it in parts "
            f"of up to {MAX_LINES} rows."
        )
    if name and not name.lower().endswith((".csv", ".txt")):
        raise ScreeningError("The file must be a CSV file (.csv) with a “name” column.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ScreeningError("The file is not a CSV text file (UTF-8).") from None
    if "\x00" in text:
        raise ScreeningError("The file is not a CSV text file: it holds binary data.")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ScreeningError(f"The file is not readable as CSV: {exc}.") from None
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(c) for c in NAME_COLUMNS if c in header), None)
    if column is None:
        column, body = 0, rows  # no header we know: the first column, every row
    else:
        body = rows[1:]
    values = [row[column].strip() for row in body if len(row) > column]
    return _bounded([value for value in values if value])


def _bounded(lines: list[str]) -> list[str]:
    if len(lines) > MAX_LINES:
        raise ScreeningError(
            f"The list has {len(lines)} lines; at most {MAX_LINES} can be screened at once."
        )
    return lines


def screen(lines: list[str], threshold: float = engine.DEFAULT_THRESHOLD) -> Screening:
    """Match every line; then, in two queries, the measures of every company matched."""
    screened = [
        Screened(number, raw[:MAX_LINE_LENGTH], cut=len(raw) > MAX_LINE_LENGTH)
        for number, raw in enumerate(lines, start=1)
    ]
    # Each distinct line once; as engine.find would, with the words of the misspelt read
    # together.
    found = engine.find_many(
        [line.text for line in screened], threshold=threshold, limit=MATCHES_PER_LINE
    )
    for line in screened:
        line.hits, line.suggestions = found[line.text]
    result = Screening(screened, threshold)
    company_ids = {hit.company.pk for line in screened for hit in line.hits if hit.company}
    result.measures = measures_by_company(company_ids)
    for line in screened:
        for hit in line.hits:
            hit.measures = result.measures_of(hit.company)
    return result


def measures_by_company(company_ids) -> dict:
    """Every measure against each company, newest first, with its upcoming deadlines."""
    if not company_ids:
        return {}
    upcoming = Milestone.objects.filter(
        overlaps_q("date", today(), None), kind=Milestone.Kind.DEADLINE
    ).in_order()
    targets = (
        MeasureTarget.objects.filter(company__in=company_ids)
        .select_related("measure__measure_type", "measure__government")
        .prefetch_related(Prefetch("measure__milestones", queryset=upcoming, to_attr="upcoming"))
        .order_by("-measure__announced_on", "measure__title")
    )
    found: dict = {}
    for target in targets:
        found.setdefault(target.company_id, []).append(target.measure)
    return found


def next_deadline(measure):
    upcoming = getattr(measure, "upcoming", None)
    return upcoming[0].when if upcoming else None


# --- CSV and JSON ------------------------------------------------------------------------

CSV_COLUMNS = [
    "line",
    "input",
    "result",
    "rank",
    "score",
    "how",
    "matched_text",
    "matched_as",
    "company",
    "company_url",
    "list",
    "list_entry_id",
    "list_entry_name",
    "measure",
    "measure_url",
    "imposed_by",
    "type",
    "status",
    "announced",
    "effective",
    "lifted",
    "citation",
    "next_deadline",
]


def neutralise(value) -> str:
    """A cell a spreadsheet will not run as a formula (as ``measures/outputs/csv_export``)."""
    value = "" if value is None else str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _date(partial) -> str:
    return partial.isoformat() if partial else ""


def records(result: Screening, absolute):
    """One dict a row: per line, per match, per measure (``absolute`` makes full URLs)."""
    for line in result.lines:
        base = {"line": line.number, "input": line.text}
        if not line.hits:
            yield {**base, "result": "no match"}
            continue
        for rank, hit in enumerate(line.hits, start=1):
            row = {
                **base,
                "result": "match",
                "rank": rank,
                "score": f"{hit.score:.2f}",
                "how": hit.how_text,
                "matched_text": hit.text,
                "matched_as": hit.label,
                "company": hit.company.short_name if hit.company else "",
                "company_url": absolute(hit.company.get_absolute_url()) if hit.company else "",
                "list": hit.entry.list_key if hit.entry else "",
                "list_entry_id": hit.entry.entry_id if hit.entry else "",
                "list_entry_name": hit.entry.name if hit.entry else "",
            }
            measures = hit.measures
            if not measures:
                yield row
                continue
            for measure in measures:
                yield {
                    **row,
                    "measure": measure.title,
                    "measure_url": absolute(measure.get_absolute_url()),
                    "imposed_by": measure.government.name,
                    "type": measure.measure_type.name,
                    "status": measure.status,
                    "announced": _date(measure.announced),
                    "effective": _date(measure.effective),
                    "lifted": _date(measure.lifted),
                    "citation": measure.legal_basis,
                    "next_deadline": _date(next_deadline(measure)),
                }


def csv_text(result: Screening, absolute) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records(result, absolute):
        writer.writerow([neutralise(record.get(column, "")) for column in CSV_COLUMNS])
    return out.getvalue()


def as_json(result: Screening, absolute) -> dict:
    """The API's answer: each line with its matches, each match with its measures."""

    def measure_json(measure):
        return {
            "title": measure.title,
            "url": absolute(measure.get_absolute_url()),
            "imposed_by": measure.government.name,
            "imposed_by_code": measure.government.code,
            "type": measure.measure_type.name,
            "status": measure.status,
            "announced": _date(measure.announced),
            "effective": _date(measure.effective),
            "lifted": _date(measure.lifted),
            "citation": measure.legal_basis,
            "next_deadline": _date(next_deadline(measure)),
        }

    def hit_json(hit):
        return {
            "score": round(hit.score, 4),
            "how": hit.how,
            "matched_text": hit.text,
            "matched_as": hit.label,
            "explanation": hit.explanation,
            "company": (
                {
                    "slug": hit.company.slug,
                    "name": hit.company.short_name,
                    "url": absolute(hit.company.get_absolute_url()),
                }
                if hit.company
                else None
            ),
            "list_entry": (
                {
                    "list": hit.entry.list_key,
                    "id": hit.entry.entry_id,
                    "name": hit.entry.name,
                    "listed_on": hit.entry.listed_on.isoformat() if hit.entry.listed_on else None,
                    "delisted_on": hit.entry.delisted_on.isoformat()
                    if hit.entry.delisted_on
                    else None,
                }
                if hit.entry
                else None
            ),
            "measures": [measure_json(m) for m in hit.measures],
        }

    return {
        "threshold": result.threshold,
        "lines": [
            {
                "line": line.number,
                "input": line.text,
                "result": "match" if line.matched else "no match",
                "matches": [hit_json(hit) for hit in line.hits],
                "did_you_mean": [hit.text for hit in line.suggestions],
            }
            for line in result.lines
        ],
    }
