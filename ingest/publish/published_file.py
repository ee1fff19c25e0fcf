"""The journalists' file: the answer tables only, in a storage format every DuckDB client since 1.1
reads.

The warehouse holds everything the pipeline needs (raw API records, staging views, intermediate
models, the coding evaluation); a reporter needs the documented answers. `open_published_copy`
writes those (`PUBLISHED_SCHEMAS`: the marts in ``main``, entity resolution in ``links``, values
that did not parse in ``audit``) with their table and column descriptions into a new file, in
DuckDB's ``v1.1.0`` storage format (file version 64): DuckDB 2.0 writes the newer version 69 by
default, which clients older than 2.0 (and the drivers bundled with many SQL tools) refuse to
open. Everything else stays in the warehouse (`INTERNAL_SCHEMAS`).
"""

from __future__ import annotations

from pathlib import Path

# Readable by DuckDB 1.1 and later (DuckDB 1.0 reads it too; 0.10 does not).
STORAGE_VERSION = "v1.1.0"
PUBLISHED_SCHEMAS = ("main", "links", "audit")
INTERNAL_SCHEMAS = ("raw_fec", "raw_lda", "raw_fec_bulk", "raw_config", "staging", "intermediate",
                    "evaluation", "build_state")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def published_tables(con, catalog: str) -> list[tuple[str, str, str | None]]:
    """(schema, table, description) of the tables `catalog` publishes, in a stable order."""
    return con.execute(f"""
        select schema_name, table_name, comment from duckdb_tables()
        where database_name = ? and schema_name in ({", ".join("?" for _ in PUBLISHED_SCHEMAS)})
          and not internal and not temporary
        order by schema_name <> 'main', schema_name, table_name""",
        [catalog, *PUBLISHED_SCHEMAS]).fetchall()


def open_published_copy(warehouse_path: Path, path: Path):
    """Write the answer tables of `warehouse_path` into a new DuckDB file at `path`; return an open
    connection whose default catalog is the new file.

    The warehouse stays attached read-only as ``warehouse`` and its schemas are on the search
    path after the new file's, so code that describes the file's provenance (which counts the
    raw records the answers were built from) reads the raw tables it counts, which the published
    file leaves out. The caller checkpoints and closes the connection.
    """
    import duckdb

    path = Path(path)
    path.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"attach {literal(str(warehouse_path))} as warehouse (read_only)")
        con.execute(f"attach {literal(str(path))} as published "
                    f"(storage_version {literal(STORAGE_VERSION)})")
        con.execute("use published")
        for schema in PUBLISHED_SCHEMAS[1:]:
            con.execute(f"create schema if not exists published.{quote(schema)}")
        for schema, table, description in published_tables(con, "warehouse"):
            name = f"{quote(schema)}.{quote(table)}"
            con.execute(f"create table published.{name} as select * from warehouse.{name}")
            if description:
                con.execute(f"comment on table published.{name} is {literal(description)}")
            for column, text in con.execute(
                    "select column_name, comment from duckdb_columns() where database_name = "
                    "'warehouse' and schema_name = ? and table_name = ? and comment is not null "
                    "order by column_index", [schema, table]).fetchall():
                con.execute(f"comment on column published.{name}.{quote(column)} is "
                            f"{literal(text)}")
        schemas = [schema for (schema,) in con.execute(
            "select schema_name from duckdb_schemas() where database_name = 'warehouse' "
            "and not internal order by schema_name").fetchall()]
        con.execute("set search_path = " + literal(",".join(
            ["published.main"] + [f"published.{s}" for s in PUBLISHED_SCHEMAS[1:]]
            + [f"warehouse.{s}" for s in schemas])))
        return con
    except BaseException:
        con.close()
        raise
