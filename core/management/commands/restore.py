"""``manage.py restore FILE``: replace every row with a backup's (see core.backup)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from core.backup import restore


class Command(BaseCommand):
    help = (
        "Replace every row of the database with those of a `manage.py backup` FILE, keeping "
        "primary keys (so the change history still points at the right records). Migrates "
        "first, so an empty database will do. Everything in the database now is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by `manage.py backup`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask before deleting what the database holds",
        )

    def handle(self, *args, file, database, interactive, **options):
        verbosity = options["verbosity"]
        call_command("migrate", database=database, interactive=False, verbosity=0)
        if interactive:
            answer = input(f"Delete everything in database '{database}' and load {file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Restore cancelled.")
        try:
            counts = restore(file, database=database)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(f"Restored {sum(counts.values())} rows of {len(counts)} models.")
