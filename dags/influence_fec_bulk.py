"""
### influence_fec_bulk: the FEC's bulk files, weekly

Fetches the FEC bulk files (`indiv`, `pas2`, `oth`, `cn`, `cm`, `ccl`, `weball`, `webl`, `webk`)
of the chosen cycles from `FEC_BULK_BASE_URL` into `$INFLUENCE_DATA_DIR/bulk/`, loads every changed
zip into `raw_fec_bulk.<name>` (one cycle replaced whole per file, in one transaction; malformed
lines go to `raw_fec_bulk._rejects`), then runs the same writer chain as `influence_fec`:
`dbt build`, entity resolution, the answer marts, the Great Expectations gate, and the atomic
publish of `$INFLUENCE_DATA_DIR/influence.duckdb`, and the static site built from it (`site`).

* **Schedule**: Mondays 08:00 UTC, after the FEC's Sunday refresh of the bulk files.
* **Mode**: `live` reads https://www.fec.gov/files/bulk-downloads; `offline` (default) reads the
  excerpts bundled in `ingest/snapshot/bulk/` (real FEC data, 2020 cycle). Either way
  `FEC_BULK_BASE_URL` may name another mirror or folder.
* **Cheap when nothing changed**: a zip the server answers 304 for (or a folder file of unchanged
  size and mtime) is not copied, and a zip whose sha256 was loaded already is not loaded. Then
  `needs_build` (a short-circuit) skips `dbt_build`, `link`, `answers`, `validate`, `publish`
  and `site` unless a file was loaded or the published file is missing or older than the last
  bulk load: an unchanged rerun ends after the load, its later tasks *skipped*, not failed.
* **Disk**: at most two files download at once (`indiv` zips are 4-6 GB); the load extracts a
  member to `bulk/.staging/` in parts of at most 256 MB (three at most on disk), each deleted
  once read.
* **Single writer**: load, both dbt builds, link, validate and publish run in the one-slot pool
  `duckdb_writer` (created by the `influence` Airflow plugin if missing) and hold a file lock
  for their whole life, dbt's included. `publish` re-runs the gate under that lock if another run
  wrote the warehouse after `validate`, so gate and publish are one critical section.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

try:  # the writer chain the three DAGs share, beside them: Airflow puts this folder on sys.path
    from _chain import WRITER, writer_chain
except ImportError:  # parsed from the repository (a plain DagBag, runpy)
    from dags._chain import WRITER, writer_chain

# The names of ingest.common.fec_bulk_files.NAMES (tests/dags/test_dag_integrity.py checks they agree):
# DAG files may not import ingest at parse time.
BULK_FILES = ["indiv", "pas2", "oth", "cn", "cm", "ccl", "weball", "webl", "webk"]


def _settings(params: dict):
    from ingest.common.settings import Settings

    cycles = params.get("cycles") or None
    files = params.get("files") or None
    return Settings.from_env(
        mode=params.get("mode") or None,
        bulk_cycles=tuple(int(c) for c in cycles) if cycles else None,
        bulk_files=tuple(files) if files else None,
    )


@dag(
    dag_id="influence_fec_bulk",
    schedule="0 8 * * 1",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["influence", "fec"],
    doc_md=__doc__,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=10)},
    params={
        "mode": Param(None, type=["null", "string"], enum=[None, "offline", "live"],
                      description="offline (bundled bulk excerpts) or live (fec.gov); default "
                      "$INFLUENCE_MODE"),
        "cycles": Param(None, type=["null", "array"],
                        description="bulk cycles, e.g. [2020]; default $INFLUENCE_BULK_CYCLES "
                        "(offline 2020, live the API cycles)"),
        "files": Param(None, type=["null", "array"],
                       description=f"bulk files, some of {BULK_FILES}; default "
                       "$INFLUENCE_BULK_FILES or all"),
    },
)
def influence_fec_bulk():
    @task(max_active_tis_per_dagrun=2)
    def fetch(name: str, params=None) -> dict:
        from ingest.pipeline import bulk_fetch_step

        settings = _settings(params)
        if name not in settings.bulk_files:
            return {"step": f"bulk fetch {name}", "name": name, "skipped": "not in params.files"}
        return bulk_fetch_step(settings, name)

    @task(**WRITER, priority_weight=1)
    def load(fetched: list, params=None) -> dict:
        from ingest.pipeline import bulk_load_step

        return bulk_load_step(_settings(params))

    @task.short_circuit(ignore_downstream_trigger_rules=True)
    def needs_build(loaded: dict, params=None) -> bool:
        from ingest.pipeline import bulk_needs_build

        return bulk_needs_build(_settings(params), loaded)

    fetched = fetch.partial().expand(name=BULK_FILES)
    writer_chain(_settings, needs_build(load(fetched)))


influence_fec_bulk()
