# One command to open the demo, one to run the tests: see README.md.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

VALIDATOR := .venv-validator/bin/python

.PHONY: demo test install bench bytecode

$(BIN)/iro-tui: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/iro-tui

install: $(BIN)/iro-tui

# An editable install leaves iro_tui's own modules uncompiled, and Python compiles them
# again on every start where it may not keep the result (PYTHONDONTWRITEBYTECODE, a
# read-only checkout): ~0.2 s of the first paint (issue 12). pip compiles a normal
# install; here, only the modules changed since the last run are compiled again.
bytecode: install
	$(BIN)/python -m compileall -q iro_tui

demo: bytecode
	$(BIN)/iro-tui --demo

# The DfE's 903 validator pins pandas<2, so it lives in its own venv.
$(VALIDATOR):
	$(PY) -m venv .venv-validator
	.venv-validator/bin/pip install --quiet csc-validator-be-903==0.1.17

# In parallel on every core (pytest-xdist); the tmux tests share one worker (xdist_group).
# PYTEST_ARGS adds to it: `make test PYTEST_ARGS=-n0` runs serially, as one process.
test: bytecode $(VALIDATOR)
	$(BIN)/python -m pytest -q -n auto --dist loadgroup $(PYTEST_ARGS)

# Whole-authority figures against the targets of issue 12 (README, "Speed at scale").
# Stores are built once into /tmp/iro-tui-bench and kept; BENCH=--quick for a short run.
bench: bytecode
	$(BIN)/python bench/run.py $(BENCH)
