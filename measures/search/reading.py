"""
Reading search names for many queries at once (the engine's SQL, in :mod:`.engine`'s terms).

A query's candidates are read in two steps: the exact forms, identifiers and prefixes
of the whole name (:func:`first_part`), then, when those do not settle it, the names
holding near spellings of its words (:func:`near_part`). Each step is one SQL statement
for up to :data:`PARTS_AT_ONCE` queries: one ``SELECT ... ORDER BY ... LIMIT`` a query,
joined by ``UNION ALL`` and tagged with the query's place, so screening 1,000 lines costs
a few dozen statements instead of two thousand.

The rows come back as :class:`Candidate` tuples (the columns the engine classifies by,
and the two it orders by), not model instances: a screening reads tens of thousands of
candidates and shows a few of them. :func:`attach` then reads the companies and list
entries of the few that are shown, in one query for all of them.

Written in SQL rather than built by the ORM: compiling a query of a dozen conditions
took longer than running it, and was most of a screened line's cost. The same SQL runs
on PostgreSQL (pg_trgm's ``similarity``) and SQLite (our copy of it, registered per
connection by :mod:`measures.apps`).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection

from ..models import SearchName

Kind = SearchName.Kind

# Queries read in one SQL statement (each adds a SELECT to a UNION ALL; SQLite allows 500).
PARTS_AT_ONCE = 100
# Columns of a candidate, in Candidate's order (before its two ordering values).
COLUMNS = ("id", "kind", "label", "text", "key", "compact", "bag", "company_id", "entry_id")


class Candidate(NamedTuple):
    """A search name read for a query, with how near it comes first (3 the same
    identifier, 2 the same name, 1 a name beginning with the query) and how alike the
    two are (trigram similarity of the keys)."""

    pk: int
    kind: str
    label: str
    text: str
    key: str
    compact: str
    bag: str
    company_id: int | None
    entry_id: int | None
    first: int
    alike: float

    def order(self):
        return (-self.first, -self.alike, self.pk)


class Part(NamedTuple):
    """One query's SELECT: its condition, its ordering and how many rows it keeps."""

    where: str
    params: list
    ordering: str
    ordering_params: list
    limit: int


def _table() -> str:
    return connection.ops.quote_name(SearchName._meta.db_table)


def like_prefix(prefix: str) -> tuple[str, str]:
    """A ``LIKE`` for names beginning with ``prefix`` (escaped as Django's ``startswith``)."""
    return "LIKE %s ESCAPE '\\'", connection.ops.prep_for_like_query(prefix) + "%"


def _similarity() -> str:
    return "similarity" if connection.vendor == "postgresql" else "tracker_similarity"


def ordering(query) -> tuple[str, list]:
    """The SQL of a candidate's ``first`` and ``alike`` for ``query``, and its parameters."""
    forms = query.forms
    like, prefix = like_prefix(forms.key or "\x01")
    first = (
        "CASE WHEN kind = %s AND compact = %s THEN 3 "
        "WHEN compact = %s OR bag = %s THEN 2 "
        f"WHEN key {like} THEN 1 ELSE 0 END"
    )
    params = [Kind.IDENTIFIER, query.identifier, forms.compact, forms.bag, prefix]
    if len(forms.compact) >= 4:
        alike = f"{_similarity()}(key, %s)"
        params.append(forms.key)
    else:
        alike = "0.0"
    return f"{first} AS q_first, {alike} AS q_alike", params


def first_part(query, limit: int, *, min_prefix: int) -> Part:
    """Exact forms, the same identifier, swapped letters and prefixes of the whole name:
    what B-tree indexes answer."""
    conditions, params = [], []
    if query.identifier:
        conditions.append("(kind = %s AND compact = %s)")
        params += [Kind.IDENTIFIER, query.identifier]
    forms = query.forms
    if forms:
        names, name_params = ["compact = %s", "bag = %s"], [forms.compact, forms.bag]
        if len(forms.compact) >= 4:
            names.append("anagram = %s")
            name_params.append(forms.anagram)
        if len(forms.compact) >= min_prefix:
            for column, prefix in (("key", forms.key), ("compact", forms.compact)):
                like, pattern = like_prefix(prefix)
                names.append(f"{column} {like}")
                name_params.append(pattern)
        conditions.append(f"(kind <> %s AND ({' OR '.join(names)}))")
        params += [Kind.IDENTIFIER, *name_params]
    order_sql, order_params = ordering(query)
    return Part(" OR ".join(conditions) or "1 = 0", params, order_sql, order_params, limit)


def near_part(query, near, limit: int) -> Part:
    """The names ``near`` (a :class:`~django.db.models.expressions.RawSQL` of their ids)
    holds, ordered as the first step's."""
    order_sql, order_params = ordering(query)
    return Part(f"id IN ({near.sql})", list(near.params), order_sql, order_params, limit)


def read(parts: list[Part]) -> list[list[Candidate]]:
    """Each part's candidates, nearest first (as many statements as
    :data:`PARTS_AT_ONCE` parts need)."""
    found: list[list[Candidate]] = [[] for _ in parts]
    columns = ", ".join(COLUMNS)
    table = _table()
    for start in range(0, len(parts), PARTS_AT_ONCE):
        selects, params = [], []
        for tag, part in enumerate(parts[start : start + PARTS_AT_ONCE], start=start):
            selects.append(
                f"SELECT * FROM (SELECT {tag} AS tag, {columns}, {part.ordering} "
                f"FROM {table} WHERE {part.where} "
                f"ORDER BY q_first DESC, q_alike DESC, id LIMIT %s) AS part{tag}"
            )
            params += [*part.ordering_params, *part.params, part.limit]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for tag, *row in cursor.fetchall():
                found[tag].append(Candidate(*row))
    for rows in found:
        rows.sort(key=Candidate.order)
    return found


def attach(hits) -> None:
    """Give each hit its company and list entry (one query for all of them); a hit whose
    name is gone keeps neither."""
    pks = {hit.name_pk for hit in hits}
    if not pks:
        return
    names = (
        SearchName.objects.filter(pk__in=pks)
        .select_related("company__country", "entry")
        .defer("entry__raw", "entry__addresses", "entry__license_requirement", "entry__remarks")
        .in_bulk()
    )
    for hit in hits:
        # A name deleted since it was read (an import between the two queries) names nothing.
        if (name := names.get(hit.name_pk)) is not None:
            hit.company = name.company
            hit.entry = name.entry if name.entry_id else None
