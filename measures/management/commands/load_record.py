"""``manage.py load_record FIXTURE --comment "..."``: a layer of the record, loaded as history.

See :mod:`measures.records`.
"""

from django.core.management.base import BaseCommand

from measures.records import find_fixture, load_record


class Command(BaseCommand):
    help = (
        "Load a fixture (a layer of the record) inside one revision with a comment: changed "
        "records get a new version and change-log entry; unchanged ones are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("fixture", help="A fixture name (record-2026) or a path.")
        parser.add_argument(
            "--comment", required=True, help="Why these records changed (kept in the history)."
        )
        parser.add_argument(
            "--initial",
            action="store_true",
            help="Load only into a database with no measures yet (the first layer, the seed).",
        )

    def handle(self, *args, fixture, comment, initial=False, **options):
        path = find_fixture(fixture)
        result = load_record(path, comment, initial=initial)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{path.name}: {result.summary()}.")
