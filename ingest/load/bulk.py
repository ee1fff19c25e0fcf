"""Load fetched FEC bulk zips into the warehouse schema ``raw_fec_bulk``, every line accounted for.

The contract that dbt's ``source('fec_bulk', <name>)`` reads:

* ``raw_fec_bulk.<name>`` for every name in `files.NAMES` (indiv, pas2, oth, cn, cm, ccl, weball,
  webl, webk) is a table that exists once `ensure_schema` has run, whether or not anything was
  loaded. Its columns are the FEC's, lower-cased, in file order (``cmte_id, amndt_ind, ...,
  sub_id`` for indiv and oth; pas2 has ``cand_id`` after ``other_id``), every one VARCHAR, an
  empty field NULL; then ``cycle`` INTEGER, ``source_file`` VARCHAR
  (``2020/indiv20.zip:itcont.txt``), ``origin`` VARCHAR (always ``bulk-files``) and
  ``loaded_at`` TIMESTAMPTZ. Typing is dbt staging's job.
* ``raw_fec_bulk._rejects``: every line that did not load (name, cycle, source_file,
  line_number, raw_line, reason, rejected_at), replaced with its cycle.
* ``raw_fec_bulk._loaded_files``: one row per load (name, cycle, source_file, sha256 of the zip,
  source, as_of, as_of_basis, fetched_at, rows_in, rows_loaded, rows_rejected, seconds,
  loaded_at). A zip whose sha256 equals the last one loaded for its name and cycle is skipped.

How one file loads (steps 1-3 are `ingest.load.bulk_staging`):

1. Only the zip's top-level member is read (``itcont.txt``, never the ``by_date/`` copies, which
   repeat every row). It is extracted to ``$INFLUENCE_DATA_DIR/bulk/.staging/`` in parts of about
   `PART_BYTES` (whole lines each), a thread extracting the next part while DuckDB reads this
   one, and each part is deleted once read: never a whole member on disk, at most three parts.
   Real files let DuckDB read in parallel (extracting and reading was faster than a FIFO here).
   The free disk is checked first. Measured on 2 cores: see tests/bench_bulk.py.
2. The same pass counts the member's lines (``rows_in``). Two kinds of line DuckDB cannot account
   for are blanked in the staged copy and recorded as rejects here: an empty line (DuckDB skips it
   without a trace) and a line holding a carriage return (DuckDB's strict parser stops the whole
   file on one; the FEC ends lines with LF only). Both measured with duckdb 2.0.1.
3. The same pass decodes the text (`decode_fec`): FEC files are Windows-1252, read as browsers
   read it (WHATWG): 0x80-0x9F are the characters Windows shows (0x92 is a curly apostrophe),
   the five bytes Windows-1252 leaves undefined keep their Latin-1 code points, and every other
   byte is Latin-1. Each byte maps to exactly one character and back (`encode_fec`), so nothing
   is dropped. The staged copy is UTF-8. DuckDB's own ``encoding='latin-1'`` refuses a whole
   file for any byte in 0x80-0x9F ("File is not latin-1 encoded", duckdb 2.0.1), and
   Windows-1252 needs its ``encodings`` extension, which is downloaded from the network.
   Blocks of pure ASCII, nearly all of an FEC file, are copied as they are.
4. DuckDB ``read_csv`` reads each part (line numbers shifted to the member's): ``delim='|'``, no
   header, no quoting or escaping (FEC names hold stray ``"``), every column VARCHAR, strict
   mode, and ``store_rejects``: lines with too few or too many fields land in DuckDB's reject
   tables with their line number, text and error, and are copied to ``raw_fec_bulk._rejects``.
5. One transaction replaces the cycle: delete its rows, insert the new ones, replace its rejects,
   record the load. Before committing, rows in must equal rows loaded plus rows rejected, and no
   more than `MAX_REJECT_SHARE` of the lines may be rejects (a file mostly of rejects is a format
   change, not data); otherwise it rolls back and the cycle keeps its old rows.

One table per name, with the cycle as a column, rather than per-cycle tables under a view: a
cycle's delete and insert are one transaction either way, and a table keeps the relation
updatable and counted once by `ingest.load.origins.origin_counts` (which counts every relation in a
``raw_`` schema, views included).
"""

from __future__ import annotations

import logging
import re
import time
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ingest.common.fec_bulk_files import COLUMNS, HEADER_DIR, NAMES, bulk_file, validate_cycle
from ingest.common.files import utc_now
from ingest.load.bulk_staging import (
    BulkLoadError,
    Staged,
    clear_staging,
    decode_fec,
    stage_parts,
)
from ingest.sources.fec_bulk.as_of import AsOf, fetch_record, read_as_of
from ingest.sources.fec_bulk.download import parse_header

log = logging.getLogger(__name__)


SCHEMA = "raw_fec_bulk"
ORIGIN = "bulk-files"
STAGING_DIR = ".staging"
SHOW = 10  # rejects listed in a summary before "and N more"
MAX_REJECT_SHARE = 0.5
# A member is staged and read in parts of about this many bytes (see `stage_parts`).
PART_BYTES = 256 * 1024**2
EXTRA_COLUMNS = (("cycle", "integer"), ("source_file", "varchar"), ("origin", "varchar"),
                 ("loaded_at", "timestamptz"))
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_REJECT_ERRORS = "_fec_bulk_reject_errors"
_REJECT_SCANS = "_fec_bulk_reject_scans"


# -- the schema ----------------------------------------------------------------------------------


def table_columns(name: str) -> list[str]:
    """The FEC columns of raw_fec_bulk.<name> as the catalogue knows them, lower-cased."""
    return [column.lower() for column in COLUMNS[name]]


def ensure_schema(con) -> None:
    """Create ``raw_fec_bulk`` with one (possibly empty) table per bulk file and the bookkeeping
    tables. Idempotent; never touches rows."""
    con.execute(f"create schema if not exists {SCHEMA}")
    for name in NAMES:
        spec = bulk_file(name)
        columns = ", ".join(f"{column} varchar" for column in table_columns(name))
        extra = ", ".join(f"{column} {kind}" for column, kind in EXTRA_COLUMNS)
        con.execute(f"create table if not exists {SCHEMA}.{name} ({columns}, {extra})")
        comment = (f"FEC bulk file {name} ({spec.description}; member {spec.member_pattern}), "
                   "every column text as filed; one cycle replaced whole per load.")
        con.execute(f"comment on table {SCHEMA}.{name} is {_sql_string(comment)}")
    con.execute(f"""create table if not exists {SCHEMA}._loaded_files (
        name varchar, cycle integer, source_file varchar, sha256 varchar, source varchar,
        as_of date, as_of_basis varchar, fetched_at timestamptz, rows_in bigint,
        rows_loaded bigint, rows_rejected bigint, seconds double, loaded_at timestamptz)""")
    # What the source says of its files (bulk_manifest.json's note, e.g. "every other line").
    con.execute(f"alter table {SCHEMA}._loaded_files add column if not exists note varchar")
    con.execute(f"""create table if not exists {SCHEMA}._rejects (
        name varchar, cycle integer, source_file varchar, line_number bigint, raw_line varchar,
        reason varchar, rejected_at timestamptz)""")


def header_columns(bulk_dir: Path, name: str) -> list[str]:
    """The columns to read `name` with: the FEC's header file as fetched into
    ``{bulk_dir}/data_dictionaries/`` when there is one (the published list wins, as in
    `download.fetch_header`), else the catalogue's. Lower-cased."""
    spec = bulk_file(name)
    path = Path(bulk_dir) / HEADER_DIR / spec.header_name if spec.header_published else None
    if path is None or not path.is_file():
        return table_columns(name)
    columns = [column.lower() for column in parse_header(path.read_bytes(), str(path))]
    bad = [column for column in columns if not _IDENTIFIER.match(column)]
    if bad:
        raise BulkLoadError(f"{path} has column names that are not plain identifiers: {bad}")
    return columns


def _add_new_columns(con, name: str, columns: list[str]) -> None:
    have = {row[0] for row in con.execute(
        "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
        [SCHEMA, name]).fetchall()}
    for column in columns:
        if column not in have:
            log.warning("%s.%s: new column %s from the FEC's header", SCHEMA, name, column)
            con.execute(f"alter table {SCHEMA}.{name} add column {column} varchar")

# -- loading one file ----------------------------------------------------------------------------


