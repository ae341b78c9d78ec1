# SSE Policy Hub: the commands a newcomer needs. `make run` serves the demo, `make test` tests it all.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
MANAGE_ABS := $(CURDIR)/$(PY) $(CURDIR)/manage.py
HOST_PORT ?= 127.0.0.1:8000
# Newest Python >= 3.12 on the machine: plain names first, then pyenv's own installs (its shims
# can fail when the version is not selected, so each candidate is asked to run).
PYTHON_CANDIDATES := python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(wildcard /usr/local/bin/python3.1[23]) $(wildcard /usr/bin/python3.1[23])
find_python = $(firstword $(foreach c,$(PYTHON_CANDIDATES),$(shell $(c) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && echo $(c))))

.PHONY: help install assets messages extract-messages run bench bench-http bench-load worker test lint fmt demo-code clean

help:
	@echo "make run        install, migrate, load the demo and serve at http://$(HOST_PORT)"
	@echo "make test       lint, migration check and the whole test suite (browser tests included)"
	@echo "make worker     run the background worker (e-mail and other queued work)"
	@echo "make messages   extract and compile translations"
	@echo "make lint / fmt ruff check / ruff format"
	@echo "make demo-code  current second-factor code for the demo staff accounts"
	@echo "make bench      performance figures (selection solver, atlas search and imports) as JSON lines"
	@echo "make bench-http public pages under gunicorn + wrk (45 and 1,000 sessions), JSON lines"
	@echo "make bench-load the same pages with 200 concurrent connections (2 workers x 8 threads)"

$(VENV)/.installed: requirements.txt
	@PYBIN="$(call find_python)"; \
	if [ -z "$$PYBIN" ]; then \
	  echo "SSE Policy Hub needs Python 3.12 or newer (Django 6)."; \
	  echo "Install one, e.g. 'apt-get install python3.13 python3.13-venv' or 'pyenv install 3.13',"; \
	  echo "then run make again."; exit 1; fi; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; $$PYBIN -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install: $(VENV)/.installed assets

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# htmx and Pico come from the npm registry at set-up; nothing is fetched from a CDN at run time.
assets: node_modules/.installed
	@mkdir -p src/ssehub/static/vendor/htmx src/ssehub/static/vendor/pico
	@cp node_modules/htmx.org/dist/htmx.min.js src/ssehub/static/vendor/htmx/
	@cp node_modules/@picocss/pico/css/pico.min.css src/ssehub/static/vendor/pico/

messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt missing: apt-get install gettext"; exit 1; }
	cd src/ssehub && DEBUG=true $(MANAGE_ABS) compilemessages -v 0

