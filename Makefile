# The two commands: `make run` serves Koers with a demo organisation, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	KOERS_DEBUG=$${KOERS_DEBUG:-1} $(BIN)/koers demo
	KOERS_DEBUG=$${KOERS_DEBUG:-1} $(BIN)/koers run

test: $(STAMP)
	$(BIN)/ruff check koers tests
	$(BIN)/ruff format --check koers tests
	$(BIN)/mypy koers
	KOERS_DEBUG=0 KOERS_SECRET_KEY=test-only-secret KOERS_FAST_PASSWORD_HASHER=1 \
		$(BIN)/pytest -n auto -q

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
