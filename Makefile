# The two commands: `make run` serves Koers with a demo organisation, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHELL := /bin/bash

# The settings every test run uses (koers/testing/pytest_plugin.py sets the same defaults for a
# plain `.venv/bin/pytest`). Exit code 5 ("no tests collected") is non-zero, so it fails make too.
TEST_ENV := KOERS_DEBUG=0 KOERS_SECRET_KEY=test-only-secret-not-for-production KOERS_FAST_PASSWORD_HASHER=1
PYTEST_ARGS ?= -n auto --dist worksteal -q -p no:cacheprovider

.PHONY: run test lint test-sqlite test-postgres bench messages docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	KOERS_DEBUG=$${KOERS_DEBUG:-1} $(BIN)/koers demo
	KOERS_DEBUG=$${KOERS_DEBUG:-1} $(BIN)/koers run

# Lint runs beside the SQLite pass: the tests leave about a quarter of the two cores idle (waiting
# for browsers and child processes), which lint fills. Every part runs even when one fails, and
# the status is the first failure's.
test: $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory -j2 -Oline lint test-sqlite || status=$$?; \
	$(MAKE) --no-print-directory test-postgres || status=$$?; \
	exit $$status

# check_licences.py: every runtime dependency's licence fits the EUPL-1.2 and is in docs/licences.md;
# lint-imports: the house's layers and doors (pyproject.toml [tool.importlinter], docs/architecture.md).
lint: $(STAMP)
	$(BIN)/ruff check koers tests scripts
	$(BIN)/ruff format --check koers tests scripts
	$(TEST_ENV) $(BIN)/mypy koers scripts
	$(BIN)/python scripts/check_licences.py
	$(BIN)/lint-imports --no-cache

test-sqlite: $(STAMP)
	@echo "== pytest on SQLite =="
	time $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# A throwaway cluster (koers/testing/postgres.py); skipped loudly when PostgreSQL is not installed,
# unless KOERS_REQUIRE_POSTGRES=1. Only the tests that touch the database: the others ran above.
test-postgres: $(STAMP)
	@echo "== pytest on PostgreSQL =="
	time $(TEST_ENV) $(BIN)/python -m koers.testing.postgres -- $(BIN)/pytest $(PYTEST_ARGS) --database-tests-only

bench: $(STAMP)
	KOERS_SECRET_KEY=$${KOERS_SECRET_KEY:-bench-only-throwaway-database} $(BIN)/koers bench import
	KOERS_SECRET_KEY=$${KOERS_SECRET_KEY:-bench-only-throwaway-database} $(BIN)/koers bench analytics
	KOERS_SECRET_KEY=$${KOERS_SECRET_KEY:-bench-only-throwaway-database} $(BIN)/koers bench diagnostic
	KOERS_SECRET_KEY=$${KOERS_SECRET_KEY:-bench-only-throwaway-database} $(BIN)/koers bench interactive
	$(BIN)/koers bench redaction
	$(BIN)/koers bench planner
	$(BIN)/koers bench academy

# Run from koers/ so only the package is scanned and koers/locale is the catalogue written.
messages: $(STAMP)
	cd koers && KOERS_DEBUG=1 ../$(BIN)/django-admin makemessages --settings=koers.settings \
		--locale=en --locale=nl --add-location=file
	cd koers && KOERS_DEBUG=1 ../$(BIN)/django-admin compilemessages --settings=koers.settings

# docs/cli.md is generated from the parser's --help output; tests/test_docs.py checks it is current.
docs: $(STAMP)
	$(BIN)/python -m koers.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
