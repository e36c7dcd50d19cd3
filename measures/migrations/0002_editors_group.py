"""
The "Editors" group: add, change, delete and view every tracker model
(sources, entities and measures: those of them that exist when it runs),
nothing on users or groups.

Permissions are created by a post_migrate signal, after all migrations have
run, so this migration creates the ones it needs first. Models added later
are given to the group by ``manage.py create_editor`` (which re-syncs the
group) or by a later migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
APPS = ("sources", "entities", "measures")
ACTIONS = ("add", "change", "delete", "view")


def create_editors_group(apps, schema_editor):
    db = schema_editor.connection.alias
    labels = [label for label in APPS if label in {c.label for c in apps.get_app_configs()}]
    for app_config in apps.get_app_configs():
        if app_config.label in labels:
            # Historical app configs have no models module, and create_permissions
            # skips those; put back what was there (the real registry's, in tests).
            previous = getattr(app_config, "models_module", None)
            app_config.models_module = previous or True
            create_permissions(app_config, apps=apps, verbosity=0, using=db)
            app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    codenames = [
        f"{action}_{model._meta.model_name}"
        for label in labels
        for model in apps.get_app_config(label).get_models()
        for action in ACTIONS
    ]
    content_types = ContentType.objects.using(db).filter(app_label__in=APPS)
    permissions = Permission.objects.using(db).filter(
        content_type__in=content_types, codename__in=codenames
    )
    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def remove_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("entities", "0002_initial"),
        ("measures", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
