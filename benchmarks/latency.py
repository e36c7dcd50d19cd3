"""
Single-client latency of pages, one request after another (no concurrency).

    python benchmarks/latency.py http://127.0.0.1:8144 /measures/ /companies/x/ -n 100

Prints p50, p95 and the slowest for each path. A path may hold ``{i}``,
replaced by the request's number, so that each request is a new address.
"""

import argparse
import statistics
import time
import urllib.request


def timed(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-n", type=int, default=100, help="requests per path")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    for path in args.paths:
        timed(args.base + path.format(i=0))  # the first request opens connections
        times = []
        for i in range(1, args.n + 1):
            elapsed, status = timed(args.base + path.format(i=i))
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            times.append(elapsed)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        name = f"{args.label} {path}".strip()
        print(
            f"{name[:60]:<60} p50 {statistics.median(times):7.1f} ms  "
            f"p95 {p95:7.1f} ms  max {times[-1]:7.1f} ms  (n={len(times)})"
        )


if __name__ == "__main__":
    main()
