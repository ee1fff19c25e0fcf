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

.PHONY: help install run airflow env site explore test lint bench snapshot clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: .venv/.installed ## install uv, the locked Python dependencies, docker-compose (checker), chromium (site tests)
.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	uv sync --frozen
	@command -v docker-compose >/dev/null 2>&1 || \
	  { (apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null) || \
	    echo "note: could not install docker-compose; tests/test_docker_compose.py will fail"; }
	@command -v chromium >/dev/null 2>&1 || \
	  { (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	    echo "note: could not install chromium; the site's browser tests will be skipped"; }
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
	uv run python -m ingest.publish.report $(INFLUENCE_DATA_DIR)/influence.duckdb

AIRFLOW_PORT ?= 8080

# The scheduler, dag-processor, triggerer and api-server of the project's venv, on SQLite in
# $(AIRFLOW_HOME): the DAGs as they run in production, scheduled and retried by a real scheduler.
airflow: install ## a local Airflow (scheduler, dag-processor, api-server) on the venv: UI http://localhost:8080
	@mkdir -p $(AIRFLOW_HOME) $(INFLUENCE_DATA_DIR)
	uv run airflow db migrate > $(AIRFLOW_HOME)/migrate.log 2>&1 || { cat $(AIRFLOW_HOME)/migrate.log; exit 1; }
	uv run airflow pools set duckdb_writer 1 "Single writer for the DuckDB warehouse" > /dev/null
	@echo "make airflow: UI on http://localhost:$(AIRFLOW_PORT), user admin, password in" \
	  "$(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated; unpause a DAG there; Ctrl-C stops"
	AIRFLOW__API__PORT=$(AIRFLOW_PORT) \
	  AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://localhost:$(AIRFLOW_PORT)/execution/ \
	  uv run airflow standalone

site: install ## build the reporters' static site from the published file -> data/site/index.html
	uv run influence site

EXPLORE_PORT ?= 8001

explore: install ## serve the answer tables in Datasette (search, filters, saved questions); prints the URL
	uv run influence explore --port $(EXPLORE_PORT)

env: ## .env for docker compose from .env.example, with a new Fernet key and JWT secret
	@test ! -e .env || { echo "make env: .env exists; not overwriting it"; exit 1; }
	@fernet=$$($(PYTHON) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'); \
	  jwt=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(32))'); \
	  sed -e "s|^FERNET_KEY=.*|FERNET_KEY=$$fernet|" \
	      -e "s|^AIRFLOW__API_AUTH__JWT_SECRET=.*|AIRFLOW__API_AUTH__JWT_SECRET=$$jwt|" .env.example > .env
	@chmod 600 .env && echo "make env: wrote .env with a new Fernet key and JWT secret"

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
