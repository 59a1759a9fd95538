# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install install-test bench clean

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

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## The main job: the web dashboard on http://127.0.0.1:8000 (SQLite file burdenshare.db).
run: install
	$(BIN)/burdenshare serve --host 127.0.0.1 --port 8000

## The whole test suite (installs Chromium and PostgreSQL from Debian's packages when missing,
## and starts a throwaway PostgreSQL server for the database tests).
test: install-test
	scripts/test-services.sh $(BIN)/python -m pytest

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_montecarlo.py
	$(BIN)/python benchmarks/bench_negotiation.py

clean:
	rm -rf $(VENV) history.png .pytest_cache .hypothesis
