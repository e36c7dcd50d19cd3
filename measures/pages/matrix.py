"""
The company × government matrix: which governments restrict which companies, and how.

:func:`build_matrix` takes the companies of one page of the matrix and
returns a row per company with a cell per imposing government; a cell names
the types of measure that government took against the company, each linking
to those measures on the filtered list. It costs one query for the columns
and one for the cells, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from core.links import filtered_url
from entities.models import Government

from .. import summary
from ..models import NOT_IMPOSED, MeasureCell, MeasureTarget, Status


@dataclass
class CellEntry:
    """One type of measure in a cell: how many, of which statuses, and where to read them."""

    type_name: str
    type_slug: str
    count: int
    statuses: list[str]  # display labels, e.g. ["In force", "Proposed"]
    url: str
    imposed: bool = True  # False when every measure of the entry is proposed or declined

    @property
    def only_proposed(self):
        return self.statuses == [Status.PROPOSED.label]

    @property
    def not_imposed_label(self):
        """ "proposed", "declined" or "proposed, declined": what the entry is, when not imposed."""
        return ", ".join(label.lower() for label in self.statuses)


@dataclass
class Cell:
    government: Government
    entries: list[CellEntry] = field(default_factory=list)
    url: str = ""

    @property
    def count(self):
        """Measures imposed (proposed and declined ones are shown, never counted)."""
        return sum(entry.count for entry in self.entries if entry.imposed)

    @property
    def imposed(self):
        return any(entry.imposed for entry in self.entries)


@dataclass
class Row:
    company: object
    cells: list[Cell]

    @property
    def government_count(self):
        """Governments that imposed at least one measure on the company."""
        return sum(1 for cell in self.cells if cell.imposed)


@dataclass
class Matrix:
    governments: list[Government]
    rows: list[Row]


def imposing_governments():
    """Governments that have taken at least one measure against a company, by name."""
    summary.fresh()
    taken = MeasureCell.objects.values("government_id")  # counted ahead: a few hundred rows
    return list(Government.objects.filter(pk__in=taken).order_by("name"))


def build_matrix(companies, governments=None) -> Matrix:
    """Rows for ``companies`` (a list), columns for ``governments`` (default: every imposer)."""
    if governments is None:
        governments = imposing_governments()
    status_labels = dict(Status.choices)
    status_order = {value: index for index, value in enumerate(Status.values)}
    found = defaultdict(lambda: defaultdict(lambda: {"name": "", "count": 0, "statuses": set()}))
    rows = (
        MeasureTarget.objects.filter(company__in=[company.pk for company in companies])
        .values(
            "company_id",
            "measure__government_id",
            "measure__measure_type__slug",
            "measure__measure_type__name",
            "measure__status",
        )
        .annotate(count=Count("measure_id"))
        .order_by()
    )
    for row in rows:
        key = (row["company_id"], row["measure__government_id"])
        # Imposed measures and those only weighed (proposed, declined) never share an entry.
        imposed = row["measure__status"] not in NOT_IMPOSED
        entry = found[key][row["measure__measure_type__slug"], imposed]
        entry["name"] = row["measure__measure_type__name"]
        entry["count"] += row["count"]
        entry["statuses"].add(row["measure__status"])

    matrix_rows = []
    for company in companies:
        cells = []
        for government in governments:
            types = found.get((company.pk, government.pk), {})
            entries = [
                CellEntry(
                    type_name=value["name"],
                    type_slug=slug,
                    count=value["count"],
                    statuses=[
                        status_labels[status]
                        for status in sorted(value["statuses"], key=status_order.get)
                    ],
                    url=filtered_url(
                        "measures:list", company=company.slug, government=government.code, type=slug
                    ),
                    imposed=imposed,
                )
                for (slug, imposed), value in sorted(
                    types.items(), key=lambda item: (item[1]["name"], not item[0][1])
                )
            ]
            url = (
                filtered_url("measures:list", company=company.slug, government=government.code)
                if entries
                else ""
            )
            cells.append(Cell(government, entries, url))
        matrix_rows.append(Row(company, cells))
    return Matrix(list(governments), matrix_rows)
