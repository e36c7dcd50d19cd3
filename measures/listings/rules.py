"""
What each official list means to the tracker: scope, and how its acts read as measures.

Scope (``settings.TRACKER_IMPORT_SCOPE``): entries on a technology list
(the FCC Covered List) and organisations with a country in ``countries``
(China, Hong Kong, Macau) become tracked companies; individuals, vessels
and aircraft never do. An entry whose kind the list leaves blank (the BIS
lists in the CSL) counts as an organisation when its name has the form of
one (Co., Ltd., Corporation, Institute, University...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

DEFAULT_SCOPE = {"technology_lists": ["fcc-covered"], "countries": ["CN", "HK", "MO"]}

_ORGANISATION = re.compile(
    r"\b(co|company|corp|corporation|inc|ltd|limited|llc|group|holdings?|technolog(y|ies)|"
    r"institute|university|academy|bureau|center|centre|factory|industr(y|ies)|electronics|"
    r"trading|logistics|shipping|international|enterprise|laborator(y|ies)|research|"
    r"communications?|network|systems?|bank|ministry|department|administration|agency|"
    r"services?|equipment|engineering|plant|works|firm|society|association|office)\b",
    re.IGNORECASE,
)


def scope() -> dict:
    return {**DEFAULT_SCOPE, **getattr(settings, "TRACKER_IMPORT_SCOPE", {})}


def is_organisation(entry) -> bool:
    if entry.kind == "entity":
        return True
    return entry.kind == "unknown" and bool(_ORGANISATION.search(entry.name))


def in_scope(entry, current=None) -> bool:
    """Whether ``entry`` (a ListEntry) should be a tracked company."""
    current = current or scope()
    if entry.list_key in current["technology_lists"]:
        return entry.kind == "entity"
    return is_organisation(entry) and bool(set(entry.countries) & set(current["countries"]))


def tracked_country(entry) -> str:
    """
    The country a new company from ``entry`` is based in: the first the list states.

    Lists give an entry's own address first; a later one may be a branch. A bank
    in Moscow with a branch in Shanghai is in scope (tied to China) but based in
    Russia, never recorded as Chinese.
    """
    return entry.countries[0] if entry.countries else ""


@dataclass(frozen=True)
class ListMeaning:
    """How one list (or list within a file) reads as a measure."""

    government: str
    type_slug: str
    type_name: str
    authority: str  # authority slug, "" when none
    list_name: str
    noun: str = "entities"


AUTHORITIES = {
    "bis": ("US", "Bureau of Industry and Security", "BIS"),
    "ofac": ("US", "Office of Foreign Assets Control", "OFAC"),
    "fcc": ("US", "Federal Communications Commission", "FCC"),
    "state-department": ("US", "Department of State", "State"),
    "global-affairs-canada": ("CA", "Global Affairs Canada", "GAC"),
}
GOVERNMENTS = {"US": "United States", "CA": "Canada", "EU": "European Union"}
GOVERNMENT_KINDS = {"EU": "supranational", "UN": "intergovernmental"}

_EL = ListMeaning("US", "entity-list", "Export control: Entity List", "bis", "Entity List")
_SANCTIONS = ("sanctions-list", "Sanctions listing")
MEANINGS = {
    "EL": _EL,
    "MEU": ListMeaning(
        "US",
        "military-end-user-list",
        "Export control: Military End-User List",
        "bis",
        "Military End-User List",
    ),
    "UVL": ListMeaning(
        "US", "unverified-list", "Export control: Unverified List", "bis", "Unverified List"
    ),
    "DPL": ListMeaning(
        "US",
        "denied-persons-list",
        "Export control: Denied Persons List",
        "bis",
        "Denied Persons List",
        "parties",
    ),
    "SDN": ListMeaning("US", "sdn", "Blocking sanctions: SDN list", "ofac", "SDN list"),
    "CMIC": ListMeaning(
        "US", "investment-ban", "Investment ban (securities)", "ofac", "NS-CMIC list", "companies"
    ),
    "Covered List": ListMeaning(
        "US", "fcc-covered-list", "FCC Covered List", "fcc", "FCC Covered List", "companies"
    ),
    "SEMA": ListMeaning("CA", *_SANCTIONS, "global-affairs-canada", "SEMA sanctions list"),
    "JVCFOR": ListMeaning("CA", *_SANCTIONS, "global-affairs-canada", "JVCFOA sanctions list"),
}
_OFAC_OTHER = {"SSI", "PLC", "NS-MBS", "FSE", "CAP", "CONS"}
# Lists whose files cite no Federal Register notice: one act is one program's additions
# on one date, and the program is its legal basis.
PROGRAM_KEYED = ("ofac-sdn", "ofac-cons", "opensanctions")
# OpenSanctions datasets that are one government's sanctions list (the names are
# OpenSanctions' dataset names, as its files carry them). An entity on several datasets
# has one date for all of them: no single government's act can be dated by it.
OPENSANCTIONS_DATASETS = {
    "us_ofac_sdn": MEANINGS["SDN"],
    "eu_fsf": ListMeaning("EU", *_SANCTIONS, "", "EU financial sanctions list"),
    "gb_hmt_sanctions": ListMeaning("GB", *_SANCTIONS, "", "UK HM Treasury sanctions list"),
    "gb_fcdo_sanctions": ListMeaning("GB", *_SANCTIONS, "", "UK sanctions list (FCDO)"),
    "un_sc_sanctions": ListMeaning("UN", *_SANCTIONS, "", "UN Security Council sanctions list"),
    "au_dfat_sanctions": ListMeaning("AU", *_SANCTIONS, "", "Australian sanctions list (DFAT)"),
    "ch_seco_sanctions": ListMeaning("CH", *_SANCTIONS, "", "Swiss sanctions list (SECO)"),
    "jp_mof_sanctions": ListMeaning("JP", *_SANCTIONS, "", "Japanese sanctions list (MOF)"),
}
_STATE = {"ISN", "DTC"}


def meaning(list_key: str, source_list: str) -> ListMeaning | None:
    """How entries of ``source_list`` read as measures; None when no government's act can
    be told from it (an OpenSanctions entity on several datasets, or on an unknown one)."""
    if list_key == "opensanctions":
        return OPENSANCTIONS_DATASETS.get(source_list)
    if source_list in MEANINGS:
        return MEANINGS[source_list]
    if list_key == "canada-sema":
        return MEANINGS["SEMA"]
    if source_list in _OFAC_OTHER or list_key.startswith("ofac"):
        return ListMeaning("US", *_SANCTIONS, "ofac", f"{source_list} list")
    if source_list in _STATE:
        return ListMeaning("US", *_SANCTIONS, "state-department", f"{source_list} list")
    return ListMeaning("US", *_SANCTIONS, "", f"{source_list} list")
