"""The `influence` Airflow plugin: the writer pool is created if missing, and with creation turned
off a run that would wait for it forever fails at once, saying how to create it."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from ingest import airflow_plugin
from ingest.airflow_plugin import (
    WRITER_POOL,
    InfluencePlugin,
    WriterPoolListener,
    ensure_writer_pool,
)


@pytest.fixture(scope="module")
def metadata_db():
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    from airflow.utils.session import create_session

    yield create_session


def drop_pool(create_session):
    from airflow.models.pool import Pool

    with create_session() as session:
        session.query(Pool).filter(Pool.pool == WRITER_POOL).delete()


def slots(create_session):
    from airflow.models.pool import Pool

    with create_session() as session:
        pool = session.query(Pool).filter(Pool.pool == WRITER_POOL).one_or_none()
        return None if pool is None else pool.slots


def test_the_plugin_is_registered_for_airflow():
    names = {ep.name: ep.value for ep in entry_points(group="airflow.plugins")}
    assert names.get("influence") == "ingest.airflow_plugin:InfluencePlugin"
    assert any(isinstance(listener, WriterPoolListener) for listener in InfluencePlugin.listeners)


def test_a_missing_pool_is_created_with_one_slot_when_a_scheduler_starts(metadata_db):
    drop_pool(metadata_db)
    WriterPoolListener().on_starting(component=object())
    assert slots(metadata_db) == 1
    with metadata_db() as session:
        assert ensure_writer_pool(session) == "exists"


class StartingRun:
    """What the scheduler hands `on_dag_run_running`: a run that has just been set running."""

    dag_id, run_id, dag = "influence_fec", "manual__1", None

    def __init__(self):
        self.state, self.note = "running", None

    def set_state(self, state):
        self.state = str(state)


def test_with_creation_off_a_run_fails_at_once_saying_how_to_create_the_pool(
        metadata_db, monkeypatch, caplog):
    drop_pool(metadata_db)
    monkeypatch.setenv("INFLUENCE_CREATE_POOL", "false")
    run = StartingRun()
    with metadata_db() as session:
        monkeypatch.setattr(airflow_plugin, "_session_of", lambda dag_run: session)
        WriterPoolListener().on_dag_run_running(dag_run=run, msg="started")
    assert run.state.endswith("failed")
    assert "airflow pools set duckdb_writer 1" in run.note
    assert "airflow pools set duckdb_writer 1" in caplog.text
    assert slots(metadata_db) is None

    monkeypatch.delenv("INFLUENCE_CREATE_POOL")
    run = StartingRun()
    with metadata_db() as session:
        monkeypatch.setattr(airflow_plugin, "_session_of", lambda dag_run: session)
        WriterPoolListener().on_dag_run_running(dag_run=run, msg="started")
    assert run.state == "running" and slots(metadata_db) == 1
