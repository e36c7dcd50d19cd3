#!/usr/bin/env bash
# make bench: the site at 100,000 measures on PostgreSQL, served with the production
# settings under gunicorn (2 workers, Redis as the shared cache), against Datasette on
# the same rows and a minimal Django view (the ceiling), all measured with wrk in one run.
#
#   make bench                      # grows tracker_bench to 100,000 measures the first time
#   BENCH_MEASURES=20000 make bench # a smaller database
#   BENCH_FRESH=1 make bench        # drop and grow it again
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379, wrk
# (installed from Debian if missing) and the bench extras (Datasette, sqlite-utils).
# wrk shares the 2 cores with the servers: compare the ratios, measured side by side.
set -euo pipefail
cd "$(dirname "$0")/.."

MEASURES=${BENCH_MEASURES:-100000}
DB=${BENCH_DB:-tracker_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-20}
SITE_PORT=8141; DATASETTE_PORT=8142; MINIMAL_PORT=8143; UNCACHED_PORT=8144; DATA_ONLY_PORT=8145
WORK=$(mktemp -d)
PY=.venv/bin/python

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
export DATABASE_URL="$PG/$DB" CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_DEBUG= DJANGO_LOG_LEVEL=WARNING

if [ -n "${BENCH_FRESH:-}" ]; then psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB"; fi
psql "$PG/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || psql "$PG/postgres" -qc "CREATE DATABASE $DB"
$PY manage.py migrate --noinput -v0
have=$($PY manage.py shell -v0 -c "from measures.models import Measure; print(Measure.objects.count())" | tail -1)
if [ "$have" -lt "$MEASURES" ]; then
    $PY manage.py loaddata seed -v0
    echo "growing $DB from $have to $MEASURES measures (a few minutes)"
    $PY manage.py grow $((MEASURES - have)) >/dev/null
fi
psql "$PG/$DB" -qc "ANALYZE" >/dev/null
$PY manage.py collectstatic --noinput -v0
redis-cli -u "$CACHE_URL" FLUSHDB >/dev/null 2>&1 || true

# The same rows for Datasette: one row a measure, the columns its facets need.
psql "$PG/$DB" -qAt -F $'\t' -c "
    SELECT m.slug, m.title, g.code AS country, t.slug AS measure_type, m.status, m.announced_on
    FROM measures_measure m JOIN entities_government g ON g.id = m.government_id
    JOIN measures_measuretype t ON t.id = m.measure_type_id" > "$WORK/measures.tsv"
(echo $'slug\ttitle\tcountry\tmeasure_type\tstatus\tannounced_on'; cat "$WORK/measures.tsv") \
    | .venv/bin/sqlite-utils insert "$WORK/bench.db" measures - --tsv >/dev/null
.venv/bin/sqlite-utils create-index "$WORK/bench.db" measures country measure_type >/dev/null

