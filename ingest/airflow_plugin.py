"""Airflow plugin: the single-writer pool exists wherever the project's DAGs are scheduled.

The DAGs put every task that reads or writes the DuckDB warehouse in the one-slot pool
``duckdb_writer``. When that pool does not exist, Airflow leaves those tasks "scheduled" forever
and the UI shows no error. `make run`, `make airflow` and docker compose create it with
``airflow pools set``; this plugin covers every other way to run the DAGs (a bare
``airflow standalone``, a new metadata database). It is registered through the ``airflow.plugins``
entry point, so any Airflow that has the project installed loads it:

* when a scheduler (or dag-processor, triggerer) starts, and when a run of a DAG that uses the pool
  starts, a missing pool is created with 1 slot; an existing pool is left as it is (a warning if it
  has more than one slot);
* with ``INFLUENCE_CREATE_POOL=false`` it creates nothing: a run that would wait for the missing
  pool is failed as it starts, with a note (and an error in the scheduler log) that says how to
  create it.
"""

from __future__ import annotations

import logging
import os

from airflow.listeners import hookimpl
from airflow.plugins_manager import AirflowPlugin

log = logging.getLogger(__name__)

WRITER_POOL = "duckdb_writer"
DESCRIPTION = "Single writer for the DuckDB warehouse (influence): one task at a time reads or writes it"
CREATE_COMMAND = f'airflow pools set {WRITER_POOL} 1 "Single writer for the DuckDB warehouse"'


def auto_create() -> bool:
    return os.environ.get("INFLUENCE_CREATE_POOL", "true").strip().lower() not in (
        "0", "false", "no", "off")


def missing_pool_message() -> str:
    return (f"The Airflow pool '{WRITER_POOL}' does not exist, so the tasks that write the DuckDB "
            f"warehouse would wait in 'scheduled' forever. Create it with: {CREATE_COMMAND} "
            "(or Admin > Pools in the UI), or unset INFLUENCE_CREATE_POOL=false to let the "
            "influence plugin create it; then trigger the DAG again.")


def ensure_writer_pool(session, *, create: bool | None = None) -> str:
    """Make sure the pool exists in `session`: "exists", "created", or "missing" (when creating
    is off). Flushes but does not commit: the caller's transaction does."""
    from airflow.models.pool import Pool
    from sqlalchemy import select

    pool = session.scalar(select(Pool).where(Pool.pool == WRITER_POOL))
    if pool is not None:
        if pool.slots != 1:
            log.warning("pool %s has %s slots: DuckDB allows one writer, set it to 1 (%s)",
                        WRITER_POOL, pool.slots, CREATE_COMMAND)
        return "exists"
    if not (auto_create() if create is None else create):
        return "missing"
    session.add(Pool(pool=WRITER_POOL, slots=1, description=DESCRIPTION, include_deferred=False))
    session.flush()
    log.warning("created the Airflow pool %s with 1 slot (the influence DAGs' single writer)",
                WRITER_POOL)
    return "created"


def _uses_pool(dag_run) -> bool:
    dag = getattr(dag_run, "dag", None)
    if dag is not None:
        return any(getattr(task, "pool", None) == WRITER_POOL for task in dag.tasks)
    return str(dag_run.dag_id).startswith("influence_")


class WriterPoolListener:
    """Creates the pool when a job starts and when a run of a DAG that uses it starts."""

    @hookimpl
    def on_starting(self, component) -> None:
        try:
            from airflow.utils.session import create_session

            with create_session() as session:
                ensure_writer_pool(session)
        except Exception as exc:  # e.g. a process without database access: the run check remains
            log.debug("could not check the pool %s at start: %s", WRITER_POOL, exc)

    @hookimpl
    def on_dag_run_running(self, dag_run, msg) -> None:
        if not _uses_pool(dag_run):
            return
        session = _session_of(dag_run)
        if session is not None and ensure_writer_pool(session) == "missing":
            fail_run(dag_run, missing_pool_message())


def _session_of(dag_run):
    """The scheduler's session the run belongs to (the pool is added in its transaction)."""
    from sqlalchemy.orm import object_session
    from sqlalchemy.orm.exc import UnmappedInstanceError

    try:
        return object_session(dag_run)
    except UnmappedInstanceError:
        return None


def fail_run(dag_run, message: str) -> None:
    """Fail a run that has just started, with `message` as its note and in the scheduler log."""
    from airflow.utils.state import DagRunState

    log.error("failing %s %s: %s", dag_run.dag_id, dag_run.run_id, message)
    dag_run.set_state(DagRunState.FAILED)
    try:
        dag_run.note = message
    except Exception as exc:  # the note is a courtesy; the log and the failed run are the message
        log.debug("could not set the note of %s: %s", dag_run.run_id, exc)


class InfluencePlugin(AirflowPlugin):
    """Registered as the ``airflow.plugins`` entry point ``influence`` (pyproject.toml)."""

    name = "influence"
    listeners = [WriterPoolListener()]
