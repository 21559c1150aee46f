# Two commands do everything: `make lab` (start the workbook) and `make test` (run every test).
# Setup is idempotent: the venv is brought up to date only when pyproject.toml or this file changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
HOST ?= 127.0.0.1
PORT ?= 8888
HUB_PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup system lab test test-fast fmt lint check build clean node hub bench bytecode

setup: $(STAMP) $(LAB_SETTINGS) bytecode

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	@# jsonschema builds ~35 IRI parsers on import when rfc3987-syntax is there: ~2 s of CPU for
	@# every Jupyter server start and nbgrader command (docs/capacity.md). No Jupyter schema uses
	@# the iri formats it checks, and nothing else imports it.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	touch $@

# The package's bytecode, brought up to date (only changed modules are compiled). Kernels run by
# learners, who cannot write the project, and shells with PYTHONDONTWRITEBYTECODE would otherwise
# compile every module on every import: ~50 ms more before a notebook's quiz appears.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q workbook

# JupyterLab defaults for the workbook: no news toast, the kernel starts without asking.
$(LAB_SETTINGS): jupyter/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp jupyter/overrides.json $@

# Debian packages the tests drive (a real browser); installed only when missing.
system:
	@scripts/system-deps

# Opens the learner's view: the course home as a page (Voila), which links to JupyterLab.
# jupyter/jupyter_server_config.json and .py say how pages are shown (no code, widgets only).
lab: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter" \
		$(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/voila/render/notebooks/index.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

test: setup system node lint
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier: no browser, no servers, no nbgrader pipeline (CONTRIBUTING.md). Under a minute.
test-fast: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow and not browser" -q $(PYTEST_ARGS)

# Fix what ruff can fix by itself (import order, pyupgrade), then show what is left.
fmt: setup
	$(BIN)/ruff check --fix .

# Static checks: ruff (lint, import order) everywhere, mypy on the package and deploy/ (pyproject.toml),
# TypeScript's checker on the widget scripts (JSDoc types, workbook/widgets/js/tsconfig.json).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	@scripts/node-deps
	hub/node/node_modules/.bin/tsc -p workbook/widgets/js/tsconfig.json

# The hub's npm packages (configurable-http-proxy, axe-core, typescript), pinned by its lockfile.
node: system
	@scripts/node-deps

# The course hub (JupyterHub) on http://$(HOST):$(HUB_PORT): prints the URL and the demo logins.
hub: setup node
	PATH="$(CURDIR)/$(BIN):$$PATH" WORKBOOK_HUB_PORT=$(HUB_PORT) $(BIN)/python -m workbook.hub

check: setup
	$(BIN)/workbook check && $(BIN)/workbook build --check

build: setup
	$(BIN)/workbook build

# Figures for docs/capacity.md (minutes; not part of `make test`). Run on a quiet machine.
bench: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache
