"""The explorer: the published answer tables as a SQLite file served by Datasette, the tool many
newsrooms already use to browse, filter, facet, search and export tables.

    make explore                      # build from the published file, serve, print the URL
    influence explore --build-only    # just build $INFLUENCE_DATA_DIR/explorer/

The folder holds ``influence.db`` (every published table; ``links.donor_clusters`` becomes
``links_donor_clusters``; lists and structs are JSON text, booleans 0/1, dates ISO text, money
REAL dollars), full-text search indexes (SQLite FTS5, ``<table>_fts``) on names, employers,
clients and issue text (`FULL_TEXT`), ``metadata.json`` (every table's and column's description
from the file, the provenance, and the saved questions as canned queries: the SQLite versions in
``ingest/desk/explore/queries/``, one per question of ``ingest/desk/questions/``, with the question's own
title and caveats) and a template that puts the SAMPLE DATA banner on every page.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from html import escape
from pathlib import Path

from ingest.desk.export import read_about, table_label
from ingest.publish.published_file import published_tables, quote

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
DATABASE = "influence"
BATCH = 20_000

# Columns indexed for full-text search, per table (when the table has them).
FULL_TEXT = {
    "fct_contributions": ["contributor_name", "contributor_employer", "contributor_occupation",
                          "committee_name"],
    "fct_industry_recipient_items": ["giver_name", "giver_employer", "recipient_committee_name",
                                     "recipient_candidate_name"],
    "fct_pac_disbursements": ["committee_name", "recipient_name", "disbursement_description"],
    "fct_committee_gifts_to_figures": ["giver_committee_name", "recipient_name"],
    "fct_independent_expenditures": ["spender_committee_name", "candidate_name", "payee_name",
                                     "expenditure_description"],
    "fct_lobbying_activities": ["client_name", "registrant_name", "general_issue_name",
                                "specific_issues", "lobbyist_names"],
    "fct_lobbying_filings": ["client_name", "registrant_name"],
    "fct_lobbyist_contributions": ["lobbyist_name", "contributor_name", "registrant_name",
                                   "payee_name", "honoree_name"],
    "fct_lobbyist_money_trail": ["giver_name", "registrant_name", "client_name", "payee_name",
                                 "honoree_name"],
    "fct_revolving_door": ["lobbyist_name", "covered_position", "client_names"],
    "dim_lobbying_clients": ["canonical_name", "name_variants", "registrant_names"],
    "dim_lobbyists": ["lobbyist_name", "registrant_names", "covered_positions"],
    "dim_committees": ["committee_name", "connected_organization_name", "treasurer_name"],
}
FACETS = {
    "fct_contributions": ["cycle", "figure_id", "industry_id", "source"],
    "fct_lobbying_activities": ["filing_year", "general_issue_code", "industry_id"],
    "fct_industry_recipient_totals": ["industry_id", "cycle", "channel"],
    "fct_industry_money_items": ["industry_id", "figure_id", "channel"],
}


def sqlite_name(schema: str, table: str) -> str:
    return table if schema == "main" else f"{schema}_{table}"


def _select(con, schema: str, table: str) -> tuple[list[str], list[str], str]:
    """(columns, SQLite types, DuckDB select turning each value into what SQLite stores)."""
    names, types, exprs = [], [], []
    for column, data_type in con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = "
            "current_database() and schema_name = ? and table_name = ? order by column_index",
            [schema, table]).fetchall():
        q = quote(column)
        upper = data_type.upper()
        if upper.endswith("]") or upper.startswith(("STRUCT", "MAP", "UNION")):
            kind, expr = "TEXT", f"to_json({q})::varchar"
        elif upper == "BOOLEAN":
            kind, expr = "INTEGER", f"{q}::integer"
        elif upper.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")):
            kind, expr = "REAL", f"{q}::double"
        elif upper.startswith("HUGEINT") or upper.startswith("UHUGEINT") or upper == "UBIGINT":
            kind, expr = "INTEGER", f"{q}::bigint"
        elif "INT" in upper:
            kind, expr = "INTEGER", q
        elif upper.startswith("TIMESTAMP") and "TIME ZONE" in upper:
            kind, expr = "TEXT", f"strftime({q} at time zone 'UTC', '%Y-%m-%dT%H:%M:%SZ')"
        else:
            kind, expr = "TEXT", f"{q}::varchar"
        names.append(column)
        types.append(kind)
        exprs.append(f"{expr} as {q}")
    return names, types, f"select {', '.join(exprs)} from {quote(schema)}.{quote(table)}"


def saved_queries() -> dict[str, dict]:
    """The saved questions as Datasette canned queries (SQLite SQL, the question's words)."""
    from ingest.desk.questions.ask import load_questions

    out = {}
    for name, question in load_questions().items():
        path = QUERIES_DIR / f"{name}.sql"
        if not path.exists():
            raise FileNotFoundError(f"saved question {name} has no SQLite version {path}")
        description = f"{question.answer} Caveats: {question.caveats}"
        if question.params:
            description += " Parameters (blank = default): " + ", ".join(
                f"{k} (default {v})" for k, v in question.params.items()) + "."
        out[name] = {"sql": path.read_text(encoding="utf-8"), "title": question.question,
                     "description": description}
    return out


def build_explorer(db_path: Path, out_dir: Path) -> dict:
    """Build ``out_dir`` (influence.db, metadata.json, templates/) from the published file."""
    import duckdb

    db_path, out_dir = Path(db_path), Path(out_dir)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    work = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    (work / "templates").mkdir(parents=True)
    con = duckdb.connect(str(db_path), read_only=True)
    lite = sqlite3.connect(work / f"{DATABASE}.db")
    try:
        about = read_about(con)
        catalog = con.execute("select current_database()").fetchone()[0]
        tables_meta: dict[str, dict] = {}
        for schema, table, description in published_tables(con, catalog):
            name = sqlite_name(schema, table)
            columns, types, select = _select(con, schema, table)
            lite.execute(f"create table {quote(name)} (" + ", ".join(
                f"{quote(c)} {t}" for c, t in zip(columns, types, strict=True)) + ")")
            cursor = con.execute(select)
            insert = (f"insert into {quote(name)} values "
                      f"({', '.join('?' for _ in columns)})")
            while batch := cursor.fetchmany(BATCH):
                lite.executemany(insert, batch)
            comments = dict(con.execute(
                "select column_name, comment from duckdb_columns() where database_name = "
                "current_database() and schema_name = ? and table_name = ? and comment is not "
                "null", [schema, table]).fetchall())
            meta = {"description": (description or "")
                    + ("" if schema == "main" else f" (in the DuckDB file: "
                                                   f"{table_label(schema, table)})"),
                    "columns": {c: comments[c] for c in columns if c in comments}}
            text_columns = [c for c in FULL_TEXT.get(name, []) if c in columns]
            if text_columns:
                fts = f"{name}_fts"
                cols = ", ".join(quote(c) for c in text_columns)
                lite.execute(f'create virtual table {quote(fts)} using fts5({cols}, '
                             f'content="{name}", content_rowid="rowid")')
                lite.execute(f"insert into {quote(fts)} (rowid, {cols}) "
                             f"select rowid, {cols} from {quote(name)}")
                meta.update(fts_table=fts, fts_pk="rowid", searchmode="escaped")
                tables_meta[fts] = {"hidden": True}
            if name in FACETS:
                meta["facets"] = [c for c in FACETS[name] if c in columns]
            tables_meta[name] = meta
        lite.commit()
        queries = saved_queries()
        metadata = {
            "title": "influence: campaign money and lobbying",
            "description_html": (f"<p><strong>{escape(about.banner)}</strong></p>"
                                 "<p>The answer tables of influence.duckdb. Every row cites its "
                                 "filing (<code>filing_url</code>, <code>filing_document_url</code>)"
                                 "; search a table with the box above it; the saved questions "
                                 "are the canned queries below.</p>"),
            "license": "Public records (FEC, LDA)",
            "source": "OpenFEC, FEC bulk files, Lobbying Disclosure Act filings",
            "source_url": "https://www.fec.gov/data/",
            "databases": {DATABASE: {"description": about.banner, "tables": tables_meta,
                                     "queries": queries}},
        }
        (work / "metadata.json").write_text(json.dumps(metadata, indent=2, default=str),
                                            encoding="utf-8")
        (work / "templates" / "base.html").write_text(_base_template(about), encoding="utf-8")
    except BaseException:
        lite.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        con.close()
    lite.close()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)
    return {"folder": str(out_dir), "database": str(out_dir / f"{DATABASE}.db"),
            "metadata": str(out_dir / "metadata.json"),
            "templates": str(out_dir / "templates"),
            "tables": sum(1 for meta in tables_meta.values() if not meta.get("hidden")),
            "queries": len(queries), "contains_sample_data": about.is_sample}


def _base_template(about) -> str:
    """Datasette's own base template with the file's provenance above every page."""
    kind = "error" if about.is_sample else "info"
    return ('{% extends "default:base.html" %}\n{% block messages %}\n'
            f'<p class="message-{kind}" id="provenance">{escape(about.banner)}</p>\n'
            "{{ super() }}\n{% endblock %}\n")


def command(built: dict, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The Datasette command line that serves a built explorer."""
    return [sys.executable, "-m", "datasette", "serve", "--immutable", built["database"],
            "--metadata", built["metadata"], "--template-dir", built["templates"],
            "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000",
            "--setting", "default_page_size", "100"]


def serve(built: dict, *, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Serve the explorer until interrupted; print where."""
    print(f"explorer: http://{host}:{port}/{DATABASE} (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(command(built, host=host, port=port))
    except KeyboardInterrupt:
        return 0


__all__ = ["FULL_TEXT", "build_explorer", "command", "saved_queries", "serve"]
