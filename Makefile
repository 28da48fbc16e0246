# Developer entry points. `make serve` and `make test` are the two set-up commands in README.md:
# each creates .venv on first use and installs the pinned dependencies (requirements.lock).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: serve test lint typecheck install lock

$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml requirements.lock | $(BIN)/pip
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(DEV): $(RUNTIME)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	# insightface declares the GUI build of OpenCV, which would overwrite the headless one; it is
	# installed without dependencies (they are listed in the `insightface` extra) - see
	# docs/recognition.md, "The optional insightface engine".
	$(BIN)/pip install --quiet -c requirements.lock -e '.[insightface]'
	$(BIN)/pip install --quiet -c requirements.lock --no-deps insightface
	touch $@

install: $(DEV)

serve: $(RUNTIME)
	$(BIN)/sregep serve

test: $(DEV)
	$(BIN)/pytest -q

lint: $(DEV)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy .

# Refresh requirements.lock from the current environment after changing pyproject.toml.
lock: $(DEV)
	$(BIN)/pip freeze --exclude-editable | grep -v '^si-sregep' > requirements.lock
