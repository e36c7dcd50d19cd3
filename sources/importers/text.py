"""Text, date and country normalisation shared by the format parsers.

The fast paths matter: the CSL parser calls :func:`clean` on every cell of every row, so
plain ASCII text without doubled spaces skips the regular expressions entirely.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Everything in C0/C1 and DEL except tab and newline; those two are kept by clean_multiline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Unicode spaces that are not matched by str.split() in every case or look like one.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")

MIN_YEAR = 1900
MAX_YEAR = 2100


def clean(value: str | None) -> str:
    """Remove control characters, turn odd spaces into spaces, collapse runs, strip."""
    if not value:
        return ""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()
    value = _ODD_SPACES.sub(" ", _CONTROL.sub("", value))
    return _SPACES.sub(" ", value).strip()


def clean_multiline(value: str | None) -> str:
    """Like :func:`clean` but keeps line breaks (free-text remarks); blank lines dropped."""
    if not value:
        return ""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (clean(line) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def split_clean(value: str | None, sep: str) -> tuple[str, ...]:
    """Split a multi-valued cell and drop empty parts, preserving order without repeats."""
    if not value:
        return ()
    return unique(clean(part) for part in value.split(sep))


def unique(values) -> tuple:
    """Non-empty values in first-seen order, without repeats."""
    seen: dict = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


# --- dates -----------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class BadDate(ValueError):
    """A date cell that is present but not a plausible date; the message says why."""


def checked(year: int, month: int = 1, day: int = 1) -> dt.date:
    """A date, refusing typo years such as 3017 (the DPL has one) and impossible days."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadDate(f"year {year} outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDate(str(exc)) from None


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DMY_NAME = re.compile(r"^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$")
_MDY_NAME = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})$")
_MY_NAME = re.compile(r"^([A-Za-z]{3,9})\.? (\d{4})$")


def parse_date(value: str) -> tuple[dt.date, str] | None:
    """Parse the date spellings the lists use; returns ``(date, precision)`` or None if empty.

    Precision is "" for a full date, "month" or "year" for partial ones (the date is then
    the first day of the period). Raises :class:`BadDate` for text that is not a date.
    Accepts ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``MM/DD/YYYY``, ``DD Mon YYYY``,
    ``Month D, YYYY``, ``Mon YYYY`` and ``circa YYYY``.
    """
    value = clean(value)
    if not value:
        return None
    if value.lower().startswith("circa "):
        value = value[6:].strip()
    if m := _ISO.match(value):
        year, month, day = m.groups()
        if day:
            return checked(int(year), int(month), int(day)), ""
        if month:
            return checked(int(year), int(month)), "month"
        return checked(int(year)), "year"
    if m := _MDY.match(value):
        return checked(int(m[3]), int(m[1]), int(m[2])), ""
    if m := _DMY_NAME.match(value):
        return checked(int(m[3]), _month(m[2], value), int(m[1])), ""
    if m := _MDY_NAME.match(value):
        return checked(int(m[3]), _month(m[1], value), int(m[2])), ""
    if m := _MY_NAME.match(value):
        return checked(int(m[2]), _month(m[1], value)), "month"
    raise BadDate(f"unreadable date {value!r}")


def _month(name: str, value: str) -> int:
    try:
        return MONTHS[name.lower()]
    except KeyError:
        raise BadDate(f"unknown month in {value!r}") from None


def partial_iso(value: str) -> str:
    """A date as an ISO string of the precision given ("1962", "1962-02", "1962-02-03")."""
    parsed = parse_date(value)
    if parsed is None:
        return ""
    date, precision = parsed
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


# --- countries -------------------------------------------------------------------------

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "  # noqa: SIM905
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)
_ISO2 = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """ISO-2 code (upper case) for a country name or code, or "" if unknown.

    Names go through ``rigour.territories`` (installed with followthemoney, a project
    dependency); codes such as ``CN`` pass straight through.
    """
    name = clean(name)
    if not name:
        return ""
    if _ISO2.match(name):
        return name
    from rigour.territories import lookup_territory

    territory = lookup_territory(name)
    if territory is None:
        return ""
    code = territory.code.upper()
    return code if _ISO2.match(code) else ""


# --- files -----------------------------------------------------------------------------


def detect_encoding(path: Path, sample_size: int = 1 << 16) -> str:
    """The encoding to read ``path`` with: a BOM wins, else UTF-8 if the head decodes, else
    cp1252 (what Windows-made exports use). Returned name is what ParseResult states."""
    with open(path, "rb") as handle:
        head = handle.read(sample_size)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample boundary is still UTF-8.
        if exc.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


def open_text(path: Path):
    """Open for the csv module: detected encoding, ``newline=''``, undecodable bytes replaced
    (reported as U+FFFD rather than crashing mid-file)."""
    encoding = detect_encoding(path)
    return open(path, encoding=encoding, errors="replace", newline=""), encoding


def slug(value: str) -> str:
    """ASCII lower-case slug for synthesised ids."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def ensure_file(path: Path, expected: str) -> Path:
    """The path as a readable file, or WrongFormat naming the format that was expected."""
    from sources.importers.records import WrongFormat

    path = Path(path)
    if not path.is_file():
        raise WrongFormat(f"{path}: expected {expected}; not a file")
    return path


@lru_cache(maxsize=512)
def is_country_code(code: str) -> bool:
    """Whether a 2-letter code is a real ISO-2 country/territory code."""
    from rigour.territories import get_territory

    return len(code) == 2 and code.isalpha() and get_territory(code.lower()) is not None


def csv_rows(reader, result, *, label: str = "", count_rows: bool = True):
    """
    ``(line, row)`` for each row ``reader`` (a ``csv.reader``) can read, with its first line.

    A row the CSV parser cannot read (a stray quote) is rejected with its line
    number, prefixed with ``label`` (the file's name), and counted in
    ``result.stats["rows"]`` when ``count_rows``; reading goes on after it.
    """
    last = reader.line_num
    while True:
        line = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if count_rows:
                result.stats["rows"] += 1
            result.reject(line, f"{label}CSV error: {exc}", "")
            last = reader.line_num
            continue
        last = reader.line_num
        yield line, row
