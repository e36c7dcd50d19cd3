"""``manage.py import_list <list> <path or URL>... [--dry-run] [--force]``."""

import sys

from django.core.management.base import BaseCommand, CommandError

from measures.listings.importer import ImportRefused, import_list
from measures.listings.reporting import print_report, progress_bar
from sources.importers.formats import FORMATS


class Command(BaseCommand):
    help = (
        "Import an official list file (a path, a folder for the OFAC CSV sets, or any http(s) "
        "address): entries with provenance, companies resolved, listings as measures, "
        "delistings. One transaction; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("list", choices=sorted(FORMATS), help="Which list the file is.")
        parser.add_argument(
            "locations",
            nargs="+",
            metavar="path-or-url",
            help="The file; for ofac-sdn/ofac-cons a folder or the CSV files, or the XML.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import even an older file, the same file again, or one that delists many.",
        )

    def handle(self, *args, **options):
        with progress_bar(self.stdout, options["verbosity"], sys.stdout.isatty()) as advance:
            try:
                report = import_list(
                    options["list"],
                    options["locations"],
                    force=options["force"],
                    dry_run=options["dry_run"],
                    progress=advance,
                )
            except ImportRefused as exc:
                raise CommandError(f"Refused: {exc}. Nothing was written.") from exc
        print_report(self.stdout, report, options["verbosity"])
