"""
Benchmark: import 100,000 CSL rows, then the same file again; rows/s and peak memory.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/import_csl.py \
        [--rows 100000] [--data ../shared/data/real]

Not a test. Rows come from ``benchmarks/parse_csl.py``'s generator (the real slice's
shapes, a distinct id and name per row). The database named by ``DATABASE_URL`` (default:
a temporary SQLite file) is migrated and emptied of list data first. It reports, for a
first import (every row new: entries, periods, companies for the Chinese organisations,
measures) and for a re-import of the same bytes forced through the parser and the
content-hash comparison (``--force``) and through the sha256 short-cut, the rows/s and
the process's peak resident set (``ru_maxrss``) after each, and the CPU time the process
itself used (on a shared machine, wall time also counts the others' work). The
temporary folder (the file and the SQLite database) is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-import-")
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the file and the SQLite database: ~450 MB


def run(args, tmp) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from parse_csl import generate

    from measures.listings.importer import import_list

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", "seed", verbosity=0)
    path = Path(tmp) / "consolidated.csv"
    generate(args.data / "us-csl" / "csl.csv", path, args.rows)
    print(
        f"database: {connection.vendor}; rows: {args.rows:,} ({path.stat().st_size / 1e6:.1f} MB)"
    )
    print(f"load average before: {os.getloadavg()}")

    def timed(label, **options):
        # Timed without tracemalloc (it slows allocation-heavy code several times); the
        # resident set after each pass is the process's peak so far (ru_maxrss).
        start, cpu = time.perf_counter(), time.process_time()
        report = import_list("csl", [str(path)], **options)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB to MiB
        run = report.run
        print(
            f"{label}: {args.rows / seconds:,.0f} rows/s ({seconds:.1f} s; this process's CPU "
            f"{cpu:.1f} s, {args.rows / cpu:,.0f} rows per CPU second); "
            f"created {run.created:,}, "
            f"unchanged {run.unchanged:,}, companies {run.companies_created:,}, "
            f"review {run.sent_to_review:,}; peak RSS so far {peak:.0f} MiB"
        )
        return seconds

    first = timed("first import")
    again = timed("re-import, same file (--force: parsed and hashed)", force=True)
    same = timed("re-import, same file (sha256 short-cut)")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"re-import speed-up: {first / again:.1f}x (parsed), {first / same:.0f}x (short-cut)")
    print(f"peak resident set (ru_maxrss, whole process): {maxrss:.0f} MiB")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
