"""
Source and Quote move to the ``sources`` app, keeping every row and every history entry.

1. The tables were renamed by ``sources`` 0001 (``measures_source`` ->
   ``sources_source``, ``measures_quote`` -> ``sources_quote``).
2. Measures and events cite ``sources.Source`` (state only: same tables).
3. The content types of the two models change app, so permissions, admin
   log entries and django-reversion's versions stay attached to them, and
   each stored version names its model by the new label so it can still be
   read and reverted.
"""

import json

from django.db import migrations, models

MOVED = {"source", "quote"}


def relabel(old_app, new_app):
    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Version = apps.get_model("reversion", "Version")
        db = schema_editor.connection.alias
        for model in MOVED:
            # A content type made for the new label before this ran holds nothing yet.
            stale = ContentType.objects.using(db).filter(app_label=new_app, model=model)
            if not Version.objects.using(db).filter(content_type__in=stale).exists():
                stale.delete()
            ContentType.objects.using(db).filter(app_label=old_app, model=model).update(
                app_label=new_app
            )
        labels = {f"{old_app}.{model}": f"{new_app}.{model}" for model in MOVED}
        versions = Version.objects.using(db).filter(
            content_type__app_label=new_app, content_type__model__in=MOVED, format="json"
        )
        for version in versions.iterator():
            data = json.loads(version.serialized_data)
            for item in data:
                item["model"] = labels.get(item.get("model"), item.get("model"))
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])

    return forwards


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0003_alter_company_sources'),
        ('measures', '0002_editors_group'),
        ('sources', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='event',
                    name='sources',
                    field=models.ManyToManyField(related_name='events', to='sources.source'),
                ),
                migrations.AlterField(
                    model_name='measure',
                    name='sources',
                    field=models.ManyToManyField(related_name='measures', to='sources.source'),
                ),
                migrations.DeleteModel(name='Quote'),
                migrations.DeleteModel(name='Source'),
            ],
        ),
        migrations.RunPython(
            relabel("measures", "sources"), relabel("sources", "measures"), elidable=False
        ),
    ]
