#!/usr/bin/env bash
# Requests per second and latency of the main public pages, served by gunicorn
# (2 workers) from a throwaway seeded SQLite database, measured with wrk.
# Usage: bash benchmarks/pages.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8130}
DB=$(mktemp -d)/bench.sqlite3
export DATABASE_URL=${DATABASE_URL:-sqlite:///$DB}
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py loaddata seed -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn tracker.wsgi -b 127.0.0.1:$PORT -w 2 --pid /tmp/bench-gunicorn.pid -D
trap 'kill "$(cat /tmp/bench-gunicorn.pid)"' EXIT
sleep 2
for path in / /measures/ "/measures/?group=five-eyes&type=5g-network-ban" /companies/hikvision/ \
    /measures/canada-5g-ban-huawei-zte/ /matrix/ /deadlines/ /api/measures/ /measures/export.csv; do
    printf '%-50s ' "$path"
    wrk -t2 -c10 -d5s --latency "http://127.0.0.1:$PORT$path" \
        | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} END {printf "%8s req/s  p50 %8s  p99 %8s\n", rps, p50, p99}'
done
