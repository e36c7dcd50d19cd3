"""
Benchmark: stream 100,000 measures as CSV and report rows per second and peak memory.

    .venv/bin/python benchmarks/export_csv.py [--rows 100000]

Not a test (pytest only collects ``tests/``). It builds a throwaway database
(a temporary SQLite file, or, when ``DATABASE_URL`` names a PostgreSQL
server, a ``test_<name>_export_csv_benchmark`` database that it creates and
drops), fills it
with generated measures by ``bulk_create`` (each with one to three target
companies and one or two sources), then, in a fresh Python process so that
nothing from the generation counts, requests ``/measures/export.csv``
through the whole Django stack and reads the streamed response to the end.

It prints the rows per second and the export process's peak memory: its
peak resident set size (``VmHWM``, everything: Python, Django, the
driver) and the peak of Python allocations during the export (tracemalloc,
measured in a second, slower pass). The export must stay under
:data:`MEMORY_LIMIT_MB` however many rows there are.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROWS = 100_000
COMPANIES = 60
MEMORY_LIMIT_MB = 150


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ.pop("DJANGO_DEBUG", None)  # DEBUG would keep every query in memory
    import django

    django.setup()


def generate(rows):
    """Fill the database with ``rows`` measures from the project's generator (manage.py grow)."""
    from measures.models import Measure
    from tracker.growth import grow

    grow(rows, companies=COMPANIES)
    return Measure.objects.count()


def stream_export(query=""):
    """Request the CSV through the whole stack and read it to the end: (rows, bytes, seconds)."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    started = time.perf_counter()
    response = client.get("/measures/export.csv" + query)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - started
    return lines - 1, size, elapsed


def peak_rss_mb():
    """
    This process's own peak resident set, in MB.

    Not ``ru_maxrss`` where Linux gives ``VmHWM``: a process started by exec keeps in
    ``ru_maxrss`` its parent's peak from before the exec, here the generating parent's
    (117 MB of "baseline" at 100,000 rows that this process never held).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure():
    """Run in the child process: one plain pass for speed, one traced pass for allocations."""
    setup_django()
    # Warm up: load the URLconf and the views, as a serving process already has.
    assert stream_export("?date_to=1900")[0] == 0  # nothing announced before 1900
    baseline_rss_mb = peak_rss_mb()
    rows, size, elapsed = stream_export()
    peak_rss = peak_rss_mb()
    tracemalloc.start()
    traced_rows, _, traced_elapsed = stream_export()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert traced_rows == rows
    print(
        json.dumps(
            {
                "rows": rows,
                "bytes": size,
                "seconds": elapsed,
                "rows_per_second": rows / elapsed,
                "baseline_rss_mb": baseline_rss_mb,
                "peak_rss_mb": peak_rss,
                "tracemalloc_peak_mb": traced_peak / 1024 / 1024,
                "traced_seconds": traced_elapsed,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        return measure()

    workdir = tempfile.mkdtemp(prefix="export-csv-benchmark-")
    database_url = os.environ.get("DATABASE_URL", "")
    on_postgres = database_url.startswith(("postgres://", "postgresql://"))
    if not on_postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/benchmark.sqlite3"
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    test_database = None
    if on_postgres:
        # A database of our own, dropped at the end: never the real one, and not the
        # test suite's test_<name> either (a suite may be running).
        name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"test_{name}_export_csv_benchmark"
        test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        started = time.perf_counter()
        count = generate(arguments.rows)
        print(f"Generated {count:,} measures in {time.perf_counter() - started:.1f} s.")
        environment = dict(os.environ)
        if on_postgres:
            server = database_url.split("?", 1)[0].rsplit("/", 1)[0]
            environment["DATABASE_URL"] = f"{server}/{test_database}"
        connection.close()
        child = subprocess.run(
            [sys.executable, __file__, "--measure"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            sys.stderr.write(child.stderr)
            raise SystemExit(child.returncode)
        result = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        if on_postgres:
            connection.creation.destroy_test_db(test_database, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Rows exported:        {result['rows']:,} ({result['bytes'] / 1024 / 1024:.1f} MB)")
    print(f"Time:                 {result['seconds']:.2f} s")
    print(f"Rows per second:      {result['rows_per_second']:,.0f}")
    print(f"Peak RSS (process):   {result['peak_rss_mb']:.1f} MB")
    print(f"  before the export:  {result['baseline_rss_mb']:.1f} MB (Python, Django, the app)")
    print(f"Peak Python heap:     {result['tracemalloc_peak_mb']:.1f} MB during the export")
    print(f"Limit:                {MEMORY_LIMIT_MB} MB")
    assert result["rows"] == count, "every measure must be exported"
    if result["peak_rss_mb"] >= MEMORY_LIMIT_MB:
        raise SystemExit(f"Peak memory {result['peak_rss_mb']:.1f} MB is over the limit.")


if __name__ == "__main__":
    main()
