"""``manage.py update_lists [--list KEY...]``: fetch and import every configured list (cron)."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from measures.listings.importer import ImportRefused, import_list
from measures.listings.reporting import print_report, progress_bar
from sources.importers.formats import FORMATS

# Lists fetched by default, at their official addresses (FORMATS); OpenSanctions needs a
# dataset name, so it is only fetched when TRACKER_LISTS gives it an address.
DEFAULT_LISTS = ["csl", "ofac-sdn", "ofac-cons", "bis-dpl", "canada-sema"]


def configured_lists() -> dict[str, list[str]]:
    """``settings.TRACKER_LISTS`` (key -> addresses) or the defaults at their official URLs."""
    configured = getattr(settings, "TRACKER_LISTS", None)
    if configured:
        return {key: list(urls) for key, urls in configured.items()}
    lists = {key: list(FORMATS[key].urls) for key in DEFAULT_LISTS}
    lists["ofac-cons"] = [url for url in lists["ofac-cons"] if url.endswith(".csv")]
    return lists


class Command(BaseCommand):
    help = "Fetch every configured official list and import it (for a nightly cron job)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="append", dest="only", help="Only this list.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        failures = []
        for key, urls in configured_lists().items():
            if options["only"] and key not in options["only"]:
                continue
            self.stdout.write(f"{key}: {' '.join(urls)}")
            with progress_bar(self.stdout, options["verbosity"], sys.stdout.isatty()) as advance:
                try:
                    report = import_list(key, urls, dry_run=options["dry_run"], progress=advance)
                except ImportRefused as exc:
                    failures.append(f"{key}: {exc}")
                    self.stderr.write(f"{key}: refused: {exc}")
                    continue
            print_report(self.stdout, report, options["verbosity"])
        if failures:
            raise CommandError(f"{len(failures)} list(s) not imported: " + "; ".join(failures))
