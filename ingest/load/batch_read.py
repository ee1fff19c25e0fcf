"""Reading a batch of bodies: DuckDB parses them itself; what it cannot take, and every body
without a sidecar, is read in Python (`ingest.load.records.read_body`).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.landing.zone import (
    SHAPES,
)
from ingest.load.bookkeeping import LoadSummary, _Pending
from ingest.load.landed import Landed, _read_in_python
from ingest.load.records import QuarantineError

log = logging.getLogger(__name__)


# -- reading a batch of bodies -------------------------------------------------------------------
#
# DuckDB reads the bodies itself (read_text, its JSON functions): each record is kept as DuckDB
# writes it back, compact, without a round trip through Python objects. A body DuckDB cannot take
# as it is (not JSON or not UTF-8, not an API response, a record that is not an object or lacks
# its key) is read again in Python (`read_body`), which quarantines it or rejects the records with
# the reasons the loader has always given. Bodies without a sidecar are judged by their records'
# shape, also in Python. Python-read records are stored as `json.dumps` writes them.

GLOB = re.compile(r"[*?\[\]{}]")
ROW_COLUMNS = ("table_name varchar, record_key varchar, record json, source_file varchar, "
               "request_path varchar, fetched_at timestamptz, origin varchar, record_index integer, "
               "to_python boolean")
# A key DuckDB may build: a JSON string or integer with a letter or digit (anything else, e.g. a
# blank or a float, is judged in Python, whose rules decide what a key is).
_KEY_TYPES = "('VARCHAR', 'BIGINT', 'UBIGINT')"


def _key_values_sql(source: str) -> str:
    """SQL for the JSON values of a record's key fields (`SHAPES`), read with one parse."""
    cases = []
    for table, shape in SHAPES[source].items():
        if source == "lda" and table == "constants":
            values = ("case when json_exists(record, '$.value') "
                      "then json_extract(record, ['$.value']) "
                      "else json_extract(record, ['$.id']) end")
        else:
            paths = ", ".join(f"'$.\"{name}\"'" for name in shape.key)
            values = f"json_extract(record, [{paths}])"
        cases.append(f"when '{table}' then {values}")
    return f"case table_name {' '.join(cases)} end"


def _key_sql(source: str) -> tuple[str, str]:
    """SQL for the record key of a row whose key fields are in `key_values` (one JSON value per
    field, read with one parse of the record), and whether DuckDB may build the key."""
    value = "list_transform(key_values, lambda v: v ->> '$')"
    key = f"array_to_string({value}, '|')"
    if source == "lda":
        key = f"case when table_name = 'constants' then list_name || '|' else '' end || {key}"
    valid = (f"list_bool_and(list_transform(key_values, lambda v: coalesce(json_type(v) in "
             f"{_KEY_TYPES} and regexp_matches(v ->> '$', '[0-9A-Za-z]'), false)))")
    return key, valid


def _items_sql(source: str) -> str:
    """The records of a body (NULL when it is not a body DuckDB may read as it is). try():
    a body that is not JSON is NULL, not an error; each body is parsed twice, not more."""
    if source == "fec":
        return """case when try(json_type(content, '$.results')) = 'ARRAY'
                       then try(content -> '$.results[*]') end"""
    # An LDA body: a page with `results`, a list (constants), or one record (a detail page).
    return """case
        when try(json_type(content, '$.results')) = 'ARRAY'
            then try(content -> '$.results[*]')
        when try(json_type(content)) = 'ARRAY' then try(content -> '$[*]')
        when try(json_type(content)) = 'OBJECT' and (json_exists(content, '$.filing_uuid')
                                                     or json_exists(content, '$.id'))
            then [content::json]
    end"""


