"""
``manage.py create_editor USERNAME``: an account that can edit tracker data in the admin.

The account is staff (so it can log in to /admin/), not a superuser, and a
member of the "Editors" group, which can add, change and delete every
tracker record but cannot manage users or groups. The group's permissions
are brought up to date first, so models added since the migration are
included. The password is asked twice, or read from
``DJANGO_EDITOR_PASSWORD`` with ``--noinput``. Running it for an existing
user makes that user an editor and leaves the password alone unless given.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS = "Editors"
EDITOR_APPS = ("sources", "entities", "measures")
EDITOR_ACTIONS = ("add", "change", "delete", "view")


def sync_editors_group() -> Group:
    """The Editors group, with add/change/delete/view on every model of the tracker apps."""
    from django.apps import apps

    group, _ = Group.objects.get_or_create(name=EDITORS)
    models = [model for label in EDITOR_APPS for model in apps.get_app_config(label).get_models()]
    content_types = ContentType.objects.get_for_models(*models).values()
    codenames = [
        f"{action}_{model._meta.model_name}" for model in models for action in EDITOR_ACTIONS
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__in=content_types, codename__in=codenames)
    )
    return group


def make_editor(username: str, email: str = "", password: str | None = None):
    """Create (or promote) ``username`` as a staff, non-superuser member of Editors."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        **{User.USERNAME_FIELD: username}, defaults={"email": email}
    )
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if email:
        user.email = email
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(sync_editors_group())
    return user, created


class Command(BaseCommand):
    help = "Create an editor account (staff, in the Editors group) or make a user an editor."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not prompt: read the password from DJANGO_EDITOR_PASSWORD (if set).",
        )

    def handle(self, *args, username, email, interactive, **options):
        password = os.environ.get("DJANGO_EDITOR_PASSWORD") if not interactive else None
        if interactive:
            password = self.ask_password()
        try:
            with transaction.atomic():
                user, created = make_editor(username, email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["verbosity"] >= 1:
            action = "Created editor" if created else "Made editor of existing user"
            self.stdout.write(self.style.SUCCESS(f"{action} “{user.get_username()}”."))
            if created and password is None:
                self.stdout.write("No password set: set one with manage.py changepassword.")

    def ask_password(self):
        while True:
            password = getpass.getpass("Password (empty to keep or leave unset): ")
            if not password:
                return None
            if getpass.getpass("Password (again): ") == password:
                return password
            self.stderr.write("The passwords do not match; try again.")
