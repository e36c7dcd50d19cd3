"""Identifier schemes: one spelling per kind of number, whatever the list calls it.

Lists name the same identifier differently ("Unified Social Credit Code (USCC)",
"Equity Ticker", "Legal Entity Number", "registrationNumber"); matching across lists
needs one scheme name. Unknown types keep their raw (cleaned) type name.
"""

from __future__ import annotations

import re

SCHEMES = {
    "unified social credit code (uscc)": "uscc",
    "unified social credit code": "uscc",
    "isin": "isin",
    "alt. isin": "isin",
    "equity ticker": "ticker",
    "ticker": "ticker",
    "legal entity number": "lei",
    "lei": "lei",
    "vessel registration identification": "imo",
    "imo": "imo",
    "mmsi": "mmsi",
    "swift/bic": "swift_bic",
    "passport": "passport",
    "tax id no.": "tax_id",
    "registration id": "registration",
    "registration number": "registration",
    "website": "website",
    "email address": "email",
    "national id no.": "national_id",
    "bik (ru)": "bik",
}

# "ids" items of the CSL that are facts about the listing, not identifiers of the party.
_NOT_IDENTIFIERS = re.compile(
    r"^(target type|issuer name|gender|secondary sanctions risk|additional sanctions "
    r"information|executive order|listing date|effective date|purchase/sales for divestment "
    r"date|organization established date|transactions prohibited|organization type)",
    re.IGNORECASE,
)
LISTING_DATE = re.compile(r"^listing date\b", re.IGNORECASE)


def scheme(type_name: str) -> str:
    """The normalised scheme for a list's identifier type name."""
    return SCHEMES.get(type_name.strip().lower().rstrip(":"), type_name.strip().rstrip(":"))


def is_identifier(type_name: str) -> bool:
    return not _NOT_IDENTIFIERS.match(type_name.strip())


def normalise_value(scheme_name: str, value: str) -> str:
    """Drop redundant prefixes ("IMO 9218492" -> "9218492")."""
    value = value.strip()
    if scheme_name == "imo" and value.upper().startswith("IMO"):
        value = value[3:].strip()
    return value