@dataclass
class LoadResult:
    """What loading one zip did. `status` is ``loaded``, ``unchanged`` (same sha256 as the last
    load: nothing read), ``not fetched`` or ``failed`` (with `error`)."""

    name: str
    cycle: int
    source_file: str
    status: str
    sha256: str | None = None
    source: str | None = None
    as_of: str | None = None
    as_of_basis: str | None = None
    rows_in: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0
    rejects: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows_in / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "rows_per_second": round(self.rows_per_second)}


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def read_csv_sql(path: Path, columns: list[str]) -> str:
    """The `read_csv` call for one staged member (see the module docstring for each option)."""
    spec = ", ".join(f"{_sql_string(column)}: 'VARCHAR'" for column in columns)
    return (
        f"read_csv({_sql_string(str(path))}, columns = {{{spec}}}, delim = '|', header = false, "
        "quote = '', escape = '', new_line = '\\n', encoding = 'utf-8', auto_detect = false, "
        f"strict_mode = true, null_padding = false, store_rejects = true, "
        f"rejects_table = '{_REJECT_ERRORS}', rejects_scan = '{_REJECT_SCANS}')"
    )


def last_load(con, name: str, cycle: int) -> dict | None:
    """The latest `_loaded_files` row of `name` and `cycle`, as a dict, or None."""
    cursor = con.execute(f"""select * from {SCHEMA}._loaded_files where name = ? and cycle = ?
                             order by loaded_at desc limit 1""", [name, cycle])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def reject_lines(con, name: str, cycle: int, limit: int = SHOW) -> list[str]:
    """The first `limit` rejects of a file as readable lines."""
    rows = con.execute(f"""select source_file, line_number, reason, raw_line
                           from {SCHEMA}._rejects where name = ? and cycle = ?
                           order by line_number limit ?""", [name, cycle, limit]).fetchall()
    return [f"{source_file} line {line}: {reason}: {raw[:160]!r}"
            for source_file, line, reason, raw in rows]


def _drop_reject_tables(con) -> None:
    for table in (_REJECT_ERRORS, _REJECT_SCANS):
        con.execute(f"drop table if exists temp.main.{table}")


def _replace_cycle(con, name: str, cycle: int, columns: list[str]) -> None:
    """Delete the cycle's rows and rejects (inside the caller's transaction)."""
    _add_new_columns(con, name, columns)
    con.execute(f"delete from {SCHEMA}.{name} where cycle = ?", [cycle])
    con.execute(f"delete from {SCHEMA}._rejects where name = ? and cycle = ?", [name, cycle])


def _insert_part(con, name: str, cycle: int, source_file: str, part: Staged,
                 columns: list[str], now: datetime) -> tuple[int, int]:
    """Insert one staged part's rows and rejects (inside the caller's transaction), its
    DuckDB line numbers shifted to the member's: (loaded, rejected)."""
    _drop_reject_tables(con)
    select = ", ".join(columns)
    loaded = con.execute(
        f"""insert into {SCHEMA}.{name} by name
            select {select}, ?::integer as cycle, ? as source_file, ? as origin,
                   ?::timestamptz as loaded_at
            from {read_csv_sql(part.path, columns)}""",
        [cycle, source_file, ORIGIN, now]).fetchone()[0]
    # DuckDB prefixes a line that follows a skipped empty line with that line's LF.
    con.execute(f"""
        insert into {SCHEMA}._rejects
        select ?, ?, ?, line + ? - 1, ltrim(any_value(csv_line), chr(10)),
               string_agg(error_type || ': ' || error_message, '; ' order by column_idx), ?
        from temp.main.{_REJECT_ERRORS} group by line""",
        [name, cycle, source_file, part.first_line, now])
    rejected = con.execute(f"select count(distinct line) from temp.main.{_REJECT_ERRORS}"
                           ).fetchone()[0]
    _drop_reject_tables(con)
    if part.rejects:
        con.executemany(f"insert into {SCHEMA}._rejects values (?, ?, ?, ?, ?, ?, ?)",
                        [(name, cycle, source_file, line, decode_fec(raw), reason, now)
                         for line, raw, reason in part.rejects])
    return loaded, rejected + len(part.rejects)


