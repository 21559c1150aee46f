# Two commands do everything: `make lab` (start the workbook) and `make test` (run every test).
# Setup is idempotent: the venv is rebuilt only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
HOST ?= 127.0.0.1
PORT ?= 8888
PYTEST_ARGS ?=

.PHONY: setup system lab test check build clean

setup: $(STAMP) $(LAB_SETTINGS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	touch $@

# JupyterLab defaults for the workbook: no news toast, the kernel starts without asking.
$(LAB_SETTINGS): jupyter/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp jupyter/overrides.json $@

# Debian packages the tests drive (a real browser); installed only when missing.
system:
	@scripts/system-deps

lab: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.root_dir="$(CURDIR)" --ServerApp.default_url=/lab/tree/notebooks/index.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

test: setup system
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest $(PYTEST_ARGS)

check: setup
	$(BIN)/workbook check && $(BIN)/workbook build --check

build: setup
	$(BIN)/workbook build

clean:
	rm -rf $(VENV) .pytest_cache
