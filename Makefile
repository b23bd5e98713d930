# make run  – set everything up and serve the demo on http://127.0.0.1:8000 (SQLite)
# make test – set everything up and run lint and every test on SQLite and PostgreSQL
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3
PG_DIR := $(CURDIR)/var/pg-test
PG_PORT ?= 54329
PG_URL := postgres://postgres@127.0.0.1:$(PG_PORT)/actionplan
VENDOR := actionplan/web/static/vendor
PYTEST := $(BIN)/pytest -p no:cacheprovider

.PHONY: install system-packages assets run test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed assets

system-packages:
	@scripts/system-packages

$(VENV)/.installed: pyproject.toml | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed frontend/app.scss
	mkdir -p $(VENDOR)/govuk $(VENDOR)/htmx $(VENDOR)/axe
	cp -r node_modules/govuk-frontend/dist/govuk/assets node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(VENDOR)/govuk/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	npx sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps frontend/app.scss actionplan/web/static/actionplan/app.css

run: install
	ACTIONPLAN_INSECURE_HTTP=1 $(BIN)/actionplan demo
	ACTIONPLAN_INSECURE_HTTP=1 $(BIN)/actionplan serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check actionplan tests bench
	$(BIN)/ruff format --check actionplan tests bench
	$(BIN)/lint-imports

test: install lint test-sqlite test-postgres

test-sqlite: install
	$(PYTEST)

test-postgres: install
	scripts/pg-cluster stop $(PG_DIR)
	scripts/pg-cluster start $(PG_DIR) $(PG_PORT)
	DATABASE_URL=$(PG_URL) PG_DIR=$(PG_DIR) PG_PORT=$(PG_PORT) $(PYTEST) -m "not browser"; status=$$?; scripts/pg-cluster stop $(PG_DIR); exit $$status

# Benchmark figures (not timed tests): generates portfolios under bench/var-*, prints a table, writes
# bench/results.json. `make bench BENCH_ARGS=--quick` for a short smoke run.
bench: install $(VENV)/.bench-installed
	$(PY) -m bench $(BENCH_ARGS)

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

clean:
	rm -rf $(VENV) node_modules var bench/var-* bench/results.json $(VENDOR) actionplan/web/static/actionplan/app.css
