# Pressroom: `make run` builds the sample content, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Node tools the tests call (axe-core, vnu-jar), pinned in tests/.node/package-lock.json.
NODE := tests/.node
NODE_STAMP := $(NODE)/node_modules/.installed-stamp
VNU_JAR := $(NODE)/node_modules/vnu-jar/build/dist/vnu.jar
# Test files that rewrite their golden files when PRESSROOM_UPDATE_GOLDEN is set.
GOLDEN_TESTS = $(shell grep -l PRESSROOM_UPDATE_GOLDEN tests/test_*.py)

.PHONY: run test setup system test-deps test-system lint bench golden clean screenshots

run: setup
	$(BIN)/pressroom validate
	$(BIN)/pressroom build --review-copies

# Coverage gate: pipeline/ >= 95% in total and every module >= 85% (scripts/check_coverage.py).
test: setup test-deps lint
	$(BIN)/pytest -q --cov=pipeline --cov-report=term-missing:skip-covered --cov-report=json:coverage.json
	$(BIN)/python scripts/check_coverage.py coverage.json

# The package's bytecode, compiled as pip compiles an installed package: where
# PYTHONDONTWRITEBYTECODE is set, every command would compile every module again.
setup: system $(STAMP)
	@$(BIN)/python -m compileall -q pipeline

system:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

# What only the tests need: Debian's Chromium, Java, gettext and poppler-utils
# (scripts/test-deps.sh), then axe-core and vnu-jar from npm. Quiet when already there.
test-deps: test-system $(NODE_STAMP)

test-system:
	@scripts/test-deps.sh

# npm ci only when node_modules is missing or the lock changed. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime of its own; it runs on Debian's java instead.
$(NODE_STAMP): $(NODE)/package.json $(NODE)/package-lock.json | test-system
	npm ci --prefix $(NODE) --no-audit --no-fund --ignore-scripts --loglevel=error
	java -jar $(VNU_JAR) --version >/dev/null
	@touch $@

lint: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy pipeline tests
	$(BIN)/lint-imports --no-cache

# Screenshots of the review server for the README (docs/review-*.png).
screenshots: setup test-deps
	$(BIN)/python scripts/screenshots.py

# Our build against WeasyPrint alone on the same HTML, the no-op rebuild and --help.
bench: setup
	$(BIN)/python bench/run.py

# Refresh the golden text files of the test suite after an intended change.
golden: setup
	$(if $(GOLDEN_TESTS),,$(error no tests/test_*.py mentions PRESSROOM_UPDATE_GOLDEN))
	PRESSROOM_UPDATE_GOLDEN=1 $(BIN)/pytest -q $(GOLDEN_TESTS)

# Keeps .venv and tests/.node/node_modules (both slow to rebuild; delete them by hand).
clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache .hypothesis bench/site
