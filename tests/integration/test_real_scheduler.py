"""influence_fec and influence_lda under a real scheduler (`airflow standalone`: scheduler,
dag-processor, triggerer and api-server processes, LocalExecutor, SQLite), not `dags test`, on the
offline snapshot.

Nothing is prepared by hand: no `airflow pools set`, no connection. The `influence` Airflow plugin
creates the ``duckdb_writer`` pool when the scheduler starts (without it the writer tasks would
wait in "scheduled" forever), and the API keys fall back to the environment. Both DAGs are
unpaused at once, so their runs overlap and compete for the writer slot; each scheduled run must
succeed with every task on its first try (no publish refused because the other run wrote).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.common.settings import REPO_ROOT

pytestmark = pytest.mark.integration

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
TIMEOUT = 900
DAGS = ("influence_fec", "influence_lda")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def query(db: Path, sql: str, *args) -> list:
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # tables not migrated yet, or locked for a moment
        return []
    finally:
        con.close()


def wait_for(check, what: str, deadline: float, log: Path):
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(2)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-60:]) if log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def test_overlapping_dag_runs_succeed_under_a_real_scheduler_on_the_first_try(tmp_path):
    home, data, port = tmp_path / "airflow", tmp_path / "data", free_port()
    home.mkdir()
    db = home / "airflow.db"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AIRFLOW", "INFLUENCE_", "FEC_", "LDA_"))}
    env.update(
        AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(REPO_ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{db}",
        AIRFLOW__API__HOST="127.0.0.1", AIRFLOW__API__PORT=str(port),
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
        INFLUENCE_DATA_DIR=str(data), INFLUENCE_MODE="offline",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", NO_COLOR="1",
    )
    log = tmp_path / "standalone.log"
    started = time.monotonic()
    deadline = started + TIMEOUT
    with open(log, "w") as out:
        standalone = subprocess.Popen([AIRFLOW, "standalone"], env=env, stdout=out,
                                      stderr=subprocess.STDOUT, cwd=tmp_path,
                                      start_new_session=True)
    try:
        wait_for(lambda: len(query(db, "select 1 from dag where dag_id in (?, ?)", *DAGS)) == 2,
                 "the dag-processor to parse the DAGs", deadline, log)
        parsed = time.monotonic() - started
        # The plugin made the pool when the scheduler started; nobody ran `airflow pools set`.
        assert wait_for(lambda: query(db, "select slots from slot_pool where pool = ?",
                                      "duckdb_writer"), "the duckdb_writer pool", deadline,
                        log) == [(1,)]
        # One `airflow dags unpause` call per DAG, back to back: their scheduled runs overlap.
        for dag_id in DAGS:
            subprocess.Popen([AIRFLOW, "dags", "unpause", dag_id], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        unpaused = time.monotonic()

        def finished():
            runs = query(db, "select dag_id, run_id, state, start_date, end_date from dag_run")
            done = {run[0]: run for run in runs if run[2] in ("success", "failed")}
            return done if len(done) == len(DAGS) else None

        runs = wait_for(finished, "both scheduled runs to finish", deadline, log)
        run_seconds = time.monotonic() - unpaused
        for dag_id, (_, run_id, state, _, _) in runs.items():
            tasks = query(db, "select task_id, map_index, state, try_number from task_instance "
                              "where dag_id = ? and run_id = ?", dag_id, run_id)
            assert state == "success", (dag_id, tasks)
            assert tasks and all(t[2] == "success" and t[3] == 1 for t in tasks), (dag_id, tasks)
            assert {t[0] for t in tasks} >= {"load", "dbt_build", "link", "answers", "validate",
                                             "publish"}
        # the runs did overlap: each started before the other ended
        (_, _, _, fec_start, fec_end), (_, _, _, lda_start, lda_end) = (runs[d] for d in DAGS)
        assert fec_start < lda_end and lda_start < fec_end
        assert (data / "influence.duckdb").exists()
        print(f"\nreal scheduler: DAGs parsed in {parsed:.0f} s; both runs succeeded "
              f"{run_seconds:.0f} s after unpausing; {time.monotonic() - started:.0f} s in all")
    finally:
        try:
            os.killpg(standalone.pid, signal.SIGTERM)
            standalone.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(standalone.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            standalone.wait()
