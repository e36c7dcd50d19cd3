"""Migration operations that run on PostgreSQL only (SQLite has no extensions or GIN indexes)."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """``RunSQL`` that does nothing on any database but PostgreSQL (there, it is ``RunSQL``)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only)"


class PostgreSQLExtension(CreateExtension):
    """``CreateExtension`` that is a no-op on other databases both ways (Django's own checks
    the database only going forwards, so unapplying it on SQLite would fail)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
