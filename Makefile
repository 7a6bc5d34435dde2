# Casebook's commands. `make serve` and `make test` set up everything they need themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser serve build validate test lint bench bench-full golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

serve: setup
	$(BIN)/casebook serve

build: setup
	$(BIN)/casebook build

validate: setup
	$(BIN)/casebook validate

lint: setup
	$(BIN)/ruff check generator tests

test: setup browser
	$(BIN)/ruff check generator tests
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache .hypothesis
