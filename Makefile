# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
# Runs the command that follows with DATABASE_URL set: DATABASE_URL (run) or TEST_DATABASE_URL
# (test) when set, else the server at 127.0.0.1:5432, else an embedded PostgreSQL started for
# the command and stopped after it (README "The database").
DEVDB := $(PYTHON) scripts/devdb.py

.PHONY: all install install-tools run serve test pytest test-browser test-embedded smoke lint \
	format backup restore load bench import-timing abuse-documents mutate

# `make` alone installs what the two commands need; after it they work offline.
all: install install-tools

$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The W3C Nu HTML Checker for the HTML validity test: vnu.jar from npm (vnu-jar, pinned in
# package-lock.json), run with Java. --ignore-scripts: its install script would download a Java
# runtime; Debian's is used. Without npm the test is skipped (CI has npm and never skips it).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the HTML validity test will be skipped."; \
	fi

install-tools: $(VNU_JAR)

# Serves the site on 127.0.0.1:$(PORT) with the 2020 report loaded.
run: install
	$(DEVDB) run $(MAKE) --no-print-directory serve

# `make run` on the database of DATABASE_URL. DEBUG is exported rather than written before each
# command, so that make runs the commands without a shell and passes SIGTERM on to them.
serve: export DEBUG = true
serve: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py loadreport 2020 --if-empty
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Tests use the development settings (DEBUG on at import; Django's test runner still serves
# with DEBUG off). Production settings are tested in a subprocess.
test: lint install-tools
	$(DEVDB) test $(MAKE) --no-print-directory pytest

# `make test` on the database of DATABASE_URL (pytest-django makes test_<its name>). The tests
# run on the settings' defaults: what a developer exported for `make run` (REDIS_URL,
# PAGE_CACHE_SECONDS, TIME_ZONE…) is left out (tests/conftest.py, INHERITED_SETTINGS).
TEST_UNSET := SECRET_KEY ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS CONN_MAX_AGE DATABASE_REPLICA_URL \
	TIME_ZONE REDIS_URL PAGE_CACHE_SECONDS CACHE_DISABLED SECURE_SSL_REDIRECT SECURE_PROXY_SSL_HEADER \
	SECURE_HSTS_SECONDS LOG_LEVEL AXES_COOLOFF_MINUTES CLIENT_IP_HEADER
pytest: export DEBUG = true
pytest: install
	$(PYTHON) manage.py makemigrations --check --dry-run
	env $(addprefix -u ,$(TEST_UNSET)) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Only the real-browser, accessibility and HTML validity tests (tests/browser, marker `browser`).
test-browser: install install-tools
	$(DEVDB) test $(MAKE) --no-print-directory pytest PYTEST_ARGS="-m browser $(PYTEST_ARGS)"

# CI's check that the embedded server keeps working where a server answers at 127.0.0.1:5432
# too (.ci/run): a throwaway one, migrated, the 2020 report loaded, the search and the
# alphabetical orders tested on it, stopped.
SMOKE_TESTS := tests/events/test_search.py tests/events/test_filters.py \
	tests/partners/test_models.py tests/cicte/test_i18n.py -k "search or alphabetical"

test-embedded: install
	$(DEVDB) --embedded test $(MAKE) --no-print-directory smoke

smoke: export DEBUG = true
smoke: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py loadreport 2020 --if-empty
	$(VENV)/bin/pytest $(SMOKE_TESTS)

# The interface in each language (README "Languages"): locale/*/LC_MESSAGES/django.po, compiled
# to .mo files here, not committed. msgfmt comes from Debian's gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests \
	--ignore=build --ignore=artifacts --ignore=backups

.PHONY: messages makemessages run-messages

messages: install
	DEBUG=true $(PYTHON) manage.py compilemessages $(MESSAGES_IGNORE)

# Tests read the Spanish pages; `make run` compiles when gettext is there, else stays in English.
test: messages
run: run-messages
run-messages: install
	@if command -v msgfmt >/dev/null; then $(MAKE) --no-print-directory messages; \
	else echo "msgfmt (gettext) is missing: the interface stays in English."; fi

# After adding or changing a user-facing string: refresh the catalogues, then translate the new
# entries in locale/es/LC_MESSAGES/django.po (make test fails while one is left untranslated).
makemessages: install
	DEBUG=true $(PYTHON) manage.py makemessages -l es -l fr -l pt --no-obsolete --no-location $(MESSAGES_IGNORE)

# Backups: a compressed JSON dump of everything (see README "Security and operations").
backup: install
	$(PYTHON) manage.py backup

# Restore into a freshly migrated, empty database: make restore FILE=backups/cicte-….json.gz
restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/cicte-….json.gz" >&2; exit 2)
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py restore "$(FILE)"

# Not a test: gunicorn with production settings on 127.0.0.1, 64 connections for 30 s over the
# public pages with wrk (apt-get install -y wrk); prints the figures, exits 1 on any error.
load: install
	$(PYTHON) scripts/load_public.py

# Not a test: gunicorn with production settings on 127.0.0.1, ten connections asking for the
# report's documents with made-up query strings for 25 s while wrk times the cached events list;
# prints the figures, exits 1 if its p50 passes 50 ms (README "Security and operations").
abuse-documents: install
	$(PYTHON) scripts/abuse_documents.py

# Not a test: the public pages at 100,000 events with gunicorn and production settings, page
# cache off then on, each against a trivial view; prints one table (README "Performance").
# Builds the cicte_bench database on the first run (a few minutes) and keeps it.
bench: install
	$(PYTHON) scripts/bench.py

# Not a test: mutation testing of the modules that protect people and data (README "Mutation
# testing"), one after the other, on the PostgreSQL server of TEST_DATABASE_URL (default
# 127.0.0.1:5432). `make mutate MODULES=cicte/page_cache.py` runs one; prints the survivors and
# each module's score, exits 1 under 85 % killed.
mutate: install
	$(PYTHON) scripts/mutate.py $(MODULES)

# Not a test: the largest events import the back office takes (README "Security and
# operations"), previewed and confirmed with production settings; exits 1 over 10 s a request.
import-timing: install
	$(PYTHON) scripts/import_timing.py
