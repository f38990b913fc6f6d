# talentflow: `make run` builds the shipped sample end to end; `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
PY := python3.11

.PHONY: run test lint dev docs build sample clean lock bench

# The virtualenv is rebuilt when the lock file or pyproject.toml changes.
$(BIN)/talentflow: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock 2>&1 | { grep -v "is ignored: it is neither" || true; }
	$(BIN)/python -m pip install --quiet --no-deps -e $(ROOT) 2>&1 | { grep -v "is ignored: it is neither" || true; }
	touch $@

# The shipped sample: a generated world at the study's size (see orchestration/sample/).
run: $(BIN)/talentflow
	rm -rf $(ROOT)/data/landing
	$(BIN)/talentflow sample --people 6000 --seed 7 --out $(ROOT)/data/landing
	$(BIN)/talentflow build
	$(BIN)/talentflow summary

test: $(BIN)/talentflow lint
	cd $(ROOT) && $(BIN)/pytest

lint: $(BIN)/talentflow
	cd $(ROOT) && $(BIN)/ruff check . && $(BIN)/ruff format --check .
	cd $(ROOT) && $(BIN)/talentflow dbt-parse
	cd $(ROOT) && $(BIN)/sqlfluff lint dbt_project/models

# The same Dagster instance that `talentflow build` records its runs in (Settings.dagster_home).
dev: $(BIN)/talentflow
	mkdir -p $(ROOT)/data/dagster
	cd $(ROOT) && DAGSTER_HOME=$${DAGSTER_HOME:-$(ROOT)/data/dagster} $(BIN)/dagster dev -w workspace.yaml --host 127.0.0.1 --port 3000

docs: $(BIN)/talentflow
	$(BIN)/talentflow docs --port 8080

build: $(BIN)/talentflow
	$(BIN)/talentflow build

# Benchmarks, not part of `make test`: writes BENCHMARKS.md and benchmarks/results.json
# (BENCH_SIZES=10000 for a quick run; the sizes of BENCH_REFRESH_SIZES are also measured as a
# venue refresh), then the large seeded landing fuzz run.
BENCH_SIZES ?= 200,10000,100000,1000000
BENCH_REFRESH_SIZES ?= 10000,100000
bench: $(BIN)/talentflow
	cd $(ROOT) && $(BIN)/python -m benchmarks.run --sizes $(BENCH_SIZES) --namesakes \
		--refresh-sizes $(BENCH_REFRESH_SIZES)
	cd $(ROOT) && TALENTFLOW_SLOW_TESTS=1 $(BIN)/pytest tests/unit/test_landing_fuzz.py -q

# Regenerates the lock file from pyproject.toml in a scratch virtualenv.
lock:
	rm -rf /tmp/talentflow-lock && $(PY) -m venv /tmp/talentflow-lock
	/tmp/talentflow-lock/bin/pip install --quiet "$(ROOT)[dev]"
	/tmp/talentflow-lock/bin/pip freeze --exclude talentflow > requirements.lock

clean:
	rm -rf $(ROOT)/data $(ROOT)/dbt_project/target $(ROOT)/dbt_project/logs
