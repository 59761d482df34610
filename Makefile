# Envelope: the whole set-up is `make run` or `make test` on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests need, by the command that proves each is there.
#   chromium: browser tests; webkit2gtk-driver + xvfb: the offline core in Safari's engine;
#   firefox-esr: the offline core in Firefox's; nodejs: `node --test` for the pure JS modules
#   and the Firefox test's driver; poppler-utils: the printed report's picture;
#   postgresql-client: pg_dump and pg_restore for the PostgreSQL backup tests.
TEST_DEBS := chromium webkit2gtk-driver xvfb firefox-esr nodejs poppler-utils postgresql-client

.PHONY: help run test test-python test-js lint bench bundle kinds clean

help:
	@echo "make run    install into .venv, migrate, serve on http://127.0.0.1:8000 (SQLite)"
	@echo "make test   install test needs (Chromium, WebKitGTK, Firefox, Node) and run every test"
	@echo "make lint   ruff"
	@echo "make bench  print the benchmarks' figures (see bench/README.md)"
	@echo "make bundle rebuild static/dist from static/js after changing the app's JS (needs Node)"
	@echo "make kinds  write static/js/kinds.generated.js after changing server/kind_table.py"

# python3-venv is a separate package on Debian; install it when it is missing.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory debs DEBS=python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $@

# What the tests need from npm, exactly as package-lock.json has it: puppeteer-core, which
# drives Firefox for tests/browser/test_firefox.py (and downloads no browser). Again only
# when package.json or the lock file changed. Users need none of it.
node_modules/.installed-test: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory debs DEBS="nodejs npm"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Installs Debian packages only when one is missing, and runs `apt-get update`
# only then, so a warm machine pays nothing. Needs root; otherwise says what to do.
.PHONY: debs
debs:
	@missing=""; for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing (run: sudo apt-get install$$missing); tests that need them will skip"; \
	  fi; \
	fi

# Browsers talk to it directly here (no proxy): threads, so that a connection a browser
# opens ahead of need and leaves idle cannot hold a worker (bench/README.md, "Clinician").
run: $(VENV)/.installed
	$(BIN)/python -m server ensure-secret-key
	$(BIN)/flask --app server db upgrade
	ENVELOPE_THREADS=$${ENVELOPE_THREADS:-4} $(BIN)/gunicorn -c gunicorn.conf.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check server tests bench scripts migrations/env.py

test: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory debs DEBS="$(TEST_DEBS)"
	@$(MAKE) --no-print-directory node_modules/.installed-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-js
	$(MAKE) --no-print-directory test-python

test-js:
	node --test tests/js/

test-python: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory debs DEBS="chromium wrk"
	$(BIN)/python bench/first_load.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/diary.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/clinician.py
	$(BIN)/python bench/export_memory.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/sync_wrk.py

# The entry kinds' one source is server/kind_table.py; the app reads this file made from it.
# Then `make bundle`, since the app ships as a build. tests/test_kinds.py says when it is stale.
kinds: $(VENV)/.installed
	$(BIN)/python -m server kinds

# The only step that needs npm: esbuild at the version package.json pins.
# The output is committed; tests/test_bundle.py says when it is stale.
bundle:
	@command -v npm >/dev/null || $(MAKE) --no-print-directory debs DEBS="nodejs npm"
	@command -v npm >/dev/null || { echo "make bundle needs Node.js and npm (Debian: nodejs npm)"; exit 1; }
	npm install --no-save --no-package-lock --no-audit --no-fund \
	  esbuild@$$(node -p 'require("./package.json").devDependencies.esbuild')
	node scripts/bundle.mjs

clean:
	rm -rf $(VENV) node_modules .pytest_cache
