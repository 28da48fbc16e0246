# Developer entry points. `make serve` and `make test` are the two set-up commands in README.md:
# each creates .venv on first use and installs the pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint typecheck install

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	# insightface declares the GUI build of OpenCV; we only need its image data and face_align,
	# so it goes in without dependencies beside opencv-python-headless (see README).
	$(BIN)/pip install --quiet -c requirements.lock --no-deps insightface
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/sregep serve

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .
