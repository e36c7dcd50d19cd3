"""``manage.py rebuild_search_index``: index every company and list entry again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from measures.search.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search table (names, aliases, identifiers of companies and list entries). "
        "Run it after loaddata or restore, which save rows without reindexing them."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            made = rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Indexed {made} names, aliases and identifiers.")
