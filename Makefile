PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval install-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Three workers on two cores: most end-to-end tests wait on Telegram's pacing, not on the CPU.
TEST_WORKERS ?= 3

test: lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval_summarizer
	$(BIN)/python -m benchmarks.eval_story_groups
	$(BIN)/python -m benchmarks.eval_kazakh_stems

# A plain `pip install .` into a fresh venv with the stock pip, as the Dockerfile does; then import and run it.
install-check:
	$(PYTHON) .ci/install_check.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
