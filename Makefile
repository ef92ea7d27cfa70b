# One command to open the demo, one to run the tests: see README.md.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench

$(BIN)/iro-tui: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/iro-tui

install: $(BIN)/iro-tui

demo: install
	$(BIN)/iro-tui --demo

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/first_paint.py
	$(BIN)/python bench/agenda.py