def _parse_in_duckdb(con, source: str, files: list[Landed]) -> set[str]:
    """Fill `_load_rows` with the records of `files` DuckDB can read as they are; return the
    files (rel) to read in Python instead. Runs outside the write transaction: an error here
    (a body that is not UTF-8) only sends the batch to Python."""
    import pyarrow as pa

    key, valid = _key_sql(source)
    table = pa.table({
        "path": [str(f.path) for f in files], "rel": [f.rel for f in files],
        "table_name": [f.table for f in files], "request_path": [f.request_path for f in files],
        "fetched_at": pa.array([f.fetched_at for f in files], pa.timestamp("us", tz="UTC")),
        "origin": [f.origin for f in files], "list_name": [f.list_name for f in files],
    })
    # Two statements, the bodies' text never joined: DuckDB then keeps to the batch's size.
    con.execute(f"""
        create or replace temp table _load_docs as
        select filename, {_items_sql(source)} as items from read_text(?)
    """, [[str(f.path) for f in files]])
    con.register("_load_batch_files", table)
    try:
        con.execute(f"""
            create or replace temp table _load_rows as
            with parsed as (
                select
                    filename, items is null as unreadable,
                    unnest(case when len(items) > 0 then items else [null::json] end) as record,
                    unnest(case when len(items) > 0 then range(len(items)) else [null] end)
                        as record_index
                from _load_docs
            ),
            keyed as (
                select
                    files.* exclude (path), parsed.* exclude (filename),
                    {_key_values_sql(source)} as key_values
                from parsed
                join _load_batch_files as files on files.path = parsed.filename
            )
            select
                table_name,
                case when record is not null then {key} end as record_key,
                record, rel as source_file, request_path, fetched_at, origin,
                record_index::integer as record_index,
                unreadable or (record is not null and not coalesce({valid}, false)) as to_python
            from keyed
        """)
    finally:
        con.unregister("_load_batch_files")
    con.execute("drop table _load_docs")
    to_python = {rel for (rel,) in con.execute(
        "select distinct source_file from _load_rows where to_python").fetchall()}
    present = {rel for (rel,) in con.execute(
        "select distinct source_file from _load_rows").fetchall()}
    to_python |= {f.rel for f in files} - present
    con.execute("""delete from _load_rows where record is null or source_file in (
                       select source_file from _load_rows where to_python)""")
    return to_python


@dataclass
class _Batch:
    """Landed files read and written together, in one transaction."""

    files: list[Landed] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    bytes: int = 0


def _read_batch(con, source: str, batch: _Batch, quarantine_dir: Path,
                summary: LoadSummary) -> tuple[list[Landed], list[tuple]]:
    """Fill `_load_rows` with the batch's records; return the files read (the others are now
    in `batch.pending`) and the rejected records."""
    import duckdb
    import pyarrow as pa

    con.execute(f"create or replace temp table _load_rows ({ROW_COLUMNS})")
    # read_text takes glob patterns: a name with glob characters is read in Python.
    known = [f for f in batch.files if f.table is not None and not GLOB.search(str(f.path))]
    in_python = {f.rel for f in batch.files} - {f.rel for f in known}
    if known:
        try:
            in_python |= _parse_in_duckdb(con, source, known)
        except duckdb.Error as exc:
            log.info("load: DuckDB could not read a batch as it is (%s); reading it in Python",
                     str(exc).splitlines()[0][:200])
            con.execute(f"create or replace temp table _load_rows ({ROW_COLUMNS})")
            in_python |= {f.rel for f in known}
    read, rows, rejects = [], [], []
    for landed in batch.files:
        if landed.rel in in_python:
            try:
                parsed = _read_in_python(source, landed)
            except QuarantineError as exc:
                batch.pending.append(_Pending(landed.path, landed.rel, str(exc),
                                              Path(quarantine_dir) / landed.rel))
                continue
            except (OSError, ValueError, RecursionError) as exc:  # one bad file never stops a load
                batch.pending.append(_Pending(
                    landed.path, landed.rel, f"could not be read: {type(exc).__name__}: {exc}",
                    Path(quarantine_dir) / landed.rel))
                continue
            rows += [(table, key, json.dumps(record), landed.rel, landed.request_path,
                      landed.fetched_at, landed.origin, index)
                     for table, key, record, index in parsed.rows]
            rejects += [(landed.rel, index, landed.kind, reason, json.dumps(value))
                        for index, reason, value in parsed.rejects]
        read.append(landed)
        summary.files_loaded += 1
    if rows:
        names = ["table_name", "record_key", "record", "source_file", "request_path",
                 "fetched_at", "origin", "record_index"]
        columns = list(zip(*rows, strict=True))
        arrow = pa.table({name: pa.array(values, pa.timestamp("us", tz="UTC"))
                          if name == "fetched_at" else list(values)
                          for name, values in zip(names, columns, strict=True)})
        con.register("_load_python_rows", arrow)
        try:
            con.execute("insert into _load_rows by name select * from _load_python_rows")
        finally:
            con.unregister("_load_python_rows")
    return read, rejects
