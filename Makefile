# influence: `make run` builds the published DuckDB file from the bundled snapshot with the real
# Airflow DAG; `make test` runs the test suite. Both install what they need first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export INFLUENCE_DATA_DIR ?= $(CURDIR)/data
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN ?= sqlite:///$(AIRFLOW_HOME)/airflow.db
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export NO_COLOR := 1

.PHONY: help install run test lint bench snapshot clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: .venv/.installed ## install uv, the locked Python dependencies and docker-compose (checker)
.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	uv sync --frozen
	@command -v docker-compose >/dev/null 2>&1 || \
	  { (apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null) || \
	    echo "note: could not install docker-compose; tests/test_docker_compose.py will fail"; }
	@touch $@

DAGS := influence_fec influence_lda influence_fec_bulk

run: install ## run the Airflow DAGs end to end (offline snapshot by default) -> data/influence.duckdb
	@mkdir -p $(AIRFLOW_HOME) $(INFLUENCE_DATA_DIR)
	uv run airflow db migrate > $(AIRFLOW_HOME)/migrate.log 2>&1 || { cat $(AIRFLOW_HOME)/migrate.log; exit 1; }
	uv run airflow pools set duckdb_writer 1 "Single writer for the DuckDB warehouse" > /dev/null
	@for dag in $(DAGS); do \
	  echo "airflow dags test $$dag"; \
	  uv run airflow dags test $$dag > $(AIRFLOW_HOME)/$$dag.log 2>&1 || \
	    { tail -n 80 $(AIRFLOW_HOME)/$$dag.log; echo "make run: $$dag failed; full log in $(AIRFLOW_HOME)/$$dag.log"; exit 1; }; \
	  grep -oE "DagRun Finished: dag_id=[a-z_]+.*run_duration=[0-9.]+, state=[a-z]+" $(AIRFLOW_HOME)/$$dag.log | sed -E 's/, logical_date.*run_duration/ run_duration/'; \
	done
	uv run python -m ingest.report $(INFLUENCE_DATA_DIR)/influence.duckdb

test: install ## lint and run every test (real DuckDB, dbt, Airflow, Great Expectations)
	uv run ruff check .
	uv run pytest -q

lint: install ## ruff
	uv run ruff check .

bench: install ## benchmarks: both DAGs end to end, DAG parse time, loader, linkage (time, precision/recall)
	uv run python -m tests.bench

snapshot: install ## regenerate the bundled offline snapshot from the synthetic FEC and LDA universes
	uv run python -m tests.fakes.build_snapshot

clean: ## remove data/, the local Airflow home and dbt artefacts
	rm -rf data .airflow dbt_project/target dbt_project/logs
