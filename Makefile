# Casebook's commands. `make serve` and `make test` set up everything they need themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser serve build validate test lint bench bench-full bench-quick golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Byte-code for the package, as a regular install writes it. An editable install leaves it
# to the first import, which never writes it where PYTHONDONTWRITEBYTECODE is set (as on
# this project's machines): every `casebook` command would compile every module again.
setup: $(STAMP)
	@$(BIN)/python -m compileall -q generator

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
	$(BIN)/ruff check generator tests bench

test: setup browser
	$(BIN)/ruff check generator tests bench
	$(BIN)/pytest -q

# Casebook against plain MkDocs + Material on synthetic libraries (bench/run.py; README,
# Performance). bench: 100, 1,000 and 5,000 cases; bench-full adds 10,000; bench-quick is
# 100 and 1,000 run once, as tests/integration/test_bench_smoke.py runs it. BENCH_ARGS adds
# options, e.g. BENCH_ARGS="--runs 3 --json bench.json".
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-full: setup
	$(BIN)/python -m bench.run --full $(BENCH_ARGS)

bench-quick: setup
	$(BIN)/python -m bench.run --quick --runs 1 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache .hypothesis
