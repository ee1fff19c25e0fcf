"""A second run reuses what the first landed: one call per finished keyset query, no new rows."""

import duckdb

from ingest import pipeline
from tests.integration.conftest import run_extract


def scalar(con, sql):
    return con.execute(sql).fetchone()[0]


def test_rerun_costs_one_call_per_keyset_query_and_adds_no_rows(built):
    settings, results = built
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    tables = ("raw_fec.schedule_a", "raw_fec.schedule_b", "raw_fec.schedule_e",
              "raw_lda.filings", "raw_lda.contributions")
    counts_before = {table: scalar(con, f"select count(*) from {table}") for table in tables}
    con.close()
    first = {r["step"]: r for r in results["extract"] if r["step"].startswith("extract")}
    again = {r["step"]: r for r in run_extract(settings)[1:]}
    for kind in ("schedule_a", "schedule_b", "schedule_e"):
        step = f"extract {kind}"
        assert again[step]["calls"] == again[step]["queries"], kind
        assert 0 < again[step]["resumed"] <= again[step]["queries"]
        assert again[step]["rows"] == 0
        assert first[step]["calls"] > again[step]["calls"]
    assert again["extract lda filings"]["rows"] < first["extract lda filings"]["rows"]
    for kind in ("filings", "contributions"):
        step = f"extract lda {kind}"
        # Finished queries ask only for what was posted since (same-day records come back).
        assert again[step]["calls"] == again[step]["queries"], kind
        assert again[step]["resumed"] > 0
        assert again[step]["rows"] <= first[step]["rows"]
    loaded = pipeline.load_step(settings)
    assert loaded["files_quarantined"] == 0
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    for table, before in counts_before.items():
        assert scalar(con, f"select count(*) from {table}") == before, table
    con.close()
