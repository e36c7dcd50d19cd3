"""
Insert many rows with few statements: for imports of 100,000 rows.

``bulk_create`` builds a model instance per row and compiles every value
through the ORM; at that size the instances and the SQL compilation cost
more than the database. :func:`insert_rows` takes plain tuples in the order
of the named fields, prepares only the values whose database form differs
from the Python one (JSON, dates, timestamps), and sends them as
``bulk_create`` does on SQLite, ``INSERT ... VALUES (...), (...)`` with as
many rows a statement as the backend takes parameters, or on PostgreSQL as
one ``COPY`` a batch. Like ``bulk_create`` it calls no ``save()`` and sends no
signals: the caller does what signals would (search rows, history).

Nothing here imports an app; the model is an argument.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Sequence
from itertools import chain

from django.db import connections, models
from django.db.models import Q

from .jsontext import compact

BATCH = 2000
# Allocations between two young collections of the garbage collector during a bulk job.
YOUNG_EVERY = 7000
# The memory (MiB) SQLite may sort in when it builds a set-aside index again.
INDEX_SORT_MIB = 8
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


def _preparer(field, connection):
    if isinstance(field, models.JSONField) and field.encoder is None:
        # The value JSONField.get_db_prep_save would send (``json.dumps``, on PostgreSQL
        # wrapped for jsonb), as text both databases read into the column, in a tenth of
        # the time (:mod:`core.jsontext`); non-ASCII characters are written as themselves
        # rather than escaped: the same value read back.
        return lambda value, connection: compact(value)
    return field.get_db_prep_save


def among(field: str, ids: Sequence[int]) -> Q:
    """``field`` is one of ``ids`` (sorted, distinct): a range when they are consecutive
    (rows written together), else ``__in`` (whose 2,000 parameters cost more to compile
    than the query takes to run)."""
    if ids and ids[-1] - ids[0] + 1 == len(ids):
        return Q(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return Q(**{f"{field}__in": ids})


def id_chunks(queryset, ids: Iterable[int], size: int = BATCH):
    """``queryset`` narrowed to each chunk of ``ids`` in turn (see :func:`among`)."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), size):
        yield queryset.filter(among("pk", ids[start : start + size]))


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
    into = f"{quote(meta.db_table)} ({', '.join(quote(field.column) for field in columns)})"
    copy_sql = f"COPY {into} FROM STDIN"
    # SQLite: as many rows a statement as it takes parameters (999), as bulk_create sends
    # them; ``executemany``, an INSERT run for each row, cost its driver more per row than
    # the row's own writing (946,000 word links: 2.7 s, against 0.8 s this way).
    per_statement = max(1, connection.ops.bulk_batch_size(columns, range(batch)))

    def insert_sql(count):
        # In sqlite3's own "?" placeholders, for its own cursor: Django's rewrites each
        # "%s" on every execute (0.1 ms for 999 of them, a CPU second over an import of
        # 100,000 rows).
        placeholders = [["?"] * len(columns)] * count
        return f"INSERT INTO {into} {connection.ops.bulk_insert_sql(columns, placeholders)}"

    full_sql = insert_sql(per_statement) if connection.vendor == "sqlite" else ""
    preparers = [
        (i, _preparer(field, connection))
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
            if connection.vendor == "postgresql":
                # COPY streams the rows in one statement; an INSERT a row (what
                # ``executemany`` sends, pipelined or not) costs the server a round of
                # parse, bind and execute each, several times the row's own writing.
                # Django's own errors (IntegrityError...), as its cursor would raise them.
                with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:  # SQLite, the other database the project runs on
                with (
                    connection.wrap_database_errors,
                    contextlib.closing(connection.connection.cursor()) as raw,
                ):
                    for start in range(0, len(prepared), per_statement):
                        part = prepared[start : start + per_statement]
                        sql = full_sql if len(part) == per_statement else insert_sql(len(part))
                        raw.execute(sql, list(chain.from_iterable(part)))
        count += len(pending)
        pending.clear()

    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            send()
    send()
    return count


@contextlib.contextmanager
def sqlite_page_cache(mebibytes: int, *, using: str = "default"):
    """On SQLite, another page cache size for one long write (restored after it).

    SQLite's default cache is 2 MiB: a transaction that writes hundreds of
    megabytes of rows and index pages spills it to disk over and over, and
    each spill costs more as the indexes grow. The size also bounds the memory
    of a sort (see :func:`sqlite_deferred_indexes`). Other databases: no change.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-int(mebibytes) * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextlib.contextmanager
def sqlite_deferred_indexes(
    model: type[models.Model], columns: Iterable[str], *, using: str = "default"
):
    """On SQLite, drop ``model``'s plain indexes on ``columns`` for a large load, then
    build them again from their own definitions (one sort each instead of a B-tree
    insert per row). Inside a transaction, readers keep the old schema until it
    commits. Other databases: no change (dropping an index there locks its table).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    table = model._meta.db_table
    wanted = {model._meta.get_field(name).column for name in columns}
    dropped = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        for name, sql in cursor.fetchall():
            cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
            indexed = {row[2] for row in cursor.fetchall()}
            if indexed and indexed <= wanted and "UNIQUE" not in sql.upper().split("(")[0]:
                dropped.append(sql)
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        if dropped:
            # SQLite sorts an index's keys in up to the page cache's size of memory, on
            # top of the cache itself: an import's larger cache would double its share
            # of the process's memory for the rebuild (a sort that does not fit is
            # merged from a temporary file instead, at little cost).
            with sqlite_page_cache(INDEX_SORT_MIB, using=using), connection.cursor() as cursor:
                for sql in dropped:
                    cursor.execute(sql)


@contextlib.contextmanager
def collector_spared():
    """What is alive when a long bulk job begins (settings, apps, models, the URLconf: some
    100,000 objects, all kept for the process's life) frozen out of the cyclic garbage
    collector's reach until it ends, and the collector run less often meanwhile.

    A job that makes millions of rows and tuples sets off dozens of full collections, and
    each walked every one of those objects again: 2 of the 35 CPU seconds of importing
    100,000 CSL rows. What the job itself makes is still collected, but a young
    collection comes every ``YOUNG_EVERY`` allocations instead of every 700 (most of what
    a job makes lives until it ends: each collection walked it again), and an older one
    every ten younger: the collector's share of that import went from 2.3 to 1.2 CPU s,
    with the same peak memory. A process that froze its objects already (the WSGI entry
    point) keeps them so.
    """
    thresholds = gc.get_threshold()
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.collect()  # garbage left from before is freed now, not kept frozen through the job
        gc.freeze()
    gc.set_threshold(YOUNG_EVERY, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()
