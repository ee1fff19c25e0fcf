"""`influence ask` in every format and `influence export`, run as a reporter would, on a published
file with sample data: full values, the SAMPLE banner everywhere, and no traceback on a typo."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.desk.questions.ask import ask, cell

pytestmark = pytest.mark.integration
INFLUENCE = str(Path(sys.executable).with_name("influence"))


def influence(settings, *args, columns: int = 100) -> subprocess.CompletedProcess:
    return subprocess.run([INFLUENCE, "--data-dir", str(settings.data_dir), *args],
                          capture_output=True, text=True, env={"COLUMNS": str(columns),
                                                               "PATH": "/usr/bin:/bin"})


def parquet(path: Path) -> list[dict]:
    cursor = duckdb.connect().execute("select * from read_parquet(?)", [str(path)])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_every_format_carries_the_sample_banner_and_whole_values(desk):
    columns, rows = ask("payday_revolving_door", desk.published_path)
    urls = [row[columns.index("example_filing_document_url")] for row in rows]
    for fmt in ("table", "csv", "json", "markdown"):
        out = influence(desk, "ask", "payday_revolving_door", "--format", fmt)
        assert out.returncode == 0, out.stderr
        first = {"table": 1, "json": 1}.get(fmt, 0)  # under the rule of !!!, after the {
        assert "SAMPLE DATA" in out.stdout.splitlines()[first], fmt
        assert "REAL FEC bulk data (2020 cycle, as of 2019-03-22)" in " ".join(
            out.stdout.split()), fmt
        for url in urls:  # whole, on one line: a terminal or a spreadsheet can open them
            assert any(url in line for line in out.stdout.splitlines()), (fmt, url)
        wide = influence(desk, "ask", "payday_revolving_door", "--format", fmt, columns=300)
        for row in rows:  # covered positions are never cut (a narrow table wraps them)
            assert row[columns.index("covered_position")] in wide.stdout, fmt


def test_csv_and_json_hold_the_answer(desk):
    columns, rows = ask("lobbying_clients_behind_gifts", desk.published_path)
    text = influence(desk, "ask", "lobbying_clients_behind_gifts", "--format", "csv").stdout
    banner, _, body = text.partition("\n")
    assert banner.startswith("# SAMPLE DATA")
    parsed = list(csv.reader(io.StringIO(body)))
    assert parsed[0] == columns
    assert parsed[1:] == [[cell(v) for v in row] for row in rows]  # every row, not 50
    doc = json.loads(influence(desk, "ask", "lobbying_clients_behind_gifts", "--format",
                               "json").stdout)
    assert doc["contains_sample_data"] is True and doc["banner"].startswith("SAMPLE DATA")
    assert doc["columns"] == columns and doc["row_count"] == len(rows)
    first = dict(zip(columns, rows[0], strict=True))
    assert doc["rows"][0]["issue_codes"] == first["issue_codes"]
    assert Decimal(str(doc["rows"][0]["dollars"])) == first["dollars"]


def test_limit_and_all(desk):
    _, rows = ask("top_recipients_of_industry", desk.published_path,
                  {"industry": "wall_street_banks", "cycle": "2016"})
    assert len(rows) > 3
    args = ["ask", "top_recipients_of_industry", "--param", "industry=wall_street_banks",
            "--param", "cycle=2016"]
    limited = influence(desk, *args, "--limit", "2").stdout
    assert f"{len(rows) - 2} more rows" in limited
    assert "more rows" not in influence(desk, *args, "--all").stdout
    markdown = influence(desk, *args, "--format", "markdown", "--limit", "3").stdout
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 1 + 3


def test_a_typo_names_the_closest_and_fails_without_a_traceback(desk):
    out = influence(desk, "ask", "payday_to_wasserman")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "did you mean payday_to_wasserman_schultz?" in out.stderr
    out = influence(desk, "ask", "top_recipients_of_industry", "--param", "industri=x")
    assert out.returncode == 2 and "did you mean industry?" in out.stderr
    out = influence(desk, "export", "--table", "fct_contribution")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "did you mean fct_contributions" in out.stderr


def test_export_writes_every_table_a_dictionary_and_the_facts(desk, tmp_path):
    out = influence(desk, "export", "--out", str(tmp_path / "csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("SAMPLE DATA")
    folder = tmp_path / "csv"
    con = duckdb.connect(str(desk.published_path), read_only=True)
    try:
        tables = con.execute("""
            select case when schema_name = 'main' then table_name
                        else schema_name || '.' || table_name end, schema_name, table_name
            from duckdb_tables() order by 1""").fetchall()
        for label, schema, table in tables:
            with open(folder / f"{label}.csv", newline="", encoding="utf-8") as handle:
                n = sum(1 for _ in csv.reader(handle)) - 1
            assert n == con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        columns = con.execute("""
            select case when schema_name = 'main' then table_name
                        else schema_name || '.' || table_name end, column_name, data_type, comment
            from duckdb_columns() where database_name = current_database()""").fetchall()
        facts = dict(con.execute("select key, value from about_this_file").fetchall())
    finally:
        con.close()
    with open(folder / "data_dictionary.csv", newline="", encoding="utf-8") as handle:
        dictionary = list(csv.DictReader(handle))
    assert list(dictionary[0]) == ["table", "column", "type", "description"]
    assert {(r["table"], r["column"], r["type"], r["description"]) for r in dictionary
            if r["column"]} == set(columns)
    assert {r["table"] for r in dictionary if r["type"] == "TABLE"} == {t for t, _, _ in tables}
    with open(folder / "about_this_file.csv", newline="", encoding="utf-8") as handle:
        assert {r["key"]: r["value"] for r in csv.DictReader(handle)} == facts
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith("SAMPLE DATA") and "data_dictionary.csv" in readme


def test_export_parquet_of_chosen_tables(desk, tmp_path):
    out = influence(desk, "export", "--format", "parquet", "--table", "fct_revolving_door",
                    "--table", "links.donor_clusters", "--out", str(tmp_path / "pq"))
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in (tmp_path / "pq").iterdir())
    assert names == ["README.txt", "about_this_file.parquet", "data_dictionary.parquet",
                     "fct_revolving_door.parquet", "links.donor_clusters.parquet"]
    door = parquet(tmp_path / "pq" / "fct_revolving_door.parquet")
    _, rows = ask("payday_revolving_door", desk.published_path)
    assert {row[0] for row in rows} <= {r["lobbyist_name"] for r in door}
    assert isinstance(door[0]["client_names"], list)  # lists stay lists in Parquet
    metadata = dict(duckdb.connect().execute(
        "select key::varchar, value::varchar from parquet_kv_metadata(?)",
        [str(tmp_path / "pq" / "fct_revolving_door.parquet")]).fetchall())
    assert metadata["influence_banner"].startswith("SAMPLE DATA")
    assert metadata["contains_sample_data"] == "yes" and "revolving" in metadata["description"]
    dictionary = parquet(tmp_path / "pq" / "data_dictionary.parquet")
    assert {r["table"] for r in dictionary} == {"fct_revolving_door", "links.donor_clusters"}
