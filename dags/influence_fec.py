"""
### influence_fec: FEC money for the watchlist, end to end

Resolves the figures and industries of `watchlist.yml` to FEC candidate and committee IDs, lands
OpenFEC responses (Schedule A receipts, Schedule B disbursements of industry PACs, Schedule E
independent expenditures, committee totals) under `$INFLUENCE_DATA_DIR/landing/fec/`, loads them
into the DuckDB warehouse, runs `dbt build`, resolves entities with splink (donors, lobbyists <->
donors, lobbying clients <-> PAC sponsors and employers), builds the answer marts that use those
links (`answers`: `dbt build --select source:links+`), validates the marts and links with Great
Expectations, and only then publishes `$INFLUENCE_DATA_DIR/influence.duckdb` atomically; `site`
then rebuilds the reporters' static site from it (`$INFLUENCE_DATA_DIR/site/`).

* **Mode**: `offline` (default) replays the snapshot bundled with the project - sample data;
  `live` calls the API at `FEC_API_BASE_URL` with the key from the Airflow connection `fec_api`
  (password = key, host = base URL) or `FEC_API_KEY`.
* **Single writer**: load, both dbt builds, link, validate and publish run in the one-slot pool
  `duckdb_writer` (created by the `influence` Airflow plugin if missing) and hold a file lock
  for their whole life, dbt's included. `publish` re-runs the gate under that lock if another run
  wrote the warehouse after `validate`, so gate and publish are one critical section.
* **Reruns** resume from saved keyset cursors: a rerun with nothing new costs about one call per
  query, and reuses the watchlist's resolution for `INFLUENCE_RESOLVE_TTL_HOURS` (a week).
* **API faults** (5xx, 429, dropped connections, bodies cut short) are retried inside the task; a
  query whose body stays bad is quarantined and fails its `extract` task after the other queries
  landed, and the task's retry resumes it.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import Param, dag, task

try:  # the writer chain the three DAGs share, beside them: Airflow puts this folder on sys.path
    from _chain import WRITER, writer_chain
except ImportError:  # parsed from the repository (a plain DagBag, runpy)
    from dags._chain import WRITER, writer_chain

EXTRACT_KINDS = ["schedule_a", "schedule_b", "schedule_e", "totals"]


def _settings(params: dict):
    from ingest.common.settings import Settings

    cycles = params.get("cycles") or None
    return Settings.from_env(
        mode=params.get("mode") or None,
        watchlist_path=params.get("watchlist_path") or None,
        cycles=tuple(int(c) for c in cycles) if cycles else None,
    )


def _fec_credentials() -> tuple[str | None, str | None]:
    """(api_key, base_url) from the Airflow connection `fec_api`, else the environment."""
    try:
        from airflow.sdk import Connection

        conn = Connection.get("fec_api")
        return conn.password or None, conn.host or None
    except Exception:  # no such connection: fall back to the environment
        return os.environ.get("FEC_API_KEY") or None, None


@dag(
    dag_id="influence_fec",
    schedule="0 6 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["influence", "fec"],
    doc_md=__doc__,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    params={
        "mode": Param(None, type=["null", "string"], enum=[None, "offline", "live"],
                      description="offline (bundled snapshot) or live; default $INFLUENCE_MODE"),
        "cycles": Param(None, type=["null", "array"],
                        description="two-year cycles, e.g. [2014, 2016, 2018]; default "
                        "$INFLUENCE_CYCLES"),
        "watchlist_path": Param(None, type=["null", "string"],
                                description="path to watchlist.yml; default $INFLUENCE_WATCHLIST"),
        "full_refresh": Param(False, type="boolean",
                              description="forget saved cursors and pull everything again"),
    },
)
def influence_fec():
    @task
    def resolve(params=None) -> dict:
        from ingest.pipeline import resolve_step

        api_key, base_url = _fec_credentials()
        return resolve_step(_settings(params), api_key, base_url,
                            full_refresh=bool(params.get("full_refresh")))

    @task(max_active_tis_per_dagrun=2)
    def extract(kind: str, params=None) -> dict:
        from ingest.pipeline import extract_step

        api_key, base_url = _fec_credentials()
        return extract_step(_settings(params), kind, api_key, base_url,
                            full_refresh=bool(params.get("full_refresh")))

    @task(**WRITER, priority_weight=1)
    def load(extracted: list, params=None) -> dict:
        from ingest.pipeline import load_step

        # Only this DAG's landing files: the other DAG may be landing its own right now.
        return load_step(_settings(params), sources=("fec",))

    resolved = resolve()
    extracted = extract.partial().expand(kind=EXTRACT_KINDS)
    resolved >> extracted
    writer_chain(_settings, load(extracted))


influence_fec()