def load_file(con, zip_path: Path, name: str, cycle: int, *, staging_dir: Path,
              columns: list[str] | None = None, force: bool = False,
              part_bytes: int | None = None) -> LoadResult:
    """Load the fetched zip of `name` for `cycle` into ``raw_fec_bulk.<name>``, replacing the
    cycle's rows in one transaction; skip it when its sha256 is the one loaded last.

    `columns` default to the catalogue's; `load_bulk` passes the fetched header's. The member is
    staged and read in parts of about `part_bytes` (default `PART_BYTES`; see `stage_parts`),
    each logged as it loads.
    Raises `BulkLoadError` (the cycle keeps its old rows) when the member cannot be read or its
    lines do not add up.
    """
    spec = bulk_file(name)
    cycle = validate_cycle(cycle)
    zip_path = Path(zip_path)
    rel, member = spec.zip_path(cycle), spec.member(cycle)
    source_file = f"{rel}:{member}"
    record = fetch_record(zip_path)
    if record is None or not zip_path.is_file():
        raise BulkLoadError(f"{zip_path} has not been fetched (no zip or no .fetch.json record)")
    if zip_path.stat().st_size != record.get("size"):
        raise BulkLoadError(f"{zip_path} is not the file its .fetch.json records; fetch it again")
    sha256 = record["sha256"]
    ensure_schema(con)
    previous = last_load(con, name, cycle)
    if previous and previous["sha256"] == sha256 and not force and (
            previous["rows_loaded"] == 0 or con.execute(
                f"select exists (select 1 from {SCHEMA}.{name} where cycle = ?)", [cycle]
            ).fetchone()[0]):
        log.info("%s: unchanged (sha256 %s, loaded %s): skipped", source_file, sha256[:12],
                 previous["loaded_at"])
        return LoadResult(
            name, cycle, source_file, "unchanged", sha256, previous["source"],
            previous["as_of"].isoformat() if previous["as_of"] else None, previous["as_of_basis"],
            previous["rows_in"], previous["rows_loaded"], previous["rows_rejected"],
            rejects=reject_lines(con, name, cycle))
    as_of: AsOf = read_as_of(zip_path, rel)
    columns = columns or table_columns(name)
    part_bytes = PART_BYTES if part_bytes is None else part_bytes
    with zipfile.ZipFile(zip_path) as archive:
        member_size = archive.getinfo(member).file_size if member in archive.namelist() else 0
    started = time.monotonic()
    now = utc_now()
    lines = loaded = rejected = 0
    # A raw table's row order means nothing (a row's place in the file is not kept, rejects
    # carry their line numbers): without it DuckDB inserts a part with both cores throughout,
    # about twice as fast on this project's 2-core machines (10 M rows: 20 s, not 40 s).
    order = con.execute("select current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("set preserve_insertion_order = false")
    con.begin()
    try:
        _replace_cycle(con, name, cycle, columns)
        for part in stage_parts(zip_path, member, staging_dir, part_bytes=part_bytes):
            try:
                part_loaded, part_rejected = _insert_part(con, name, cycle, source_file, part,
                                                          columns, now)
            finally:
                part.path.unlink(missing_ok=True)
            lines, loaded, rejected = (lines + part.lines, loaded + part_loaded,
                                       rejected + part_rejected)
            log.info("%s: %s of %s bytes (%.0f%%), %s lines read in %.1f s", source_file,
                     f"{part.size:,}", f"{member_size:,}",
                     100 * part.size / member_size if member_size else 100, f"{lines:,}",
                     time.monotonic() - started)
        if loaded + rejected != lines:
            raise BulkLoadError(
                f"{source_file}: {lines:,} lines in, but {loaded:,} loaded and "
                f"{rejected:,} rejected; nothing was changed")
        if lines and (loaded == 0 or rejected > MAX_REJECT_SHARE * lines):
            first = "; ".join(reject_lines(con, name, cycle, 3))
            raise BulkLoadError(
                f"{source_file}: {rejected:,} of {lines:,} lines rejected, more than "
                f"{MAX_REJECT_SHARE:.0%}: the file's layout does not match its "
                f"{len(columns)} columns; cycle {cycle} keeps its old rows. First: {first}")
        seconds = time.monotonic() - started
        con.execute(
            f"insert into {SCHEMA}._loaded_files values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, cycle, source_file, sha256, record.get("url"), as_of.as_of, as_of.basis,
             record.get("fetched_at"), lines, loaded, rejected, seconds, now, as_of.note])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        _drop_reject_tables(con)
        con.execute(f"set preserve_insertion_order = {str(order).lower()}")
    result = LoadResult(name, cycle, source_file, "loaded", sha256, record.get("url"),
                        as_of.as_of.isoformat() if as_of.as_of else None, as_of.basis,
                        lines, loaded, rejected, seconds,
                        rejects=reject_lines(con, name, cycle))
    log.info("%s: %s rows loaded, %s rejected (of %s lines) in %.1f s, %s rows/s; as of %s (%s)",
             source_file, f"{loaded:,}", f"{rejected:,}", f"{lines:,}", seconds,
             f"{result.rows_per_second:,.0f}", result.as_of, as_of.basis)
    if rejected:
        log.warning("%s: %d line(s) rejected (see %s._rejects), first: %s", source_file,
                    rejected, SCHEMA, result.rejects[0])
    return result


