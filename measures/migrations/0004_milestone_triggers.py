"""The milestone-before-announcement rule, installed as triggers (see measures/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from measures.triggers import install_triggers

    install_triggers(using=schema_editor.connection.alias)


def remove(apps, schema_editor):
    from measures.triggers import remove_triggers

    remove_triggers(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0003_move_sources_to_sources_app'),
    ]

    operations = [migrations.RunPython(install, remove)]
