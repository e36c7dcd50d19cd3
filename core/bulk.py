"""
Insert many rows with one ``executemany`` per batch: for imports of 100,000 rows.

``bulk_create`` builds a model instance per row and compiles every value
through the ORM; at that size the instances and the SQL compilation cost
more than the database. :func:`insert_rows` takes plain tuples in the order
of the named fields, prepares only the values whose database form differs
from the Python one (JSON, dates, timestamps), and sends one parametrised
``INSERT`` per batch. Like ``bulk_create`` it calls no ``save()`` and sends
no signals: the caller does what signals would (search rows, history).

Nothing here imports an app; the model is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, models

BATCH = 2000
# Field types whose Python values the database drivers take as they are.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    using: str = "default",
    batch: int = BATCH,
) -> int:
    """INSERT ``rows`` (tuples of Python values, in the order of ``fields``); returns the count.

    Foreign keys are given as ids (name the field, e.g. ``"entry"``, and pass the pk).
    """
    connection = connections[using]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({', '.join(quote(field.column) for field in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    preparers = [
        (i, field.get_db_prep_save)
        for i, field in enumerate(columns)
        if field.get_internal_type() not in _AS_IS
    ]
    count = 0
    pending: list[Sequence] = []

    def send():
        nonlocal count
        if not pending:
            return
        if preparers:
            prepared = []
            for row in pending:
                row = list(row)
                for i, prepare in preparers:
                    if row[i] is not None:
                        row[i] = prepare(row[i], connection)
                prepared.append(row)
        else:
            prepared = pending
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
        count += len(pending)
        pending.clear()

    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            send()
    send()
    return count
