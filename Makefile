# The two commands of the README: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test install browser lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Serve the seeded site on SQLite at http://$(HOST):$(PORT)/ (safe to run again).
# The data comes in two layers, each loaded as one revision: the May 2022 article's record
# (only into an empty database, so a re-run never undoes the corrections) and the record as
# checked in November 2026, whose corrections show in each measure's change log. Loading a
# layer again changes nothing and adds no revision.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_record seed --initial --comment "Seed data: the May 2022 article's record"
	$(BIN)/python manage.py createinitialrevisions --comment "Seed data" --verbosity 0
	$(BIN)/python manage.py load_record record-2026 --comment "The record as of November 2026: corrections and additions checked against primary sources"
	$(BIN)/python manage.py loaddata aliases-chinese
	$(BIN)/python manage.py rebuild_search_index --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Chromium (Debian's) and axe-core for the browser tests; browser downloads are impossible here.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	@test -f node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund --silent

# Run the whole suite (set DATABASE_URL to run it against PostgreSQL).
test: install browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The site at 100,000 measures on PostgreSQL against Datasette and a minimal view (wrk).
bench: install
	$(BIN)/pip install --quiet -e ".[test,bench]"
	bash benchmarks/bench.sh
