"""The Editors group gets the permissions of the models added for official lists
(list entries, import runs, matches, listing acts): the admin still shows entries and
runs read-only, and the review queue lets editors decide matches."""

import importlib

from django.db import migrations

editors_group = importlib.import_module("measures.migrations.0002_editors_group")


def add_permissions(apps, schema_editor):
    editors_group.create_editors_group(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0005_listing_links"),
        ("sources", "0002_list_entries_import_runs"),
        ("entities", "0004_identifier_uscc"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
