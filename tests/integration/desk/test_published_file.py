"""The published file holds the documented answer tables only, and opens in DuckDB 1.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from ingest.publish.published_file import INTERNAL_SCHEMAS, PUBLISHED_SCHEMAS

pytestmark = pytest.mark.integration
OLD_DUCKDB = "1.1.3"


def query(path: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_only_documented_answer_tables_are_published(desk):
    published = desk.published_path
    tables = query(published, """
        select schema_name, table_name, comment from duckdb_tables()
        where database_name = current_database() order by all""")
    assert {schema for schema, _, _ in tables} == set(PUBLISHED_SCHEMAS)
    assert not {schema for schema, _, _ in tables} & set(INTERNAL_SCHEMAS)
    assert query(published, "select count(*) from duckdb_views() where not internal") == [(0,)]
    main = {table for schema, table, _ in tables if schema == "main"}
    assert {"dim_figures", "fct_contributions", "about_this_file"} <= main
    assert all(comment for _, _, comment in tables), [t for t in tables if not t[2]]
    undocumented = query(published, """
        select schema_name, table_name, column_name from duckdb_columns()
        where database_name = current_database() and (comment is null or comment = '')""")
    assert undocumented == []
    # every table the README lists for journalists is there
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    for schema, table, _ in tables:
        name = table if schema == "main" else f"{schema}.{table}"
        assert f"`{name}`" in readme, name


def test_the_warehouse_keeps_the_internals_and_the_file_still_counts_them(desk):
    warehouse = query(desk.warehouse_path, "select distinct schema_name from duckdb_tables()")
    assert {"raw_fec", "raw_lda", "raw_fec_bulk"} <= {schema for (schema,) in warehouse}
    facts = dict(query(desk.published_path, "select key, value from about_this_file"))
    counted = json.loads(facts["records_by_origin"])
    raw = query(desk.warehouse_path, "select count(*) from raw_fec_bulk.indiv")[0][0]
    assert counted["fec_bulk"]["bulk-files"] >= raw > 0
    assert counted["fec"]["offline-snapshot"] > 500
    assert facts["contains_sample_data"] == "yes"


def test_the_answers_are_the_warehouse_answers(desk):
    for table in ("fct_contributions", "fct_industry_money_to_figures", "dim_figure_profiles",
                  "fct_lobbying_activities"):
        sql = f"select * from main.{table} order by all"
        assert query(desk.published_path, sql) == query(desk.warehouse_path, sql), table
    assert (query(desk.published_path, "select * from links.donor_clusters order by all")
            == query(desk.warehouse_path, "select * from links.donor_clusters order by all"))


def _old_duckdb(tmp: Path) -> Path:
    """A throwaway virtual environment with duckdb 1.1 from PyPI; skip if PyPI is unreachable."""
    index = os.environ.get("UV_INDEX_URL") or os.environ.get("PIP_INDEX_URL") \
        or "https://pypi.org/simple/"
    try:
        urllib.request.urlopen(index.rstrip("/") + "/duckdb/", timeout=15).close()
    except (urllib.error.URLError, OSError) as exc:
        pytest.skip(f"PyPI unreachable ({exc}); cannot install duckdb=={OLD_DUCKDB}")
    venv = tmp / "duckdb-old"
    python = venv / "bin" / "python"
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    if Path(uv).exists():
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
                       check=True, capture_output=True)
        subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python),
                        f"duckdb=={OLD_DUCKDB}"], check=True, capture_output=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"duckdb=={OLD_DUCKDB}"],
                       check=True, capture_output=True)
    return python


def test_the_published_file_opens_in_duckdb_1_1(desk, tmp_path):
    python = _old_duckdb(tmp_path)
    script = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {
    "version": duckdb.__version__,
    "tables": con.execute("select schema_name || '.' || table_name from duckdb_tables() "
                          "order by 1").fetchall(),
    "contributions": con.execute("select count(*), sum(amount)::varchar from "
                                 "fct_contributions").fetchall(),
    "profile": con.execute("select figure_id, top_industries::varchar from dim_figure_profiles "
                           "order by 1").fetchall(),
    "comment": con.execute("select comment from duckdb_columns() where table_name = "
                           "'fct_contributions' and column_name = 'filing_url'").fetchall(),
    "about": con.execute("select value from about_this_file where key = "
                         "'contains_sample_data'").fetchall(),
}
print(json.dumps(out))
"""
    result = subprocess.run([str(python), "-c", script, str(desk.published_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["version"] == OLD_DUCKDB
    published = desk.published_path
    assert [t for (t,) in got["tables"]] == [f"{s}.{t}" for s, t in query(published, """
        select schema_name, table_name from duckdb_tables() order by 1, 2""")]
    count, total = query(published, "select count(*), sum(amount)::varchar from "
                                    "fct_contributions")[0]
    assert got["contributions"] == [[count, total]] and count > 35000
    assert got["profile"] == [list(row) for row in query(published, """
        select figure_id, top_industries::varchar from dim_figure_profiles order by 1""")]
    assert got["comment"][0][0] and got["about"] == [["yes"]]
