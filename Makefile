# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
PORT   ?= 5000
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock 2>/dev/null | cksum | cut -d' ' -f1)
export FLASK_APP := wsgi

.PHONY: run test test-pg install translations prereqs system-deps lint bench

run: prereqs install translations
	LLP_GOV_DEMO_MODE=1 $(BIN)/flask db upgrade
	LLP_GOV_DEMO_MODE=1 $(BIN)/flask demo load
	# The job worker (Huey on SQLite in instance/, no server to install) runs beside the web
	# server and stops with it.
	LLP_GOV_DEMO_MODE=1 $(BIN)/flask jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	LLP_GOV_DEMO_MODE=1 $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: prereqs install translations system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (the browser tests run once, on SQLite).
test-pg: prereqs install translations
	LLP_GOV_TEST_DATABASE_URL=$${LLP_GOV_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/llp_gov_test} \
		$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

prereqs:
	@$(PYTHON) scripts/check_prereqs.py

install: $(STAMP)
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# whoosh3 replaced whoosh-reloaded; both install the package `whoosh`, so remove the old one.
	$(BIN)/pip uninstall --quiet --yes whoosh-reloaded
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

translations: install
	$(BIN)/python -m llp_gov.i18n compile

# Debian packages the tests use (Chromium for the browser tests, tools that check PDFs).
system-deps:
	@bash scripts/system-deps.sh

# The checks CI runs before the tests (issue 9): formatting, lint rules, import contracts, types.
lint: install
	$(BIN)/ruff format --check llp_gov tests bench
	$(BIN)/ruff check llp_gov tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install translations
	$(BIN)/python bench/search.py
