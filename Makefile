# Two commands do all the set-up: `make run` opens the app, `make test` runs every check.
# Both create .venv when missing and reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEFAULT_SCENARIO := scenarios/payments-bad-deploy.yaml

.PHONY: run test lint typecheck pytest wheel-check bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/gameday gui $(DEFAULT_SCENARIO)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Build the wheel, install it into a fresh environment (build/wheel-venv) and run gameday from it
# outside the checkout: a normal `pip install .` must ship every package.
wheel-check: $(STAMP)
	PYTHON=$(PYTHON) bash .ci/wheel-check

test: lint typecheck wheel-check pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/engine.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/scale.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/gui.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/history.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