cleanup() { kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
.venv/bin/gunicorn tracker.wsgi -b 127.0.0.1:$SITE_PORT -w 2 -D --pid "$WORK/site.pid"
TRACKER_PAGE_CACHE=0 .venv/bin/gunicorn tracker.wsgi -b 127.0.0.1:$UNCACHED_PORT -w 2 -D \
    --pid "$WORK/uncached.pid"
.venv/bin/gunicorn benchmarks.minimal:application -b 127.0.0.1:$MINIMAL_PORT -w 2 -D \
    --pid "$WORK/minimal.pid"
.venv/bin/gunicorn benchmarks.data_only:application -b 127.0.0.1:$DATA_ONLY_PORT -w 2 -D \
    --pid "$WORK/data-only.pid"
.venv/bin/datasette serve "$WORK/bench.db" -p $DATASETTE_PORT --setting num_sql_threads 2 \
    >/dev/null 2>&1 & echo $! > "$WORK/datasette.pid"
sleep 3

# Rotating filter combinations: every imposer x type, each asked once per cycle (uncached).
GOVS=$(psql "$PG/$DB" -qAtc "SELECT code FROM entities_government ORDER BY code LIMIT 8")
TYPES=$(psql "$PG/$DB" -qAtc "SELECT slug FROM measures_measuretype ORDER BY slug LIMIT 8")
{
    echo 'paths = {}'
    for g in $GOVS; do for t in $TYPES; do
        echo "table.insert(paths, \"/measures/?government=$g&type=$t&page=\" .. math.random(1, 3))"
    done; done
    echo 'counter = 0'
    echo 'request = function() counter = counter + 1; return wrk.format("GET", paths[(counter % #paths) + 1] .. "&n=" .. counter) end'
} > "$WORK/rotate.lua"
{
    echo 'paths = {}'
    for g in $GOVS; do for t in $TYPES; do
        echo "table.insert(paths, \"/bench/measures?country=$g&measure_type=$t&_facet=measure_type&_facet=status&_size=25\")"
    done; done
    echo 'counter = 0'
    echo 'request = function() counter = counter + 1; return wrk.format("GET", paths[(counter % #paths) + 1]) end'
} > "$WORK/rotate-datasette.lua"

# Every client asks for compressed answers, as browsers and CDNs do.
measure() {  # name port path [wrk options...]
    local name=$1 port=$2 path=$3; shift 3
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept-Encoding: gzip" "$@" \
        "http://127.0.0.1:$port$path" \
        | awk -v name="$name" '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
            END {printf "%-44s %10s req/s  p50 %9s  p99 %9s\n", name, rps, p50, p99; print rps > "/dev/stderr"}' \
        2> "$WORK/$name.rps"
}
rps() { cat "$WORK/$1.rps"; }

echo "== $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $MEASURES measures"
COMPANY=$(psql "$PG/$DB" -qAtc "SELECT c.slug FROM entities_company c JOIN measures_measuretarget t ON t.company_id = c.id GROUP BY c.slug ORDER BY count(*) DESC LIMIT 1")
MEASURE=$(psql "$PG/$DB" -qAtc "SELECT slug FROM measures_measure ORDER BY id DESC LIMIT 1")
curl -s -o /dev/null "http://127.0.0.1:$SITE_PORT/measures/?government=CA"
ETAG=$(curl -sI "http://127.0.0.1:$SITE_PORT/measures/?government=CA" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
measure minimal $MINIMAL_PORT /
measure repeated $SITE_PORT "/measures/?government=CA"
measure conditional-304 $SITE_PORT "/measures/?government=CA" -H "If-None-Match: $ETAG"
measure rotating $SITE_PORT /measures/ -s "$WORK/rotate.lua"
measure rotating-data-only $DATA_ONLY_PORT /measures/ -s "$WORK/rotate.lua"
measure datasette-rotating $DATASETTE_PORT /bench/measures -s "$WORK/rotate-datasette.lua"
redis-cli -u "$CACHE_URL" FLUSHDB >/dev/null 2>&1 || true
measure company $SITE_PORT "/companies/$COMPANY/"
measure measure $SITE_PORT "/measures/$MEASURE/"
measure api-list $SITE_PORT "/api/measures/?government=US"
measure csv-export $SITE_PORT "/measures/export.csv?government=CA&type=$(echo "$TYPES" | head -1)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}'; }
echo "rotating filters / Datasette faceted: $(ratio "$(rps rotating)" "$(rps datasette-rotating)")x (aim: 10x)"
echo "  the same, the list's database work without its HTML (benchmarks/data_only.py): $(ratio "$(rps rotating-data-only)" "$(rps datasette-rotating)")x"
echo "repeated view / minimal view: $(ratio "$(rps repeated)" "$(rps minimal)") (aim: 0.8)"
echo "304 / minimal view: $(ratio "$(rps conditional-304)" "$(rps minimal)") (aim: 0.8)"

# One reader at a time, nothing cached (a server with TRACKER_PAGE_CACHE=0): the latency
# a reader sees when the page was never asked for before.
echo "single client, uncached (p95 aim: under 50 ms):"
FIRST_GOV=$(echo "$GOVS" | head -1); FIRST_TYPE=$(echo "$TYPES" | head -1)
$PY benchmarks/latency.py "http://127.0.0.1:$UNCACHED_PORT" -n "${BENCH_SINGLE:-100}" \
    "/measures/" "/measures/?government=$FIRST_GOV&type=$FIRST_TYPE" \
    "/companies/$COMPANY/" "/measures/$MEASURE/" "/"
$PY manage.py shell -v0 -c "
import time
from core.pagecache import bump
from measures import summary
bump(); started = time.perf_counter(); summary.fresh()
print(f'counted-ahead summary rebuilt after a write in {time.perf_counter() - started:.2f} s')"
