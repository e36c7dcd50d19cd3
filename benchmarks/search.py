"""
Benchmark: search and screening on a grown database (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_search_bench \\
        .venv/bin/python benchmarks/search.py [--companies 100000] [--entries 100000]

Uses the database ``DATABASE_URL`` names (PostgreSQL is what the figures are for;
SQLite works but is the reduced engine). On first use it migrates, loads the
seed and grows it with the project's generator (``tracker.growth.grow``: the
companies with aliases and identifiers, and official list entries, all in
the search table); later runs reuse what is there. Then it reports:

- single queries through the engine (``measures.search.engine.find``) and
  through the whole ``/search/`` logic (``tracker.search.search``: names,
  measures, events): p50, p95 and max in milliseconds, over exact names,
  misspellings, prefixes, identifiers, Chinese names and names that match nothing;
- screening 1,000 lines (``measures.search.screening.screen``): lines per second;
- the machine's load average before and after, and the table sizes.

Aims: p95 under 50 ms for a single query; 200 lines a second or more.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = 20_000


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ.pop("DJANGO_DEBUG", None)  # DEBUG would keep every query in memory
    import django

    django.setup()


def prepare(companies, entries):
    from django.core.management import call_command

    from entities.models import Company
    from sources.models import ListEntry
    from tracker.growth import grow

    call_command("migrate", verbosity=0)
    if not Company.objects.filter(slug="huawei").exists():
        call_command("loaddata", "seed", "aliases-chinese", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
    missing_companies = companies - Company.objects.filter(slug__startswith="grown-").count()
    missing_entries = entries - ListEntry.objects.filter(entry_id__startswith="grown-").count()
    if missing_companies > 0 or missing_entries > 0:
        started = time.perf_counter()
        grow(
            MEASURES,
            companies=max(0, missing_companies),
            entries=max(0, missing_entries),
            events=MEASURES // 10,
        )
        print(f"grown in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        if connection.vendor == "postgresql":
            # As autovacuum would soon after a bulk load: the word links are read by
            # index-only scans, which need the visibility map a VACUUM sets.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")


def typo(rng, text):
    """One letter dropped, doubled or swapped with the next."""
    letters = list(text)
    index = rng.randrange(1, max(2, len(letters) - 1))
    change = rng.choice(("drop", "double", "swap"))
    if change == "drop":
        del letters[index]
    elif change == "double":
        letters.insert(index, letters[index])
    elif index + 1 < len(letters):
        letters[index], letters[index + 1] = letters[index + 1], letters[index]
    return "".join(letters)


def queries(rng, count):
    from entities.models import Company, Identifier
    from sources.models import ListEntry

    names = list(
        Company.objects.filter(slug__startswith="grown-")
        .order_by("?")
        .values_list("legal_name", "short_name")[:count]
    )
    entries = list(
        ListEntry.objects.filter(entry_id__startswith="grown-")
        .order_by("?")
        .values_list("name", flat=True)[:count]
    )
    identifiers = list(Identifier.objects.order_by("?").values_list("value", flat=True)[:count])
    fixed = [
        "Huawei",
        "Hikvison",
        "华为技术有限公司",
        "ZTE Corp",
        "CNE 1000 00PM8",
        "Nothing Like This Ltd",
        "Zhongxing Lu",
    ]
    made = list(fixed)
    while len(made) < count:
        legal, short = rng.choice(names)
        kind = rng.randrange(6)
        if kind == 0:
            made.append(legal)
        elif kind == 1:
            made.append(typo(rng, short))
        elif kind == 2:
            made.append(short.split()[0])
        elif kind == 3:
            made.append(rng.choice(identifiers))
        elif kind == 4:
            made.append(typo(rng, rng.choice(entries)))
        else:
            made.append(f"Unlisted {rng.randrange(10**6)} Widgets GmbH")
    return made


def timed(function, items):
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from entities.models import Company
    from measures.models import Measure, SearchName
    from measures.search.engine import find
    from measures.search.screening import screen
    from sources.models import ListEntry
    from tracker.search import search

    load_before = os.getloadavg()
    prepare(args.companies, args.entries)
    rng = random.Random(7)
    single = queries(rng, args.queries)
    for query in single[:20]:  # warm the caches and the connection
        find(query)
    print(
        f"database: {connection.vendor}; companies {Company.objects.count():,}, "
        f"list entries {ListEntry.objects.count():,}, measures {Measure.objects.count():,}, "
        f"search names {SearchName.objects.count():,}"
    )
    names = timed(find, single)
    print(
        f"engine, single query ({len(single)} queries): p50 {names['p50']:.1f} ms, "
        f"p95 {names['p95']:.1f} ms, max {names['max']:.1f} ms"
    )
    page = timed(search, single[:100])
    print(
        f"/search/ logic (names, measures, events; 100 queries): p50 {page['p50']:.1f} ms, "
        f"p95 {page['p95']:.1f} ms, max {page['max']:.1f} ms"
    )
    lines = queries(random.Random(11), args.lines)
    started = time.perf_counter()
    result = screen(lines)
    seconds = time.perf_counter() - started
    print(
        f"screening {len(lines)} lines: {seconds:.2f} s, {len(lines) / seconds:.0f} lines/s "
        f"({result.matched_count} lines matched)"
    )
    load_after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min) before {tuple(round(x, 2) for x in load_before)}, "
        f"after {tuple(round(x, 2) for x in load_after)} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