def zip_path_for(bulk_dir: Path, name: str, cycle: int) -> Path:
    """Where `download.fetch` keeps the zip of `name` for `cycle` under `bulk_dir`."""
    spec = bulk_file(name)
    return Path(bulk_dir) / str(validate_cycle(cycle)) / spec.zip_name(cycle)


def load_bulk(con, bulk_dir: Path, names=NAMES, cycles=(), *, force: bool = False
              ) -> list[LoadResult]:
    """Load every fetched zip of `names` x `cycles` under `bulk_dir`, each in its own
    transaction: one that fails is reported (status ``failed``) and the others still load.

    The caller holds the warehouse's writer lock.
    """
    ensure_schema(con)
    staging_dir = Path(bulk_dir) / STAGING_DIR
    clear_staging(staging_dir)
    results = []
    for cycle in cycles:
        for name in names:
            path = zip_path_for(bulk_dir, name, cycle)
            spec = bulk_file(name)
            source_file = f"{spec.zip_path(cycle)}:{spec.member(cycle)}"
            if fetch_record(path) is None or not path.is_file():
                log.warning("%s: not fetched (no %s): nothing to load", source_file, path)
                results.append(LoadResult(name, cycle, source_file, "not fetched"))
                continue
            try:
                results.append(load_file(con, path, name, cycle, staging_dir=staging_dir,
                                         columns=header_columns(bulk_dir, name), force=force))
            except Exception as exc:  # the other files still load; the step reports this one
                log.exception("%s: load failed", source_file)
                results.append(LoadResult(name, cycle, source_file, "failed",
                                          error=f"{type(exc).__name__}: {exc}"))
    return results


# -- what is loaded ------------------------------------------------------------------------------


def loaded_summary(con) -> list[dict]:
    """Per loaded name and cycle: rows now in the table and the as-of date of its last load.
    Empty when the schema does not exist."""
    exists = con.execute("select count(*) from duckdb_tables() where schema_name = ? and "
                         "table_name = '_loaded_files'", [SCHEMA]).fetchone()[0]
    if not exists:
        return []
    out = []
    for name in NAMES:
        if not con.execute("select count(*) from duckdb_tables() where schema_name = ? and "
                           "table_name = ?", [SCHEMA, name]).fetchone()[0]:
            continue
        rows = con.execute(f"""
            with counts as (select cycle, count(*) as n from {SCHEMA}.{name} group by cycle),
            latest as (
                select cycle, as_of, as_of_basis, rows_rejected, note
                from {SCHEMA}._loaded_files
                where name = ? qualify row_number() over (partition by cycle
                                                          order by loaded_at desc) = 1)
            select cycle, coalesce(n, 0), as_of, as_of_basis, coalesce(rows_rejected, 0), note
            from counts full join latest using (cycle)
            order by 1""", [name]).fetchall()
        for cycle, n, as_of, basis, rejected, note in rows:
            out.append({"name": name, "cycle": cycle, "rows": n,
                        "as_of": as_of.isoformat() if as_of else None, "as_of_basis": basis,
                        "rows_rejected": rejected, "note": note})
    return out
