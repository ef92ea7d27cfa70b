# One command to open the demo, one to run the tests: see README.md.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

VALIDATOR := .venv-validator/bin/python

.PHONY: demo test install bench

$(BIN)/iro-tui: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/iro-tui

install: $(BIN)/iro-tui

demo: install
	$(BIN)/iro-tui --demo

# The DfE's 903 validator pins pandas<2, so it lives in its own venv.
$(VALIDATOR):
	$(PY) -m venv .venv-validator
	.venv-validator/bin/pip install --quiet csc-validator-be-903==0.1.17

# In parallel on every core (pytest-xdist); the tmux tests share one worker (xdist_group).
# PYTEST_ARGS adds to it: `make test PYTEST_ARGS=-n0` runs serially, as one process.
test: install $(VALIDATOR)
	$(BIN)/python -m pytest -q -n auto --dist loadgroup $(PYTEST_ARGS)

# Whole-authority figures against the targets of issue 12 (README, "Speed at scale").
# Stores are built once into /tmp/iro-tui-bench and kept; BENCH=--quick for a short run.
bench: install
	$(BIN)/python bench/run.py $(BENCH)
