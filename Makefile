# Pressroom: `make run` builds the sample content, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup system lint bench golden clean

run: setup
	$(BIN)/pressroom validate
	$(BIN)/pressroom build --review-copies

test: setup lint
	$(BIN)/pytest -q

setup: system $(STAMP)

system:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

lint: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy pipeline

# Our build against WeasyPrint alone on the same HTML, the no-op rebuild and --help.
bench: setup
	$(BIN)/python bench/run.py

# Refresh the golden text files of the test suite after an intended change.
golden: setup
	PRESSROOM_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache
