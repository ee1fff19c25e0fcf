"""
### influence_lda: lobbying disclosures for the watchlist's industries and figures

Pulls from the Lobbying Disclosure API (`LDA_API_BASE_URL`, default `https://lda.gov/api/v1`):
LD-1/LD-2 filings whose client or registrant is a watchlist industry organisation or whose
specific-issue text mentions the industry, LD-203 contribution reports whose honoree or payee
names a watchlist figure, the registrants, clients and lobbyists they reference, and the code
lists. Responses land under `$INFLUENCE_DATA_DIR/landing/lda/`, then the same single-writer load,
`dbt build`, entity resolution, answer marts, Great Expectations gate, atomic publish and static
site (`site`) as `influence_fec` run.

* **Cadence**: filings are quarterly and LD-203 reports semi-annual, so a weekly pull by posting
  date is enough: each query resumes from the latest `dt_posted` it has seen.
* **Mode**: `offline` (default) replays the bundled snapshot - sample data; `live` uses the token
  from the Airflow connection `lda_api` (password) or `LDA_API_KEY`, or runs anonymously (15
  requests a minute instead of 120).
* **Single writer**: load, both dbt builds, link, validate and publish run in the one-slot pool
  `duckdb_writer` (created by the `influence` Airflow plugin if missing) and hold a file lock
  for their whole life, dbt's included. `publish` re-runs the gate under that lock if another run
  wrote the warehouse after `validate`, so gate and publish are one critical section.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import Param, dag, task

try:  # the writer chain the three DAGs share, beside them: Airflow puts this folder on sys.path
    from _chain import WRITER, writer_chain
except ImportError:  # parsed from the repository (a plain DagBag, runpy)
    from dags._chain import WRITER, writer_chain


def _settings(params: dict):
    from ingest.common.settings import Settings

    years = params.get("years") or None
    return Settings.from_env(
        mode=params.get("mode") or None,
        watchlist_path=params.get("watchlist_path") or None,
        lda_years=tuple(int(y) for y in years) if years else None,
    )


def _lda_credentials() -> tuple[str | None, str | None]:
    """(token, base_url) from the Airflow connection `lda_api`, else the environment."""
    try:
        from airflow.sdk import Connection

        conn = Connection.get("lda_api")
        return conn.password or None, conn.host or None
    except Exception:  # no such connection: fall back to the environment
        return os.environ.get("LDA_API_KEY") or None, None


@dag(
    dag_id="influence_lda",
    schedule="0 7 * * 1",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["influence", "lda"],
    doc_md=__doc__,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    params={
        "mode": Param(None, type=["null", "string"], enum=[None, "offline", "live"],
                      description="offline (bundled snapshot) or live; default $INFLUENCE_MODE"),
        "years": Param(None, type=["null", "array"],
                       description="filing years, e.g. [2015, 2016]; default $INFLUENCE_LDA_YEARS"),
        "watchlist_path": Param(None, type=["null", "string"],
                                description="path to watchlist.yml; default $INFLUENCE_WATCHLIST"),
        "full_refresh": Param(False, type="boolean",
                              description="forget saved cursors and pull everything again"),
    },
)
def influence_lda():
    @task
    def extract_constants(params=None) -> dict:
        from ingest.pipeline import lda_extract_step

        token, base_url = _lda_credentials()
        return lda_extract_step(_settings(params), "constants", token, base_url)

    @task(max_active_tis_per_dagrun=2)
    def extract(kind: str, params=None) -> dict:
        from ingest.pipeline import lda_extract_step

        token, base_url = _lda_credentials()
        return lda_extract_step(_settings(params), kind, token, base_url,
                                full_refresh=bool(params.get("full_refresh")))

    @task
    def extract_entities(extracted: list, params=None) -> dict:
        from ingest.pipeline import lda_extract_step

        token, base_url = _lda_credentials()
        return lda_extract_step(_settings(params), "entities", token, base_url)

    @task(**WRITER, priority_weight=1)
    def load(entities: dict, constants: dict, params=None) -> dict:
        from ingest.pipeline import load_step

        # Only this DAG's landing files: the other DAG may be landing its own right now.
        return load_step(_settings(params), sources=("lda",))

    extracted = extract.partial().expand(kind=["filings", "contributions"])
    entities = extract_entities(extracted)
    writer_chain(_settings, load(entities, extract_constants()))


influence_lda()
