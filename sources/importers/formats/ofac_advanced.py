"""OFAC "advanced" XML (``cons_advanced.xml``; same schema as ``SDN_ADVANCED.XML``).

Everything is linked by numeric ids: names are split into parts typed through lookup
tables, addresses live in ``Locations``, documents in ``IDRegDocuments``, list
membership, programs and dates in ``SanctionsEntries`` *after* the parties, ownership in
``ProfileRelationships``. The file is therefore read twice with ``iterparse``, removing
each element once handled so memory stays bounded by the compact indexes, not the tree:
pass 1 indexes lookups, locations, documents, entries, relationships and each party's
primary name; pass 2 streams ``DistinctParty`` elements into records.
``line`` is the party's 1-based index among ``DistinctParty`` elements.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from sources.importers.identifiers import normalise_value, scheme
from sources.importers.records import ListedRecord, ParseResult, WrongFormat
from sources.importers.text import BadDate, checked, clean, ensure_file, unique

NS = "{http://www.un.org/sanctions/1.0}"
FORMAT = "OFAC advanced XML (<Sanctions xmlns='http://www.un.org/sanctions/1.0'>)"
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sanctions/1.0/cons_advanced.xml"
KINDS = {"Individual": "individual", "Entity": "entity", "Vessel": "vessel", "Aircraft": "aircraft"}
LIST_CODES = {
    "SDN List": "SDN",
    "Non-SDN Palestinian Legislative Council List": "PLC",
    "FSE List": "FSE",
    "Sectoral Sanctions Identifications List": "SSI",
    "CAPTA List": "CAP",
    "Non-SDN Menu-Based Sanctions List": "NS-MBS",
    "Non-SDN Chinese Military-Industrial Complex Companies List": "CMIC",
}
UMBRELLA_LIST = "Consolidated List"
# Feature types whose text is an identifier; the rest go to remarks.
FEATURE_SCHEMES = {
    "SWIFT/BIC",
    "Website",
    "Email Address",
    "BIK (RU)",
    "Vessel Registration Identification",
    "MMSI",
}
ITEMS = {"Location", "IDRegDocument", "DistinctParty", "ProfileRelationship", "SanctionsEntry"}


def parse(path: str | Path) -> ParseResult:
    path = ensure_file(path, FORMAT)
    try:
        _event, root = next(ET.iterparse(path, events=("start",)))
    except (ET.ParseError, StopIteration) as exc:
        raise WrongFormat(f"{path.name}: expected {FORMAT}; not XML ({exc})") from None
    if root.tag != f"{NS}Sanctions":
        raise WrongFormat(f"{path.name}: expected {FORMAT}; root element is {root.tag!r}")
    result = ParseResult(format="ofac-advanced", records=iter(()), encoding="utf-8")
    result.records = result.counted(_records(result, path))
    return result


def _items(path: Path, result: ParseResult | None):
    """Yield each top-level item element (and the reference sets) fully built, then drop it."""
    stack: list[ET.Element] = []
    try:
        for event, elem in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                stack.append(elem)
                continue
            stack.pop()
            tag = elem.tag[len(NS) :]
            if tag in ITEMS or tag in ("ReferenceValueSets", "DateOfIssue"):
                yield tag, elem
                if stack:
                    stack[-1].remove(elem)
    except ET.ParseError as exc:
        if result is not None:
            result.reject(0, f"XML not well-formed: {exc}", "")


class _Index:
    """Pass 1: everything a party needs that is not inside its own element."""

    def __init__(self) -> None:
        self.ref: dict[str, dict[str, str]] = defaultdict(dict)
        self.country_iso: dict[str, str] = {}
        self.locations: dict[str, tuple[str, str]] = {}
        self.documents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.entries: dict[str, list[tuple[str, str, dt.date | None]]] = defaultdict(list)
        self.owners: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.date_of_issue: dt.date | None = None

    def load(self, path: Path) -> None:
        for tag, elem in _items(path, None):
            getattr(self, f"_on_{tag}", lambda e: None)(elem)

    def _on_DateOfIssue(self, elem):  # noqa: N802
        self.date_of_issue = _date(elem)

    def _on_ReferenceValueSets(self, elem):  # noqa: N802
        for values in elem:
            for value in values:
                kind = value.tag[len(NS) :]
                self.ref[kind][value.get("ID")] = clean(value.text)
                if kind == "Country" and value.get("ISO2"):
                    self.country_iso[value.get("ID")] = value.get("ISO2").upper()

    def _on_Location(self, elem):  # noqa: N802
        parts = []
        for part in elem.iter(f"{NS}LocationPart"):
            value = part.find(f"{NS}LocationPartValue/{NS}Value")
            if value is not None and clean(value.text):
                parts.append(clean(value.text))
        country = elem.find(f"{NS}LocationCountry")
        iso = self.country_iso.get(country.get("CountryID"), "") if country is not None else ""
        name = self.ref["Country"].get(country.get("CountryID"), "") if country is not None else ""
        self.locations[elem.get("ID")] = (", ".join(p for p in [*parts, name] if p), iso)

    def _on_IDRegDocument(self, elem):  # noqa: N802
        number = clean(elem.findtext(f"{NS}IDRegistrationNo"))
        doc_type = self.ref["IDRegDocType"].get(elem.get("IDRegDocTypeID"), "")
        if number:
            sch = scheme(doc_type)
            self.documents[elem.get("IdentityID")].append((sch, normalise_value(sch, number)))

    def _on_SanctionsEntry(self, elem):  # noqa: N802
        list_name = self.ref["List"].get(elem.get("ListID"), "")
        date = None
        for event in elem.iter(f"{NS}EntryEvent"):
            found = event.find(f"{NS}Date")
            date = _date(found) if found is not None else None
        for measure in elem.iter(f"{NS}SanctionsMeasure"):
            if self.ref["SanctionsType"].get(measure.get("SanctionsTypeID")) == "Program":
                program = clean(measure.findtext(f"{NS}Comment"))
                self.entries[elem.get("ProfileID")].append((list_name, program, date))
        self.entries[elem.get("ProfileID")].append((list_name, "", date))

    def _on_ProfileRelationship(self, elem):  # noqa: N802
        relation = self.ref["RelationType"].get(elem.get("RelationTypeID"), "")
        if "Owned or Controlled By" in relation:
            self.owners[elem.get("From-ProfileID")].append(elem.get("To-ProfileID"))

    def _on_DistinctParty(self, elem):  # noqa: N802
        profile = elem.find(f"{NS}Profile")
        if profile is not None:
            names = _names(profile, self)
            if names:
                self.names[profile.get("ID")] = names[0]


def _date(elem) -> dt.date | None:
    try:
        return checked(
            int(elem.findtext(f"{NS}Year")),
            int(elem.findtext(f"{NS}Month") or 1),
            int(elem.findtext(f"{NS}Day") or 1),
        )
    except (TypeError, ValueError, BadDate):
        return None


def _names(profile, index: _Index) -> list[str]:
    """Primary name first, then aliases; parts ordered First before Last for people."""
    part_types = {
        g.get("ID"): index.ref["NamePartType"].get(g.get("NamePartTypeID"), "")
        for g in profile.iter(f"{NS}NamePartGroup")
    }
    names = []
    for alias in profile.iter(f"{NS}Alias"):
        parts = {}
        for value in alias.iter(f"{NS}NamePartValue"):
            parts[part_types.get(value.get("NamePartGroupID"), "")] = clean(value.text)
        if "Last Name" in parts:
            # The legacy CSV writes people "LAST, First"; keep that spelling for matching.
            rest = " ".join(v for k, v in parts.items() if k != "Last Name")
            name = f"{parts['Last Name']}, {rest}" if rest else parts["Last Name"]
        else:
            name = " ".join(parts.values())
        if alias.get("Primary") == "true":
            names.insert(0, name)
        else:
            names.append(name)
    return [n for n in names if n]


def _records(result: ParseResult, path: Path):
    index = _Index()
    index.load(path)
    result.file_date = index.date_of_issue
    number = 0
    for tag, elem in _items(path, result):
        if tag != "DistinctParty":
            continue
        number += 1
        result.stats["rows"] += 1
        try:
            yield _record(elem, index, number)
        except (ValueError, KeyError) as exc:
            result.reject(number, str(exc), ET.tostring(elem, encoding="unicode")[:400])


def _record(party, index: _Index, number: int) -> ListedRecord:
    profile = party.find(f"{NS}Profile")
    if profile is None:
        raise ValueError("DistinctParty without Profile")
    pid = profile.get("ID")
    names = _names(profile, index)
    if not names:
        raise ValueError(f"profile {pid} has no name")
    sub_type = profile.get("PartySubTypeID")
    sub_name = index.ref["PartySubType"].get(sub_type, "")
    kind = KINDS.get(sub_name)
    if kind is None:
        # "Unknown" sub-types: the party type (Individual/Entity) decides.
        kind = "individual" if sub_type == "4" else "entity" if sub_type == "3" else "unknown"

    addresses, countries, identifiers, remarks, dobs = [], [], [("ofac_ent", pid)], [], []
    for identity in profile.iter(f"{NS}Identity"):
        identifiers += index.documents.get(identity.get("ID"), [])
    for feature in profile.iter(f"{NS}Feature"):
        ftype = index.ref["FeatureType"].get(feature.get("FeatureTypeID"), "")
        version = feature.find(f"{NS}FeatureVersion")
        if version is None:
            continue
        location = version.find(f"{NS}VersionLocation")
        detail = version.find(f"{NS}VersionDetail")
        period = version.find(f"{NS}DatePeriod")
        if location is not None:
            text, iso = index.locations.get(location.get("LocationID"), ("", ""))
            if ftype == "Location" and text:
                addresses.append(text)
            countries.append(iso)
        elif ftype == "Birthdate" and period is not None:
            dobs.append(_period_text(period))
        elif detail is not None:
            text = clean(detail.text) or index.ref["DetailReference"].get(
                detail.get("DetailReferenceID"), ""
            )
            if ftype in FEATURE_SCHEMES and text:
                sch = scheme(ftype)
                identifiers.append((sch, normalise_value(sch, text)))
            elif text:
                remarks.append(f"{ftype.rstrip(' -:')}: {text}")

    entries = index.entries.get(pid, [])
    lists = unique(LIST_CODES.get(n, n) for n, _p, _d in entries if n != UMBRELLA_LIST)
    dates = sorted(d for _n, _p, d in entries if d)
    comment = clean(party.findtext(f"{NS}Comment"))
    owners = [index.names.get(o, "") for o in index.owners.get(pid, [])]
    return ListedRecord(
        list_key="ofac-cons",
        source_list="; ".join(lists) or "CONS",
        entry_id=pid,
        kind=kind,
        name=names[0],
        aliases=unique(n for n in names[1:] if n != names[0]),
        addresses=unique(addresses),
        countries=unique(c for c in countries if c),
        identifiers=unique(identifiers),
        programs=unique(p for _n, p, _d in entries if p),
        start_date=dates[0] if dates else None,
        remarks="\n".join(filter(None, [comment, *remarks])),
        source_url=SOURCE_URL,
        parent_name=next((o for o in owners if o), ""),
        birth_dates=unique(dobs),
        raw={"DistinctParty": ET.tostring(party, encoding="unicode")},
        line=number,
    )


def _period_text(period) -> str:
    """A DOB period as an ISO string of its real precision: a whole year -> "1962"."""
    start = period.find(f"{NS}Start/{NS}From")
    end = period.find(f"{NS}End/{NS}To")
    if start is None:
        return ""
    a = _date(start)
    b = _date(end) if end is not None else a
    if a is None:
        return ""
    if b is None or a == b:
        return a.isoformat()
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return f"{a.year:04d}"
    if a.year == b.year and a.month == b.month and a.day == 1:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.isoformat()}/{b.isoformat()}"
