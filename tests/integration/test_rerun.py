"""A second run reuses what the first landed: one call per finished keyset query, no new rows."""

import duckdb

from ingest import pipeline
from tests.integration.conftest import run_extract


def scalar(con, sql):
    return con.execute(sql).fetchone()[0]


def test_rerun_costs_one_call_per_keyset_query_and_adds_no_rows(built):
    settings, results = built
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    counts_before = {kind: scalar(con, f"select count(*) from raw_fec.{kind}")
                     for kind in ("schedule_a", "schedule_b", "schedule_e")}
    con.close()
    first = {r["kind"]: r for r in results["extract"] if r["step"].startswith("extract")}
    again = {r["kind"]: r for r in run_extract(settings)[1:]}
    for kind in ("schedule_a", "schedule_b", "schedule_e"):
        assert again[kind]["calls"] == again[kind]["queries"], kind
        assert 0 < again[kind]["resumed"] <= again[kind]["queries"]
        assert again[kind]["rows"] == 0
        assert first[kind]["calls"] > again[kind]["calls"]
    loaded = pipeline.load_step(settings)
    assert loaded["files_quarantined"] == 0
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    for kind, before in counts_before.items():
        assert scalar(con, f"select count(*) from raw_fec.{kind}") == before
    con.close()
