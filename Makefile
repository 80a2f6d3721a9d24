# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
# Tests and CI run on PostgreSQL, the database of record.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cicte

.PHONY: install install-tools run test test-browser lint format backup restore load abuse bench

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

# Serves the site on 127.0.0.1:$(PORT) with the 2020 report loaded. Without DATABASE_URL it uses
# an SQLite file (db.sqlite3), so only Python is needed to try it.
run: install
	DEBUG=true $(PYTHON) manage.py migrate --noinput
	DEBUG=true $(PYTHON) manage.py loadreport 2020 --if-empty
	DEBUG=true $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Tests use the development settings (DEBUG on at import; Django's test runner still serves
# with DEBUG off) on PostgreSQL. Production settings are tested in a subprocess.
TEST_ENV := DEBUG=true DATABASE_URL=$(TEST_DATABASE_URL)

test: lint install-tools
	$(TEST_ENV) $(PYTHON) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Only the real-browser, accessibility and HTML validity tests (tests/browser, marker `browser`).
test-browser: install install-tools
	$(TEST_ENV) $(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

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
	$(PYTHON) manage.py loaddata "$(FILE)"

# Not a test: gunicorn with production settings on 127.0.0.1, 64 connections for 30 s over the
# public pages with wrk (apt-get install -y wrk); prints the figures, exits 1 on any error.
load: install
	$(PYTHON) scripts/load_public.py

# Not a test: gunicorn with production settings on 127.0.0.1, ten connections asking for the
# report's documents with made-up query strings for 25 s while wrk times the cached events list;
# prints the figures, exits 1 if its p50 passes 50 ms (README "Security and operations").
abuse: install
	$(PYTHON) scripts/abuse_documents.py

# Not a test: the public pages at 100,000 events with gunicorn and production settings, page
# cache off then on, each against a trivial view; prints one table (README "Performance").
# Builds the cicte_bench database on the first run (a few minutes) and keeps it.
bench: install
	$(PYTHON) scripts/bench.py
