"""Where the raw rows came from, for the published file's provenance: rows per origin and the
live API base URLs of each source.
"""

from __future__ import annotations

from ingest.load.records import CONFIG_SCHEMA, UNRECORDED


def origin_counts(con) -> dict[str, dict[str, int]]:
    """Rows per origin in every raw table, by source: ``{"fec": {"offline-snapshot": 1200}}``.

    Tables loaded before origins were recorded count as ``unrecorded``.
    """
    tables = con.execute("""
        select schema_name, table_name, bool_or(column_name = 'origin')
        from duckdb_columns()
        where starts_with(schema_name, 'raw_') and schema_name <> ?
          and not starts_with(table_name, '_')
        group by all order by all""", [CONFIG_SCHEMA]).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for schema, table, has_origin in tables:
        column = "origin" if has_origin else "null"
        by_origin = counts.setdefault(schema.removeprefix("raw_"), {})
        for origin, n in con.execute(f'select coalesce({column}, ?), count(*) from '
                                     f'"{schema}"."{table}" group by all', [UNRECORDED]).fetchall():
            by_origin[origin] = by_origin.get(origin, 0) + n
    return {source: by for source, by in counts.items() if by}


def live_base_urls(con) -> dict[str, list[str]]:
    """The API base URLs the live-fetched files of each source came from."""
    schemas = con.execute("""
        select schema_name from duckdb_columns()
        where starts_with(schema_name, 'raw_') and table_name = '_loaded_files'
          and column_name = 'base_url'""").fetchall()
    urls = {}
    for (schema,) in schemas:
        found = [url for (url,) in con.execute(
            f"select distinct base_url from {schema}._loaded_files where origin = 'live-api' "
            "and base_url is not null order by 1").fetchall()]
        if found:
            urls[schema.removeprefix("raw_")] = found
    return urls
