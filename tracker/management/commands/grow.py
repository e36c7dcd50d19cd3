"""``manage.py grow N``: add N realistic measures (and companies, events...) to the database."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Grow the database by N measures with realistic spreads (companies, aliases, "
        "milestones, events), for benchmarks and scale tests. Needs the test extras."
    )

    def add_arguments(self, parser):
        parser.add_argument("measures", type=int, help="How many measures to add.")
        parser.add_argument("--companies", type=int, help="Companies to add (default N/5).")
        parser.add_argument("--events", type=int, help="Events to add (default N/10).")
        parser.add_argument(
            "--entries", type=int, default=0, help="Official list entries to add (default 0)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, measures, companies, events, entries, seed, **options):
        if measures < 0:
            raise CommandError("N must be zero or more.")
        try:
            from tracker.growth import grow
        except ImportError as error:  # factory_boy is a test dependency
            raise CommandError(
                f"{error}: install the test extras (pip install -e '.[test]')."
            ) from None
        done = 0

        def progress(size):
            nonlocal done
            done += size
            if options["verbosity"] > 1:
                self.stdout.write(f"{done:,} of {measures:,} measures")

        grown = grow(
            measures,
            companies=companies,
            events=events,
            entries=entries,
            seed=seed,
            progress=progress,
        )
        for label, count in grown.counts.items():
            self.stdout.write(f"{count:>9,} {label}")
