"""Registry of the list formats the importers read.

Each entry names the list, where it is downloaded, what the file looks like and the
function that parses it. Download URLs are the ones stated in the slices' README or in
the files themselves (CSL ``source_list_url`` values), or confirmed with a code search of
public importers (CSL CSV, OFAC legacy CSV files, consolidated legacy CSV, DPL text,
SEMA XML, OpenSanctions ``latest`` exports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sources.importers.formats import (
    bis_dpl,
    canada_sema,
    csl,
    fcc_covered,
    ofac_advanced,
    ofac_legacy,
    opensanctions,
)
from sources.importers.records import ParseResult


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    urls: tuple[str, ...]
    description: str
    parse: Callable[..., ParseResult]


def _ofac_cons(path_or_paths) -> ParseResult:
    """The consolidated list comes as the legacy CSV set or as the advanced XML."""
    if isinstance(path_or_paths, str | Path) and str(path_or_paths).lower().endswith(".xml"):
        return ofac_advanced.parse(path_or_paths)
    return ofac_legacy.parse_cons(path_or_paths)


FORMATS: dict[str, Format] = {
    "csl": Format(
        key="csl",
        name="Consolidated Screening List (trade.gov)",
        urls=(
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        ),
        description=csl.FORMAT,
        parse=csl.parse,
    ),
    "ofac-sdn": Format(
        key="ofac-sdn",
        name="OFAC Specially Designated Nationals (SDN) list",
        urls=tuple(
            f"https://www.treasury.gov/ofac/downloads/{name}"
            for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
        ),
        description="OFAC legacy CSV set: headerless sdn.csv, add.csv, alt.csv, "
        "sdn_comments.csv (CRLF, '-0- ' placeholders, Ctrl-Z end), as a folder or files",
        parse=ofac_legacy.parse_sdn,
    ),
    "ofac-cons": Format(
        key="ofac-cons",
        name="OFAC Consolidated (non-SDN) Sanctions List",
        urls=(
            *(
                f"https://www.treasury.gov/ofac/downloads/consolidated/{name}"
                for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
            ),
            ofac_advanced.SOURCE_URL,
        ),
        description="OFAC legacy CSV set cons_prim/cons_add/cons_alt/cons_comments.csv "
        f"(as for the SDN), or {ofac_advanced.FORMAT}",
        parse=_ofac_cons,
    ),
    "fcc-covered": Format(
        key="fcc-covered",
        name="FCC Covered List",
        urls=(fcc_covered.SOURCE_URL,),
        description=fcc_covered.FORMAT,
        parse=fcc_covered.parse,
    ),
    "bis-dpl": Format(
        key="bis-dpl",
        name="BIS Denied Persons List",
        urls=("https://www.bis.doc.gov/dpl/dpl.txt",),
        description=bis_dpl.FORMAT,
        parse=bis_dpl.parse,
    ),
    "canada-sema": Format(
        key="canada-sema",
        name="Canada Consolidated Autonomous Sanctions List (SEMA, JVCFOA)",
        urls=(canada_sema.SOURCE_URL,),
        description=canada_sema.FORMAT,
        parse=canada_sema.parse,
    ),
    "opensanctions": Format(
        key="opensanctions",
        name="OpenSanctions dataset exports",
        urls=(
            "https://data.opensanctions.org/datasets/latest/{dataset}/entities.ftm.json",
            "https://data.opensanctions.org/datasets/latest/{dataset}/targets.simple.csv",
        ),
        description=opensanctions.FORMAT,
        parse=opensanctions.parse,
    ),
}

__all__ = ["FORMATS", "Format"]
