"""
Backups that restore to the same rows, primary keys included.

``dumpdata --natural-primary`` drops primary keys, so a restore renumbers
rows, and django-reversion's history (which names each object by its raw
primary key and content type id) then points at the wrong records. A backup
here keeps every primary key, of every model, content types and permissions
included; a restore empties the target database (migrated to the same
schema), loads every row with its key, checks the counts, and moves
PostgreSQL's sequences past the highest key so new rows never collide.

The file is an ordinary Django JSON fixture (``loaddata`` can read it too),
written in one consistent snapshot and with times to the microsecond (Django's
own JSON cuts them to milliseconds), so the backup and restore work from and
to SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import collections
import datetime
import json
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction

#: Not data: sessions expire and are recreated by logging in again.
DEFAULT_EXCLUDE = ("sessions",)


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models(exclude=DEFAULT_EXCLUDE):
    """Every concrete model with a table (the order does not matter: restore defers checks)."""
    excluded = set(exclude)
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in excluded
        and model._meta.label not in excluded
        and model._meta.label_lower not in excluded
    ]


def backup(path, *, database=DEFAULT_DB_ALIAS, exclude=DEFAULT_EXCLUDE) -> dict[str, int]:
    """Write every row of every model to ``path``; return the count per model."""
    connection = connections[database]
    objects = []
    with transaction.atomic(using=database):
        if connection.vendor == "postgresql":
            # One snapshot for the whole dump: rows added meanwhile are in or out, never half.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in backed_up_models(exclude):
            rows = model._base_manager.using(database).order_by(model._meta.pk.name)
            objects.extend(serializers.serialize("python", rows.iterator(chunk_size=2000)))
    with Path(path).open("w", encoding="utf-8") as file:
        json.dump(objects, file, cls=LosslessJSONEncoder, ensure_ascii=False)
    return count_objects(objects)


def count_objects(objects) -> dict[str, int]:
    return dict(collections.Counter(obj["model"] for obj in objects))


def _models_in_database(connection):
    tables = set(connection.introspection.table_names())
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    ]


def empty_database(database=DEFAULT_DB_ALIAS) -> None:
    """Delete every row (migrations stay); what ``migrate`` created is loaded from the backup."""
    call_command(
        "flush", database=database, interactive=False, inhibit_post_migrate=True, verbosity=0
    )


def reset_sequences(database=DEFAULT_DB_ALIAS) -> None:
    """PostgreSQL: each table's id sequence continues after its highest key."""
    connection = connections[database]
    statements = connection.ops.sequence_reset_sql(no_style(), _models_in_database(connection))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def restore(path, *, database=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Replace the database's rows with the backup's; return the count per model."""
    text = Path(path).read_text(encoding="utf-8")
    expected = count_objects(json.loads(text))
    unknown = [label for label in expected if _model(label) is None]
    if unknown:
        raise ValueError(
            f"The backup holds models this code does not know: {', '.join(sorted(unknown))}. "
            "Restore it with the version of the site that made it."
        )
    with transaction.atomic(using=database):
        empty_database(database)
        connection = connections[database]
        objects = serializers.deserialize("json", text, using=database)
        with connection.constraint_checks_disabled():
            for obj in objects:
                obj.save(using=database)
        # With the checks off while loading, check every foreign key now (as loaddata does).
        connection.check_constraints(
            table_names=[_model(label)._meta.db_table for label in expected]
        )
        reset_sequences(database)
        found = {
            label: _model(label)._default_manager.using(database).count() for label in expected
        }
        wrong = {
            label: (expected[label], found[label])
            for label in expected
            if expected[label] != found[label]
        }
        if wrong:
            raise ValueError(f"Row counts differ after the restore (expected, found): {wrong}")
    # Content type ids may have changed under this process's cache.
    ContentType.objects.clear_cache()
    return found


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None
