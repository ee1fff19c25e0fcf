"""`dag.test()` runs the real DAG end to end on the offline snapshot and publishes the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.common.settings import REPO_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def airflow_db():
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    subprocess.run([airflow, "pools", "set", "duckdb_writer", "1", "single DuckDB writer"],
                   check=True, capture_output=True)


def run_dag(dag_id: str):
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(REPO_ROOT / "dags")).dags[dag_id]
    run = dag.test()
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert str(run.state) == "success", states
    return states


def count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def test_the_three_dags_publish_validated_marts(airflow_db, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("INFLUENCE_DATA_DIR", str(data_dir))
    published = data_dir / "influence.duckdb"

    states = run_dag("influence_fec")
    assert set(states) == {"resolve", "extract", "load", "dbt_build", "link", "answers",
                           "validate", "publish", "site"}
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert count(con, "dim_figures") == 8
        assert count(con, "fct_contributions") > 500
        assert count(con, "fct_lobbying_filings") == 0
        assert con.execute("select value from about_this_file where key = 'data_mode'"
                           ).fetchone()[0] == "offline"
    finally:
        con.close()

    states = run_dag("influence_lda")
    assert set(states) == {"extract_constants", "extract", "extract_entities", "load",
                           "dbt_build", "link", "answers", "validate", "publish", "site"}
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert count(con, "fct_contributions") > 500  # the FEC side is still there
        assert count(con, "fct_lobbying_filings") > 100
        assert count(con, "fct_lobbyist_contributions") > 0
        # the link and answer marts are published with the rest
        assert count(con, "links.organization_links") > 0
        assert count(con, "links.lobbyist_donor_links") > 0
        assert count(con, "fct_client_money_items") > 0
        assert count(con, "fct_industry_money_items where link_status is not null") > 0
    finally:
        con.close()
    assert os.listdir(data_dir / "landing" / "lda") and not (data_dir / "quarantine").exists()

    # the FEC's real bulk files (the bundled 2020 excerpt) join the same marts
    states = run_dag("influence_fec_bulk")
    assert {"fetch", "load", "dbt_build", "link", "answers", "validate",
            "publish", "site"} <= set(states)
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert count(con, "fct_contributions where source = 'bulk'") == 35336
        assert count(con, "fct_contributions where source = 'api'") > 500
        assert count(con, "fct_lobbying_filings") > 100
        assert count(con, "fct_industry_recipient_totals where cycle = 2020") > 0
        note = con.execute("select value from about_this_file where key = 'note'").fetchone()[0]
        assert "REAL FEC bulk data, 2020 cycle, as of 2019-03-22" in note
    finally:
        con.close()
    # the task `site` rebuilt the reporters' site from the file just published
    site = (data_dir / "site" / "figures" / "dnc.html").read_text(encoding="utf-8")
    assert "REAL FEC bulk data (2020 cycle, as of 2019-03-22)" in site
