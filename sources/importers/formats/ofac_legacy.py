"""OFAC legacy CSV sets: SDN (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the
Consolidated non-SDN list (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv).

Both sets share one layout: no header row, CRLF, numbers unquoted, the literal ``-0- ``
(trailing space, unquoted) for empty, programs joined with ``] [`` inside one quoted
field, a lone Ctrl-Z (``\\x1a``) as the last line, and remarks longer than the column
continued mid-word in the comments file. The primary file is streamed; the three side
files are read into dicts keyed by ent_num first (they are a few MB at most).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from sources.importers.identifiers import normalise_value
from sources.importers.records import ListedRecord, ParseResult, WrongFormat
from sources.importers.text import (
    BadDate,
    clean,
    country_code,
    csv_rows,
    open_text,
    parse_date,
    partial_iso,
    unique,
)

PRIMARY = (  # noqa: SIM905
    "ent_num SDN_Name SDN_Type Program Title Call_Sign Vess_type Tonnage GRT Vess_flag "
    "Vess_owner Remarks"
).split()
ADD = ("ent_num add_num Address City_State_Province_Postal Country Add_remarks").split()  # noqa: SIM905
ALT = ("ent_num alt_num alt_type alt_name alt_remarks").split()  # noqa: SIM905
COMMENTS = ("ent_num remarks_overflow").split()  # noqa: SIM905
WIDTHS = {"primary": len(PRIMARY), "add": len(ADD), "alt": len(ALT), "comments": len(COMMENTS)}

FILE_SETS = {
    "ofac-sdn": {
        "primary": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    "ofac-cons": {
        "primary": "cons_prim.csv",
        "add": "cons_add.csv",
        "alt": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}
SOURCE_URLS = {
    "ofac-sdn": "https://www.treasury.gov/ofac/downloads/sdn.csv",
    "ofac-cons": "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv",
}
KINDS = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", "": "entity"}
PLACEHOLDER = "-0-"
EOF_MARK = "\x1a"

# Remarks items "Key value" whose key names an identifier (longest keys first).
_ID_KEYS = [
    ("Unified Social Credit Code (USCC)", "uscc"),
    ("Vessel Registration Identification", "imo"),
    ("Legal Entity Number", "lei"),
    ("ISIN", "isin"),
    ("Equity Ticker", "ticker"),
    ("MMSI", "mmsi"),
    ("SWIFT/BIC", "swift_bic"),
    ("Passport", "passport"),
    ("Tax ID No.", "tax_id"),
    ("Registration Number", "registration"),
    ("Registration ID", "registration"),
    ("National ID No.", "national_id"),
    ("Website", "website"),
    ("Email Address", "email"),
    ("BIK (RU)", "bik"),
    ("Government Gazette Number", "Government Gazette Number"),
]
_AKA = re.compile(r"^[fan]\.k\.a\. '(.+)'$")
_LISTING = re.compile(r"^Listing Date \([^)]*\):? (.+)$")
_DOB = re.compile(r"^(?:alt\. )?DOB (.+)$")
_NATIONALITY = re.compile(r"^(?:alt\. )?(?:nationality|citizen) (.+)$", re.IGNORECASE)


def nz(value: str) -> str:
    """Cleaned cell with the ``-0-`` placeholder mapped to empty."""
    value = clean(value)
    return "" if value == PLACEHOLDER else value


def _files(list_key: str, path_or_paths) -> dict[str, Path]:
    """Map roles to files from a folder, a list of files, or the primary file alone."""
    names = FILE_SETS[list_key]
    by_name = {name.lower(): role for role, name in names.items()}
    if isinstance(path_or_paths, str | Path) and Path(path_or_paths).is_dir():
        folder = Path(path_or_paths)
        found = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        files = {role: found[name] for name, role in by_name.items() if name in found}
    else:
        paths = [path_or_paths] if isinstance(path_or_paths, str | Path) else path_or_paths
        files = {}
        for p in map(Path, paths):
            files[by_name.get(p.name.lower(), "primary" if "primary" not in files else p.name)] = p
    if "primary" not in files:
        raise WrongFormat(
            f"expected the OFAC legacy CSV set {', '.join(names.values())}; "
            f"no {names['primary']} among {path_or_paths}"
        )
    return files


def _sniff(role: str, path: Path) -> None:
    """Refuse a file whose first row is not an OFAC legacy row of this role."""
    handle, _ = open_text(path)
    with handle:
        try:
            row = next(csv.reader(handle), None)
        except csv.Error:
            row = None
    expected = f"OFAC legacy CSV ({role}: {WIDTHS[role]} headerless columns, ent_num first)"
    if row == [EOF_MARK] or row is None and role != "primary":
        return  # an empty side file is legitimate
    if row is None or len(row) != WIDTHS[role] or not row[0].strip().isdigit():
        got = ",".join(row or [])[:120]
        raise WrongFormat(f"{path.name}: expected {expected}; first row was {got!r}")


def _rows(path: Path, role: str, result: ParseResult) -> Iterable[tuple[int, list[str]]]:
    """(line, row) for each data row; bad rows go to ``result.rejected``."""
    handle, _ = open_text(path)
    width = WIDTHS[role]
    with handle:
        reader = csv.reader(handle)
        for line, row in csv_rows(reader, result, label=f"{path.name}: ", count_rows=False):
            if not row or row == [EOF_MARK] or (len(row) == 1 and not row[0].strip(EOF_MARK)):
                continue
            if role == "primary":
                result.stats["rows"] += 1
            if len(row) != width or not row[0].strip().isdigit():
                result.reject(
                    line,
                    f"{path.name}: expected {width} fields starting with ent_num",
                    ",".join(row),
                )
                continue
            yield line, row


def parse(path_or_paths, list_key: str = "ofac-sdn") -> ParseResult:
    """Parse an OFAC legacy set given as a folder, a list of files, or the primary file."""
    files = _files(list_key, path_or_paths)
    for role, path in files.items():
        if role in WIDTHS:
            _sniff(role, path)
    result = ParseResult(format=list_key, records=iter(()), encoding=open_text(files["primary"])[1])
    result.records = result.counted(_records(result, files, list_key))
    return result


def parse_sdn(path_or_paths) -> ParseResult:
    return parse(path_or_paths, "ofac-sdn")


def parse_cons(path_or_paths) -> ParseResult:
    return parse(path_or_paths, "ofac-cons")


def _side(result: ParseResult, files: dict[str, Path], role: str) -> dict[str, list[list[str]]]:
    table: dict[str, list[list[str]]] = defaultdict(list)
    if role in files:
        for _line, row in _rows(files[role], role, result):
            table[row[0].strip()].append(row)
    return table


def _records(result: ParseResult, files: dict[str, Path], list_key: str):
    adds = _side(result, files, "add")
    alts = _side(result, files, "alt")
    comments = _side(result, files, "comments")
    seen: set[str] = set()
    for line, row in _rows(files["primary"], "primary", result):
        ent = row[0].strip()
        seen.add(ent)
        try:
            yield _record(
                list_key, line, row, adds.get(ent, ()), alts.get(ent, ()), comments.get(ent, ())
            )
        except (BadDate, ValueError) as exc:
            result.reject(line, str(exc), ",".join(row))
    for role, table in (("add", adds), ("alt", alts), ("comments", comments)):
        for ent in table.keys() - seen:
            result.warn(0, f"{files[role].name}: ent_num {ent} has no primary row", ent)


def _record(list_key, line, row, adds, alts, comments) -> ListedRecord:
    fields = dict(zip(PRIMARY, row, strict=True))
    name = nz(fields["SDN_Name"])
    if not name:
        raise ValueError("empty SDN_Name")
    # Overflow continues the sentence mid-word, so it is appended without a separator.
    remarks = nz(fields["Remarks"]) + "".join(nz(c[1]) for c in comments)
    facts = _remarks(remarks)
    programs = tuple(p.strip() for p in nz(fields["Program"]).strip("[]").split("] [") if p)

    addresses, countries = [], []
    for add in adds:
        parts = [nz(add[2]), nz(add[3]), nz(add[4])]
        if text := ", ".join(p for p in parts if p):
            addresses.append(text)
        countries.append(country_code(nz(add[4])))
    countries += [country_code(c) for c in facts["countries"]]
    if flag := nz(fields["Vess_flag"]):
        countries.append(country_code(flag))

    identifiers = [("ofac_ent", row[0].strip())]
    if call_sign := nz(fields["Call_Sign"]):
        identifiers.append(("call_sign", call_sign))
    identifiers += facts["identifiers"]
    aliases = [nz(a[3]) for a in alts] + facts["aliases"]

    raw = dict(fields)
    if comments:
        raw["remarks_overflow"] = "".join(c[1] for c in comments)
    return ListedRecord(
        list_key=list_key,
        source_list="SDN" if list_key == "ofac-sdn" else cons_list(programs),
        entry_id=row[0].strip(),
        kind=KINDS.get(nz(fields["SDN_Type"]).lower(), "unknown"),
        name=name,
        aliases=unique(a for a in aliases if a != name),
        addresses=unique(addresses),
        countries=unique(c for c in countries if c),
        identifiers=unique(identifiers),
        programs=programs,
        start_date=facts["start"][0] if facts["start"] else None,
        listing_date_precision=facts["start"][1] if facts["start"] else "",
        remarks=remarks,
        source_url=SOURCE_URLS[list_key],
        parent_name=facts["linked_to"] or nz(fields["Vess_owner"]),
        title=nz(fields["Title"]),
        birth_dates=unique(facts["dobs"]),
        raw=raw,
        line=line,
    )


def cons_list(programs: tuple[str, ...]) -> str:
    """Which non-SDN list a consolidated entry is on, read from its programs (the legacy
    CSV does not say; the advanced XML does)."""
    joined = " ".join(programs)
    for marker, code in (
        ("CMIC", "CMIC"),
        ("NS-PLC", "PLC"),
        ("FSE", "FSE"),
        ("CAPTA", "CAP"),
        ("CAATSA", "NS-MBS"),
        ("IRAN-CON-ARMS", "NS-MBS"),
        ("NS-MBS", "NS-MBS"),
        ("UKRAINE-EO13662", "SSI"),
        ("RUSSIA-EO14024", "SSI"),
    ):
        if marker in joined:
            return code
    return "CONS"


def _remarks(remarks: str) -> dict:
    """Pull identifiers, DOBs, aliases, nationalities, "Linked To" and the listing date
    out of the ``; ``-separated remarks."""
    out = {
        "identifiers": [],
        "dobs": [],
        "aliases": [],
        "countries": [],
        "linked_to": "",
        "start": None,
    }
    for item in remarks.rstrip(".").split("; "):
        item = item.strip().rstrip(".").strip()
        if not item:
            continue
        if m := _AKA.match(item):
            out["aliases"].append(clean(m.group(1)))
        elif m := _DOB.match(item):
            try:
                out["dobs"].append(partial_iso(m.group(1)))
            except BadDate:
                out["dobs"].append(m.group(1))
        elif m := _LISTING.match(item):
            if out["start"] is None:
                with suppress(BadDate):
                    out["start"] = parse_date(m.group(1))
        elif m := _NATIONALITY.match(item):
            out["countries"].append(m.group(1))
        elif item.startswith("Linked To: "):
            out["linked_to"] = out["linked_to"] or clean(item[len("Linked To: ") :])
        else:
            bare = item[5:] if item.startswith("alt. ") else item
            for key, scheme_name in _ID_KEYS:
                if bare.startswith(key + " "):
                    value = bare[len(key) + 1 :].split(" (")[0].strip()
                    out["identifiers"].append((scheme_name, normalise_value(scheme_name, value)))
                    break
    return out
