# KCN Atlas — two commands: `make run` and `make test`. Python 3.11, make and apt are all a
# fresh machine needs; everything else is installed into .venv from requirements*.txt.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks

# Rebuild data/ from data/sources/ (zones, housing sites, reports, zone indicators). Boundaries
# need the npm package: see README ("Data").
data: $(VENV)/.installed
	$(BIN)/python scripts/build_zones.py
	$(BIN)/python scripts/build_housing.py
	$(BIN)/python scripts/build_reports.py
	$(BIN)/python scripts/build_indicators.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache static
