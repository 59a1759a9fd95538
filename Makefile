# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LOCALE := src/burdenshare/i18n/locale
POS    := $(wildcard $(LOCALE)/*/LC_MESSAGES/burdenshare.po)
MOS    := $(POS:.po=.mo)

.PHONY: run test lint install install-test messages bench screenshots charts clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The translation catalogs, compiled (the .po files are the source; the .mo files are built here).
$(LOCALE)/%/LC_MESSAGES/burdenshare.mo: $(LOCALE)/%/LC_MESSAGES/burdenshare.po | $(VENV)/.installed
	$(BIN)/python -m burdenshare.i18n.compile $< $@

# The chart library: Plotly's partial bundle (the trace types the pages draw), pinned in package.json and
# package-lock.json, installed with npm and copied into the package's static files (never committed).
# Without npm, or when the npm registry cannot be reached, the server serves the full bundle of the
# Python plotly package instead, so `make run` works all the same.
CHARTLIB := src/burdenshare/web/static/vendor/plotly-cartesian.min.js

$(CHARTLIB): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  if npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; then \
	    mkdir -p $(@D) && cp node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js $@; \
	  else echo "warning: npm ci failed: the pages use the full Plotly bundle of the Python plotly package" >&2; fi; \
	else echo "npm not found: the pages use the full Plotly bundle of the Python plotly package" >&2; fi

install: $(VENV)/.installed $(MOS) $(CHARTLIB)

install-test: $(VENV)/.installed-test $(MOS) $(CHARTLIB)

## The main job: the web dashboard on http://127.0.0.1:8000 (SQLite file burdenshare.db).
run: install
	$(BIN)/burdenshare serve --host 127.0.0.1 --port 8000

## The whole test suite: the layer contracts, then every test (installs Chromium, fonts and
## PostgreSQL from Debian's packages when missing, and starts a throwaway PostgreSQL server).
test: install-test
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/mypy src/burdenshare
	scripts/test-services.sh $(BIN)/python -m pytest

## The linter and the type checker: ruff on the whole repository (the rule set in pyproject.toml),
## mypy strict on the package.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy src/burdenshare

## Extract every translatable text and merge it into the catalogs (then translate the new entries).
messages: install
	$(BIN)/python scripts/messages.py

## The benchmarks (benchmarks/RESULTS.md); bench_web.py drives the server with wrk, installed from
## Debian's packages when missing (as root).
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@command -v wrk >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing wrk from Debian's packages" >&2; apt-get update -qq >/dev/null; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "warning: wrk is missing and cannot be installed here (not root): apt-get install wrk" >&2; fi; }
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_montecarlo.py
	$(BIN)/python benchmarks/bench_negotiation.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_asgi.py
	$(BIN)/python benchmarks/bench_page.py
	$(BIN)/python benchmarks/bench_cli.py

## Screenshots of every page, in English and Korean, into docs/screenshots (the tests never write there).
screenshots: install-test
	scripts/test-services.sh $(BIN)/python scripts/screenshots.py docs/screenshots
	scripts/test-services.sh $(BIN)/python scripts/screenshots_negotiation.py docs/screenshots

## The finished graphics (as --plot and the web's chart download draw them) into docs/screenshots.
charts: install
	$(BIN)/python scripts/charts.py docs/screenshots

clean:
	rm -rf $(VENV) history.png .pytest_cache .hypothesis $(MOS) node_modules $(CHARTLIB)
