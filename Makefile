# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LOCALE := src/burdenshare/i18n/locale
POS    := $(wildcard $(LOCALE)/*/LC_MESSAGES/burdenshare.po)
MOS    := $(POS:.po=.mo)

.PHONY: run test install install-test messages bench screenshots charts clean

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

install: $(VENV)/.installed $(MOS)

install-test: $(VENV)/.installed-test $(MOS)

## The main job: the web dashboard on http://127.0.0.1:8000 (SQLite file burdenshare.db).
run: install
	$(BIN)/burdenshare serve --host 127.0.0.1 --port 8000

## The whole test suite: the layer contracts, then every test (installs Chromium, fonts and
## PostgreSQL from Debian's packages when missing, and starts a throwaway PostgreSQL server).
test: install-test
	$(BIN)/lint-imports
	scripts/test-services.sh $(BIN)/python -m pytest

## Extract every translatable text and merge it into the catalogs (then translate the new entries).
messages: install
	$(BIN)/python scripts/messages.py

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_montecarlo.py
	$(BIN)/python benchmarks/bench_negotiation.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_cli.py

## Screenshots of every page, in English and Korean, into docs/screenshots (the tests never write there).
screenshots: install-test
	scripts/test-services.sh $(BIN)/python scripts/screenshots.py docs/screenshots
	scripts/test-services.sh $(BIN)/python scripts/screenshots_negotiation.py docs/screenshots

## The finished graphics (as --plot and the web's chart download draw them) into docs/screenshots.
charts: install
	$(BIN)/python scripts/charts.py docs/screenshots

clean:
	rm -rf $(VENV) history.png .pytest_cache .hypothesis $(MOS)
