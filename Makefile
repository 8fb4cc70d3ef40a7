# Assemblea: `make run` serves the demo on 127.0.0.1:8000; `make test` runs every check.
# Both set up what they need: the virtualenv in .venv, the packages, and (for the browser
# tests) Debian's Chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := assemblea.config.settings

.PHONY: run test setup lint typecheck pytest chromium messages demo clean bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	@mkdir -p var
	$(BIN)/assemblea manage migrate --no-input -v 0
	$(BIN)/assemblea manage load_demo

run: demo
	@echo "Serving Assemblea on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/assemblea serve --dev --bind $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# One test process per core (pytest-xdist); PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto

pytest: $(STAMP) chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

test: lint typecheck pytest

messages: $(STAMP)
	cd src/assemblea && ../../$(BIN)/assemblea manage makemessages -l es --no-location --no-obsolete
	cd src/assemblea && ../../$(BIN)/assemblea manage compilemessages

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/tables.py
	$(BIN)/python bench/voting.py
	$(BIN)/python bench/votes.py
	$(BIN)/python bench/sortition.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/opinion.py
	$(BIN)/python bench/budgeting.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
