"""``manage.py backup FILE``: every row, primary keys and history included (see core.backup)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backup import DEFAULT_EXCLUDE, backup


class Command(BaseCommand):
    help = (
        "Write the whole database (every row with its primary key, content types, users and "
        "django-reversion history) to FILE, for `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        counts = backup(file, database=database, exclude=DEFAULT_EXCLUDE)
        if options["verbosity"]:
            self.stdout.write(
                f"Wrote {sum(counts.values())} rows of {len(counts)} models to {file}."
            )
