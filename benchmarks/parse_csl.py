"""
Benchmark: parse N rows of trade.gov CSL CSV and report rows per second and peak memory.

    .venv/bin/python benchmarks/parse_csl.py [--rows 100000] [--data ../shared/data/real]

Not a test. It takes the real slice ``us-csl/csl.csv`` (every source, vessels, the rows
with embedded newlines) as row shapes, writes N rows cycling through them into a
temporary file with a distinct ``_id``, ``entity_number`` and name per row
(deterministic, so runs compare), then parses the file three ways:

1. parse only (records built and dropped: the streaming path an importer uses),
2. parse and compute every record's ``content_hash`` (what change detection costs),
3. pass 1 again under tracemalloc, for the peak of Python allocations.

It prints rows/s for 1 and 2, the tracemalloc peak and the process's peak resident set
size (``ru_maxrss``). Memory must not grow with N: the parser streams.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from sources.importers.formats import csl  # noqa: E402

DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "real"


def generate(source: Path, target: Path, rows: int) -> None:
    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        shapes = [row for row in reader if row and row[0] != "_id"]
    with open(target, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(shapes[i % len(shapes)])
            row[0] = f"{i:056x}" if not row[0].isdigit() else str(100000 + i)
            if row[2]:
                row[2] = str(100000 + i)
            row[5] = f"{row[5]} {i}"
            writer.writerow(row)


def run(path: Path, with_hash: bool) -> tuple[int, float]:
    start = time.perf_counter()
    count = 0
    result = csl.parse(path)
    for record in result.records:
        if with_hash:
            record.content_hash  # noqa: B018
        count += 1
    if result.rejected:
        raise SystemExit(f"unexpected rejects: {result.rejected[:3]}")
    return count, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    source = args.data / "us-csl" / "csl.csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "consolidated.csv"
        generate(source, path, args.rows)
        size_mb = path.stat().st_size / 1e6
        csl.parse(source).read_all()  # warm-up: imports, the country lookup tables
        count, seconds = run(path, with_hash=False)
        _, hash_seconds = run(path, with_hash=True)
        tracemalloc.start()
        run(path, with_hash=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {count:,} ({size_mb:.1f} MB CSV)")
    print(f"parse: {count / seconds:,.0f} rows/s ({seconds:.2f} s)")
    print(f"parse + content_hash: {count / hash_seconds:,.0f} rows/s ({hash_seconds:.2f} s)")
    print(f"peak Python allocations (tracemalloc): {peak / 1e6:.1f} MB")
    print(f"peak resident set (ru_maxrss): {maxrss_mb:.1f} MB")


if __name__ == "__main__":
    main()