# Each app keeps its own catalogue in src/ssehub/<app>/locale; the project one holds the shared layout.
APPS := $(patsubst src/ssehub/%/apps.py,%,$(wildcard src/ssehub/*/apps.py))
LOCALES := -l zh_Hans -l ja -l ko -l ms -l id -l fil
extract-messages: install
	@for app in $(APPS); do mkdir -p src/ssehub/$$app/locale; \
	  (cd src/ssehub/$$app && DEBUG=true $(MANAGE_ABS) makemessages --no-obsolete --no-location $(LOCALES) -v 0); done
	cd src/ssehub && DEBUG=true $(MANAGE_ABS) makemessages --no-obsolete --no-location $(LOCALES) -v 0 $(foreach a,$(APPS),-i '$(a)/*')

# HOST_PORT also sets the address in e-mails, feeds and certificates unless SSEHUB_SITE_URL is set.
run: install messages
	DEBUG=true $(MANAGE) migrate --no-input -v 0
	DEBUG=true $(MANAGE) collectstatic --no-input -v 0
	DEBUG=true $(MANAGE) load_demo
	@echo "Serving SSE Policy Hub at http://$(HOST_PORT) (the background worker runs beside it; Ctrl-C stops both)"
	@export HOST_PORT=$(HOST_PORT); \
	DEBUG=true $(MANAGE) db_worker --no-reload & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	DEBUG=true $(MANAGE) runserver $(HOST_PORT)

worker: install
	$(MANAGE) db_worker

demo-code: install
	@DEBUG=true $(MANAGE) demo_code

lint: install
	$(VENV)/bin/ruff check .

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install messages
	$(VENV)/bin/ruff check .
	DEBUG=true $(MANAGE) makemigrations --check --dry-run -v 1
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Figures, not pass/fail: each command prints JSON lines (see the README's "Performance").
# The atlas bench builds its synthetic 50,000-record atlas in databases of its own, never in yours;
# `--import-rows` times the preview and the write of 100,000 new records, then of a file changing them all.
BENCH_SQLITE := sqlite:///$(CURDIR)/var/bench_atlas.sqlite3
BENCH_PG := ssehub_bench_atlas
bench: install
	DEBUG=true $(MANAGE) bench_selection --applicants 10000 --seats 300 --countries 20
	DEBUG=true DATABASE_URL=$(BENCH_SQLITE) $(MANAGE) migrate -v0
	DEBUG=true DATABASE_URL=$(BENCH_SQLITE) $(MANAGE) bench_atlas
	DEBUG=true DATABASE_URL=$(BENCH_SQLITE) $(MANAGE) bench_atlas --import-rows 100000
	DEBUG=true DATABASE_URL=$(BENCH_SQLITE) $(MANAGE) bench_planning --members 60 --actions 300 --criteria 4
	DEBUG=true DATABASE_URL=$(BENCH_SQLITE) $(MANAGE) bench_community --members 100000 --posts 1000000
	@if command -v createdb >/dev/null && psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then \
	  dropdb --if-exists $(BENCH_PG) && createdb -T template0 -E UTF8 --locale=C.UTF-8 $(BENCH_PG) && \
	  DEBUG=true DATABASE_URL=postgres:///$(BENCH_PG) $(MANAGE) migrate -v0 && \
	  DEBUG=true DATABASE_URL=postgres:///$(BENCH_PG) $(MANAGE) bench_atlas && \
	  DEBUG=true DATABASE_URL=postgres:///$(BENCH_PG) $(MANAGE) bench_atlas --import-rows 100000; \
	else echo "PostgreSQL not reachable over the local socket: atlas bench on PostgreSQL skipped"; fi

# The production layout (gunicorn, DEBUG off, whitenoise's compressed static files) on a loopback port,
# against databases of its own (never yours); Redis as the shared cache when it answers, with a
# prefix of its own, else a file cache under var/. bench_http stops the gunicorn it starts.
BENCH_HTTP_SQLITE := sqlite:///$(CURDIR)/var/bench_http.sqlite3
BENCH_HTTP_PG := ssehub_bench_http
BENCH_HTTP_ARGS ?= --duration 5
bench-http: install
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; \
	  else echo "wrk is missing: ask an administrator for 'apt-get install wrk'"; exit 1; fi; }
	@if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then CACHE="SSEHUB_REDIS_URL=redis://127.0.0.1:6379/0"; \
	  else CACHE="SSEHUB_CACHE_DIR=$(CURDIR)/var/bench_http_cache"; fi; \
	env $$CACHE SSEHUB_CACHE_PREFIX=ssehub-bench-sqlite DEBUG=true DATABASE_URL=$(BENCH_HTTP_SQLITE) \
	  $(MANAGE) bench_http --label sqlite $(BENCH_HTTP_ARGS); \
	if command -v createdb >/dev/null && psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then \
	  dropdb --if-exists $(BENCH_HTTP_PG) && createdb -T template0 -E UTF8 --locale=C.UTF-8 $(BENCH_HTTP_PG) && \
	  env $$CACHE SSEHUB_CACHE_PREFIX=ssehub-bench-postgresql DEBUG=true DATABASE_URL=postgres:///$(BENCH_HTTP_PG) \
	    $(MANAGE) bench_http --label postgresql $(BENCH_HTTP_ARGS); \
	else echo "PostgreSQL not reachable over the local socket: HTTP bench on PostgreSQL skipped"; fi

# 200 concurrent connections against the production layout the README recommends for 2 cores
# (2 gunicorn workers x 8 threads, Redis cache): the same pages and JSON lines as bench-http.
bench-load:
	$(MAKE) bench-http BENCH_HTTP_ARGS="--connections 200 --workers 2 --threads 8 --duration 10"

clean:
	rm -rf $(VENV) node_modules src/ssehub/static/vendor var/staticfiles
