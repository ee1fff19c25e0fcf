"""An unchanged rerun of the bulk DAG stops after its load: `pipeline.bulk_needs_build` and the
DAG's `needs_build` short-circuit, which skips every task after it (dbt_build ... publish, site)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ingest.common.settings import REPO_ROOT, Settings
from ingest.common.warehouse import connect
from ingest.load.bulk import SCHEMA, ensure_schema
from ingest.pipeline import bulk_fetch_step, bulk_load_step, bulk_needs_build
from tests.ingest.sources.fec_bulk.helpers import cm_line, indiv_line, put_zip

NOTHING_LOADED = {"step": "bulk load", "files_loaded": 0, "files_unchanged": 9}


def settings_for(tmp_path, base=None) -> Settings:
    return Settings(data_dir=tmp_path / "data", bulk_base_url=str(base or tmp_path / "fec"),
                    bulk_cycles=(2020,), bulk_files=("indiv", "cm"))


def record_load(settings: Settings, loaded_at: datetime | None) -> None:
    con = connect(settings.warehouse_path)
    try:
        ensure_schema(con)
        if loaded_at is not None:
            con.execute(f"""insert into {SCHEMA}._loaded_files (name, cycle, sha256, rows_loaded,
                            loaded_at) values ('indiv', 2020, 'abc', 3, ?)""", [loaded_at])
    finally:
        con.close()


def publish_at(settings: Settings, when: datetime) -> None:
    settings.published_path.parent.mkdir(parents=True, exist_ok=True)
    settings.published_path.write_bytes(b"published")
    os.utime(settings.published_path, (when.timestamp(), when.timestamp()))


def test_a_loaded_file_needs_a_build(tmp_path):
    settings = settings_for(tmp_path)
    publish_at(settings, datetime.now(UTC))
    assert bulk_needs_build(settings, {"files_loaded": 1}) is True


def test_without_a_published_file_the_build_runs(tmp_path):
    settings = settings_for(tmp_path)
    record_load(settings, datetime.now(UTC) - timedelta(days=1))
    assert bulk_needs_build(settings, NOTHING_LOADED) is True


def test_a_published_file_newer_than_the_last_load_needs_nothing(tmp_path):
    settings = settings_for(tmp_path)
    loaded_at = datetime.now(UTC) - timedelta(hours=2)
    record_load(settings, loaded_at)
    publish_at(settings, loaded_at + timedelta(minutes=5))
    assert bulk_needs_build(settings, NOTHING_LOADED) is False


def test_a_load_whose_build_never_published_is_built_on_the_rerun(tmp_path):
    # e.g. the first run's dbt build failed, or `influence bulk` loaded without building.
    settings = settings_for(tmp_path)
    loaded_at = datetime.now(UTC) - timedelta(hours=2)
    record_load(settings, loaded_at)
    publish_at(settings, loaded_at - timedelta(days=7))
    assert bulk_needs_build(settings, NOTHING_LOADED) is True


def test_no_bulk_load_ever_and_a_published_file_needs_nothing(tmp_path):
    settings = settings_for(tmp_path)
    record_load(settings, None)
    publish_at(settings, datetime.now(UTC))
    assert bulk_needs_build(settings, NOTHING_LOADED) is False


def test_the_real_steps_first_run_builds_unchanged_rerun_does_not(tmp_path):
    base = tmp_path / "fec"
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2))
    put_zip(base, 2020, "cm", cm_line("C00000001"))
    settings = settings_for(tmp_path, base)

    for name in settings.bulk_files:
        bulk_fetch_step(settings, name)
    first = bulk_load_step(settings)
    assert first["files_loaded"] == 2
    assert bulk_needs_build(settings, first) is True
    publish_at(settings, datetime.now(UTC) + timedelta(seconds=1))  # what the build ends with

    again = [bulk_fetch_step(settings, name) for name in settings.bulk_files]
    rerun = bulk_load_step(settings)
    assert [f["changed"] for f in again] == [0, 0]
    assert (rerun["files_loaded"], rerun["files_unchanged"]) == (0, 2)
    assert bulk_needs_build(settings, rerun) is False

    # A new version of one file: loaded, so built again.
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2) + indiv_line(3))
    bulk_fetch_step(settings, "indiv")
    changed = bulk_load_step(settings)
    assert changed["files_loaded"] == 1
    assert bulk_needs_build(settings, changed) is True


@pytest.fixture
def airflow_db():
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    subprocess.run([airflow, "pools", "set", "duckdb_writer", "1", "single DuckDB writer"],
                   check=True, capture_output=True)


@pytest.mark.integration
@pytest.mark.parametrize("needed", [False, True])
def test_the_dag_skips_everything_after_the_load_when_nothing_changed(airflow_db, monkeypatch,
                                                                       tmp_path, needed):
    """The real DAG file with its steps stubbed: a False short-circuit skips every task after it
    (skipped, not failed, and the run succeeds); a True one runs them."""
    from airflow.dag_processing.dagbag import DagBag

    from ingest import pipeline

    monkeypatch.setenv("INFLUENCE_DATA_DIR", str(tmp_path / "data"))
    ran = []

    def step(name, value):
        def run(*args, **kwargs):
            ran.append(name)
            return value
        return run

    monkeypatch.setattr(pipeline, "bulk_fetch_step", step("fetch", {"changed": 0}))
    monkeypatch.setattr(pipeline, "bulk_load_step", step("load", {"files_loaded": 0}))
    monkeypatch.setattr(pipeline, "bulk_needs_build", step("needs_build", needed))
    for name in ("transform_step", "link_step", "answers_step", "validate_step", "publish_step",
                 "site_step"):
        if hasattr(pipeline, name):
            monkeypatch.setattr(pipeline, name, step(name, {"step": name}))

    dag = DagBag(dag_folder=str(REPO_ROOT / "dags")).dags["influence_fec_bulk"]
    run = dag.test()
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    assert str(run.state) == "success", states
    after = set(dag.get_task("needs_build").get_flat_relative_ids(upstream=False))
    assert {"dbt_build", "link", "answers", "validate", "publish"} <= after
    assert states["load"] == states["needs_build"] == "success"
    assert {states[task] for task in after} == {"success" if needed else "skipped"}
    assert ran.count("transform_step") == (1 if needed else 0)
