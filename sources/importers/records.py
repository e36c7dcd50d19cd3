"""The normalised shapes every format parser produces.

``ListedRecord`` is one listing as a list states it (one row of the CSL, one OFAC entity
with its addresses and aliases joined in, one FtM entity...). ``Rejected`` is a row the
parser could not turn into a record, with enough context to find it in the file.
``ParseResult`` streams the records and collects the rejects as it goes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields

from core.jsontext import sorted_utf8

KINDS = ("entity", "individual", "vessel", "aircraft", "unknown")
OPS = ("ADD", "MOD", "DEL")


class WrongFormat(ValueError):
    """The file is not in the format the parser reads; raised before any record is yielded."""


@dataclass(frozen=True, slots=True)
class ListedRecord:
    """One entry of one list, normalised.

    Text is cleaned (control characters removed, whitespace collapsed), countries are
    upper-case ISO-2 codes, identifiers are ``(scheme, value)`` pairs with well-known
    schemes normalised (``uscc``, ``isin``, ``lei``, ``ticker``, ``imo``, ``ofac_ent``...).
    ``raw`` keeps the source row as strings and ``line`` says where it started; neither
    is part of equality. ``raw`` is part of :attr:`content_hash` (the entry stores it, so
    a change in a column the parser does not read is still an update); ``line`` is not.
    """

    list_key: str
    source_list: str
    entry_id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    programs: tuple[str, ...] = ()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    # "" when start_date is exact to the day, else "year" or "month".
    listing_date_precision: str = ""
    federal_register: str = ""
    license_requirement: str = ""
    license_policy: str = ""
    remarks: str = ""
    source_url: str = ""
    parent_name: str = ""
    title: str = ""
    # ISO dates as the list gives them, possibly partial ("1962", "1962-02").
    birth_dates: tuple[str, ...] = ()
    raw: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    line: int = field(default=0, compare=False)
    # A fingerprint of the source row as the file has it (and of the parser's version):
    # the same row in the next file is unchanged without being parsed. Formats that do
    # not fingerprint their rows leave it empty. Not part of :attr:`content_hash`.
    row_hash: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")

    def canonical(self) -> dict:
        """Every field but ``line``, as JSON-ready values (json.dumps turns tuples into
        lists itself; dates become ISO strings)."""
        out = {name: getattr(self, name) for name in _HASHED_FIELDS}
        for name in ("start_date", "end_date"):
            if out[name] is not None:
                out[name] = out[name].isoformat()
        return out

    @property
    def content_hash(self) -> str:
        """sha256 of :meth:`canonical` as sorted-key JSON: same content, same hash, any file."""
        return hashlib.sha256(sorted_utf8(self.canonical())).hexdigest()


_HASHED_FIELDS = tuple(f.name for f in fields(ListedRecord) if f.name not in {"line", "row_hash"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def row_fingerprint(version: str, header: Iterable[str]):
    """A hasher seeded with a parser's version and a file's header; copy it per row."""
    seed = hashlib.blake2b(digest_size=20)
    seed.update(f"{version}\x1e{chr(31).join(header)}\x1e".encode())
    return seed


def excerpt(text: str, limit: int = 200) -> str:
    """The first ``limit`` characters with control characters shown as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text[:limit])


@dataclass(frozen=True, slots=True)
class KnownRow:
    """A row whose fingerprint the importer already holds for its entry: not parsed again.

    Parsers yield it in place of a :class:`ListedRecord` only when the importer asked,
    through :attr:`ParseResult.known`; the entry's stored content stands for it.
    """

    entry_id: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that could not be read (or, in ``ParseResult.warnings``, was read with a flag)."""

    line: int
    reason: str
    excerpt: str = ""

    @classmethod
    def of(cls, line: int, reason: str, text: str) -> Rejected:
        return cls(line=line, reason=reason, excerpt=excerpt(text))


@dataclass
class ParseResult:
    """What a parser returns: file-level facts plus a stream of records.

    ``records`` is an iterator: ``rejected``, ``warnings``, ``ops`` and ``stats`` are
    complete only once it has been exhausted (call :meth:`read_all` to do that).
    ``ops`` maps entry_id to ADD/MOD/DEL for delta files and stays empty otherwise.
    ``known``, when a caller sets it before reading, is asked ``known(entry_id,
    row_hash)`` for each row a format fingerprints; a row it knows is yielded as a
    :class:`KnownRow` without being parsed.
    """

    format: str
    records: Iterator[ListedRecord]
    file_date: dt.date | None = None
    encoding: str = ""
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)
    ops: dict[str, str] = field(default_factory=dict)
    stats: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "records": 0, "rejected": 0, "skipped": 0}
    )
    known: Callable[[str, str], bool] | None = None

    def __iter__(self) -> Iterator[ListedRecord]:
        return iter(self.records)

    def read_all(self) -> list[ListedRecord]:
        return list(self.records)

    def counted(self, records: Iterable[ListedRecord]) -> Iterator[ListedRecord]:
        """Wrap a generator so ``stats['records']`` counts what was yielded."""
        for record in records:
            self.stats["records"] += 1
            yield record

    def reject(self, line: int, reason: str, text: str) -> None:
        self.rejected.append(Rejected.of(line, reason, text))
        self.stats["rejected"] += 1

    def warn(self, line: int, reason: str, text: str) -> None:
        self.warnings.append(Rejected.of(line, reason, text))
