# Casebook's commands. `make serve` and `make test` set up everything they need themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mypy cannot follow the editable install's import hook (python/mypy#13392), so it finds the
# package under its import name through this link (pyproject.toml, [tool.mypy]).
TYPES_LINK := $(VENV)/typecheck/casebook
# One lock for the packages and the test tools, with every file's hash (README, Dependencies).
LOCK := requirements/lock.txt
UV_VERSION := 0.13.9
# Biome, the linter and formatter of the browser scripts, as package-lock.json pins it.
NODE_STAMP := node_modules/.installed
BIOME := node_modules/.bin/biome
# Lighthouse, pinned with its own lock in bench/lighthouse-npm/: `make lighthouse` alone installs it.
LIGHTHOUSE_DIR := bench/lighthouse-npm
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/node_modules/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup lock browser node serve build validate test lint lint-js bench bench-full bench-quick lighthouse golden clean

# Every package comes from the lock and is checked against its hash, pip and the build
# backend included; Casebook itself is then installed without dependencies or build isolation,
# so nothing is fetched that the lock does not name. `pip check` fails when a locked version
# falls outside pyproject.toml's ranges (as after a Dependabot update past a range). A package
# dropped from the lock stays in an existing .venv until `make clean setup`.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check --quiet
	touch $(STAMP)

# Byte-code for the package, as a regular install writes it. An editable install leaves it
# to the first import, which never writes it where PYTHONDONTWRITEBYTECODE is set (as on
# this project's machines): every `casebook` command would compile every module again.
setup: $(STAMP) $(TYPES_LINK)
	@$(BIN)/python -m compileall -q generator

$(TYPES_LINK): | $(STAMP)
	@mkdir -p $(@D) && ln -sfn ../../generator $@

# The lock again from pyproject.toml's ranges, for Python 3.11 and later on every platform.
# Versions already in the lock are kept while their range allows them; LOCK_ARGS=--upgrade
# takes every package to its newest allowed version, LOCK_ARGS="--upgrade-package NAME" one.
lock:
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile pyproject.toml --extra test --group installers --universal \
	  --python-version 3.11 --generate-hashes --custom-compile-command 'make lock' \
	  --quiet --output-file $(LOCK) $(LOCK_ARGS)

# Debian's Node.js and npm, for the script linter, when they are missing.
node:
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }

$(NODE_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Biome's lint and format check over theme/assets/casebook/*.js (biome.json); it changes
# nothing. `$(BIOME) check --write` applies its safe fixes and its formatting.
lint-js: $(NODE_STAMP)
	$(BIOME) ci --colors=off

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

lint: setup lint-js
	$(BIN)/ruff check generator tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

test: setup browser lint-js
	$(BIN)/ruff check generator tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q

# Casebook against plain MkDocs + Material on synthetic libraries (bench/run.py;
# docs/performance.md). bench: 100, 1,000 and 5,000 cases; bench-full adds 10,000;
# bench-quick is 100 and 1,000 run once, as tests/integration/test_bench_smoke.py runs it.
# BENCH_ARGS adds options, e.g. BENCH_ARGS="--runs 3 --json bench.json".
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-full: setup
	$(BIN)/python -m bench.run --full $(BENCH_ARGS)

bench-quick: setup
	$(BIN)/python -m bench.run --quick --runs 1 $(BENCH_ARGS)

$(LIGHTHOUSE_STAMP): $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json | node
	npm ci --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --loglevel=error
	touch $(LIGHTHOUSE_STAMP)

# Lighthouse's mobile scores for the home page and a case page, the site served with gzip
# (bench/lighthouse.py; docs/performance.md); each score is the median of 3 runs, and any
# below 95 fails. LIGHTHOUSE_ARGS adds options, e.g. LIGHTHOUSE_ARGS="--runs 5 --page about/".
lighthouse: setup browser $(LIGHTHOUSE_STAMP)
	$(BIN)/casebook build --quiet
	CHROME_PATH=$(CHROMIUM) $(BIN)/python -m bench.lighthouse site --min 95 $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) node_modules $(LIGHTHOUSE_DIR)/node_modules site .pytest_cache .ruff_cache .mypy_cache .hypothesis
