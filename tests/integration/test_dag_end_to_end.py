"""`dag.test()` runs the real DAG end to end on the offline snapshot and publishes the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.settings import REPO_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def airflow_db():
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    subprocess.run([airflow, "pools", "set", "duckdb_writer", "1", "single DuckDB writer"],
                   check=True, capture_output=True)


def test_dag_test_publishes_validated_marts(airflow_db, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("INFLUENCE_DATA_DIR", str(data_dir))
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(REPO_ROOT / "dags")).dags["influence_fec"]
    run = dag.test()

    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert str(run.state) == "success", states
    assert set(states) == {"resolve", "extract", "load", "dbt_build", "validate", "publish"}
    published = data_dir / "influence.duckdb"
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert con.execute("select count(*) from dim_figures").fetchone()[0] == 8
        assert con.execute("select count(*) from fct_contributions").fetchone()[0] > 500
        assert con.execute("select value from about_this_file where key = 'data_mode'"
                           ).fetchone()[0] == "offline"
    finally:
        con.close()
    assert os.listdir(data_dir / "landing" / "fec") and not (data_dir / "quarantine").exists()
