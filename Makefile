# Two commands do everything on a fresh machine: `make run` and `make test`.
# Nothing is needed but Python 3.12+ and make.

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The first Python that is 3.12 or newer.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

# `make run` is the site as visitors see it: DEBUG off, whitenoise, real error pages, a local
# secret generated once into .secret_key (ignored by git). HTTPS-only settings are off because
# it is plain http on localhost; two-factor sign-in is off because there is no TLS either.
LOCAL_ENV = DJANGO_SECRET_KEY="$$(cat .secret_key)" DJANGO_DEBUG=False DJANGO_SECURE_SSL_REDIRECT=False \
	DJANGO_ADMIN_2FA=False DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: help install install-dev run dev serve test lint format migrate data demo manage port-free messages clean bench bench-floor bench-load

help:
	@echo "make run      set up everything and serve the site on http://127.0.0.1:$(PORT)/ (DEBUG off)"
	@echo "make dev      the same with DEBUG on and auto-reload"
	@echo "make test     set up everything and run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make serve    gunicorn with production settings (set the variables in docs/configuration.md first)"
	@echo "make lint     ruff check, format check and mypy; make format fixes formatting"
	@echo "make demo     2,000 generated sample listings (marked as samples everywhere; run again, still 2,000)"
	@echo "make manage ARGS=\"create_moderator alex\"  any manage.py command with the local settings of make run"
	@echo "make messages update and compile the Spanish translations (needs gettext)"
	@echo "make bench    the load benchmark: 100,000 listings, PostgreSQL and SQLite, one table each (docs/performance.md)"
	@echo "make bench-floor  requests/s and latency of the production server (figures only)"
	@echo "make bench-load   concurrent stories and \"me too\" presses on PostgreSQL, then an integrity check"

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 on PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

migrate: install .secret_key
	$(LOCAL_ENV) $(MANAGE) migrate --noinput

# Loads the real, checked listings: national lines, state coalitions, community organizations (idempotent).
data: migrate
	$(LOCAL_ENV) $(MANAGE) load_listings

# Rebuilt only when a static file changed, so concurrent `make test` runs never clear it under each other.
staticfiles/staticfiles.json: $(VENV)/.runtime $(shell find metoo_site/static stories/static resources/static -type f 2>/dev/null)
	DJANGO_SECRET_KEY=collectstatic-only-key-0123456789abcdefghijklmnop $(MANAGE) collectstatic --noinput --clear -v 0

# A port already taken would end the server with a traceback after the whole set-up: say so first.
# The goal named in the hint is the one that was typed (run or dev).
port-free:
	@case "$(PORT)" in ''|*[!0-9]*) echo "PORT must be a number, e.g. make run PORT=8765"; exit 1;; esac
	@$(PYTHON) -c 'import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null \
		|| { echo "Port $(PORT) is in use (is the site already running?). Try: make $(firstword $(filter run dev,$(MAKECMDGOALS)) run) PORT=$(if $(filter 8765,$(PORT)),8766,8765)"; exit 1; }

run: port-free data staticfiles/staticfiles.json
	@echo "Serving on http://127.0.0.1:$(PORT)/ (DEBUG off). Stop with Ctrl+C."
	$(LOCAL_ENV) $(VENV)/bin/gunicorn metoo_site.wsgi -c gunicorn.conf.py --bind 127.0.0.1:$(PORT)

dev: port-free install .secret_key
	DJANGO_DEBUG=True $(MANAGE) migrate --noinput
	DJANGO_DEBUG=True $(MANAGE) load_listings
	DJANGO_DEBUG=True $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production: every variable comes from the environment (see docs/deployment.md).
serve: install staticfiles/staticfiles.json
	$(VENV)/bin/gunicorn metoo_site.wsgi -c gunicorn.conf.py

# --delete first: run twice, it is still the same 2,000 samples, never 4,000.
demo: data
	$(LOCAL_ENV) $(MANAGE) generate_demo_resources 2000 --seed 1 --delete
	@echo "See them with make run, then http://127.0.0.1:$(PORT)/resources/?near=60601 (each is marked as a sample)."
	@echo "Remove them with: make manage ARGS=\"generate_demo_resources --delete\""

# Any management command with the same local settings as `make run` (its .secret_key, DEBUG off,
# no second factor), e.g. make manage ARGS="create_moderator alex" or ARGS="createsuperuser".
# Only this Makefile passes the local key: a production start without DJANGO_SECRET_KEY refuses.
manage: install .secret_key
	@test -n "$(ARGS)" || { echo 'Name a command, e.g. make manage ARGS="create_moderator alex"'; exit 1; }
	@$(LOCAL_ENV) $(MANAGE) $(ARGS)

# The suite's settings (tests/settings.py) set its own secret key and DEBUG off: plain pytest works too.
test: install-dev staticfiles/staticfiles.json
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# mypy reads the settings (django-stubs), hence a lint-only key; every module is checked.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SECRET_KEY=lint-only-key-0123456789abcdefghijklmnop $(VENV)/bin/mypy .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DJANGO_DEBUG=True $(MANAGE) makemessages -l es --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	DJANGO_DEBUG=True $(MANAGE) compilemessages -l es --ignore=.venv

# Benchmarks print figures; bench-load also checks integrity and fails if anything does not add up.
# BENCH_ARGS="--short" for a quick run; bench-load creates and drops its own PostgreSQL database
# (BENCH_ARGS="--database-url postgres://user@host:5432/NAME" to choose it).
# `make bench` prints the table of docs/performance.md (about 15 minutes; BENCH_ARGS="--short" for a
# quick look). It keeps its database (postgres://postgres@127.0.0.1:5432/metoo_bench unless
# BENCH_ARGS="--database-url ...") and bench/.data/ between runs, and installs wrk if missing.
bench: install staticfiles/staticfiles.json
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } \
		|| { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

bench-floor: install staticfiles/staticfiles.json
	$(PY) bench/floor.py $(BENCH_ARGS)

bench-load: install staticfiles/staticfiles.json
	$(PY) bench/load_integrity.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache .hypothesis
