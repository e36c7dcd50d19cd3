"""
Small groupings that pages show: measures by imposing government, by type, by status.

Views call these on rows they have already fetched, so grouping costs no query
and templates only loop.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..models import Status


@dataclass(frozen=True)
class Group:
    """
    A heading (a government, a type) and the measures under it.

    On a page whose groups are bounded, ``measures`` holds the most recent few
    and ``total`` how many there are in all; ``url`` lists every one of them.
    """

    key: object
    measures: list
    total: int = 0
    url: str = ""

    @property
    def more(self) -> int:
        """How many are not shown."""
        return max(0, self.total - len(self.measures))


def with_totals(groups: list[Group], totals: dict, url) -> list[Group]:
    """``groups`` told their full size (``totals`` by key pk) and the address of the rest."""
    return [
        Group(group.key, group.measures, totals.get(group.key.pk, len(group.measures)), url(group))
        for group in groups
    ]


def group_by(measures, key, sort_key) -> list[Group]:
    """``measures`` grouped by ``key(measure)``, groups in ``sort_key(group key)`` order.

    Within a group the measures keep the order they came in.
    """
    groups: dict = {}
    for measure in measures:
        groups.setdefault(key(measure), []).append(measure)
    return [Group(k, groups[k]) for k in sorted(groups, key=sort_key)]


def by_government(measures) -> list[Group]:
    """Grouped under the imposing government, governments by name."""
    return group_by(measures, lambda m: m.government, lambda g: g.name)


def by_type(measures) -> list[Group]:
    """Grouped under the measure type, types by name."""
    return group_by(measures, lambda m: m.measure_type, lambda t: t.name)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(statuses) -> list[StatusCount]:
    """
    How many of each status, the commonest first (ties in :class:`Status` order); no zeros.

    ``statuses`` is an iterable of status values, or a mapping of status to count.
    """
    counts = Counter(statuses) if not isinstance(statuses, dict) else Counter(**statuses)
    found = [
        StatusCount(value, label, counts[value]) for value, label in Status.choices if counts[value]
    ]
    return sorted(found, key=lambda item: -item.count)
