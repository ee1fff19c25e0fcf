"""Load landed API responses (FEC and LDA) into DuckDB raw tables, idempotently.

* One raw table per source and landing kind (``raw_fec.schedule_a``, ``raw_lda.filings``),
  keyed on the natural key (FEC: ``sub_id`` for itemized schedules, ``committee_id``,
  ``candidate_id``, committee and cycle for totals; LDA: ``filing_uuid`` for filings and LD-203
  reports, ``id`` for registrants, clients and lobbyists, list and value for constants). Each row
  keeps the whole API record as JSON, so fields not modelled yet are not lost.
* **Each kind takes only its own endpoints' responses** (`ingest.landing.ENDPOINTS`). The
  sidecar's request path decides; a body without a sidecar is judged by its records' fields
  (`ingest.landing.SHAPES`). A body from another endpoint (a ``/reports/`` or ``/filings/`` page
  under ``totals``, ``/elections/`` under ``candidates``, ``/names/`` typeahead results) is
  quarantined with a reason. History bodies keep their cycle: ``/committee/{id}/history/`` and
  ``/candidate/{id}/committees/history/`` load into ``raw_fec.committee_history``,
  ``/candidate/{id}/history/`` into ``raw_fec.candidate_history``, keyed ``<id>|<cycle>``, so they
  never replace the current record that staging reads from ``committees`` and ``candidates``.
* **Latest fetch wins.** Of several copies of a key, the one with the latest recorded fetch time
  is kept; at equal fetch times, the one from the greater ``source_file`` path (then the later
  record in that file). Never the file's modification time. A body without a sidecar has the
  fetch time in its name (``<stamp>_p<page>.json``, as the extractors write it) or, failing that,
  1970-01-01 UTC, so any recorded fetch beats it. Keys whose copies differ within one load (in one
  batch, or from the copy an earlier batch of the load wrote), or differ from the stored copy at
  the same fetch time, are reported in the summary and in ``raw_<source>._conflicts``.
* **Bad records, not bad files.** A record without its key (or, in a body without a sidecar, not
  shaped like the kind's records) goes to ``raw_<source>._rejects`` with its index, reason and
  JSON; the file's other records load.
* **Bad files are quarantined, never fatal.** A file that cannot be loaded at all: not JSON, not
  an API response, from another endpoint, outside a kind folder, not a ``.json`` file (``.html``
  error pages, ``.http`` recordings, ``.JSON``), or with a broken sidecar. A sidecar that is not
  JSON, or whose ``fetched_at`` is missing, unparseable or has no time zone, quarantines its body
  (the reason names both): its place in "latest fetch wins" cannot be trusted, and loading it as a
  hand-dropped file would misstate its origin. Quarantined files are recorded in
  ``raw_<source>._quarantine`` and moved, with their sidecar and a ``.reason.txt``, to
  ``$INFLUENCE_DATA_DIR/quarantine/`` only after the transaction of their batch commits.
* **Batches, bounded memory.** Files are read and written in batches (`BATCH_BYTES` of bodies,
  at most `BATCH_FILES` files), each in one transaction with its bookkeeping: if a batch fails,
  nothing of it is written and nothing moved, and the batches before it stay loaded.
  ``raw_<source>._loaded_files`` remembers every file loaded (path, checksum, origin): loading the
  same files twice changes nothing, and a load that stopped is taken up exactly where it stopped.
  DuckDB reads the bodies itself (`_parse_in_duckdb`): the records are stored as DuckDB writes
  them back, compact; a body it cannot take as it is, and every body without a sidecar, is read in
  Python (`read_body`), whose reasons and rules decide. Sidecars and hidden files (the landing's
  in-progress temporaries) are not bodies.
* **loaded_at** is the same for every row a load writes and later than any stored before it
  (`load_time`): the incremental staging models read the rows loaded after the newest they hold.
* **Origin.** Every raw row and loaded file records where it came from (`ORIGINS`):
  ``offline-snapshot`` (sidecar ``base_url`` "offline-snapshot": the bundled sample),
  ``live-api`` (any other ``base_url``), ``hand-dropped`` (no sidecar, or one without
  ``base_url``), or the sidecar's own ``origin`` label (room for e.g. ``bulk-files``).
  `origin_counts` sums them for the published file's ``about_this_file``.
* The watchlist and the FEC ID resolution are written to ``raw_config`` tables on every load.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ingest.fec import settings as fec
from ingest.landing import (
    ENDPOINTS,
    SHAPES,
    SIDECAR_SUFFIX,
    UNKNOWN_FETCH_TIME,
    SidecarError,
    endpoint_for,
    fetch_time_from_name,
    file_sha256,
    normalize_request_path,
    parse_fetched_at,
    public_base_url,
    read_sidecar_strict,
    sidecar_for,
    slug,
    tables_of,
    utc_now,
)
from ingest.lda import settings as lda
from ingest.watchlist import Watchlist

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw_fec"
CONFIG_SCHEMA = "raw_config"
KINDS = {"fec": fec.KINDS, "lda": lda.KINDS}
TABLES = {source: tuple(SHAPES[source]) for source in KINDS}
SHOW = 10  # lines of quarantined files, rejects and conflicts shown before "and N more"

ORIGINS = {
    "offline-snapshot": "the offline snapshot bundled with the project (sample data)",
    "live-api": "the live API",
    "hand-dropped": "response files dropped into the landing zone by hand",
    "bulk-files": "the FEC's bulk data files",
}
SAMPLE_ORIGINS = frozenset({"offline-snapshot"})
# The bundled snapshot's own sidecars say "synthetic-universe"; replayed pages say
# "offline-snapshot".
SNAPSHOT_BASE_URLS = frozenset({"offline-snapshot", "synthetic-universe"})
UNRECORDED = "unrecorded"


class QuarantineError(ValueError):
    """A landed file that cannot be loaded; the message is the reason recorded."""


class RecordRejected(ValueError):
    """One record that cannot be loaded; the message is the reason recorded."""


# -- one body ------------------------------------------------------------------------------------


@dataclass
class Parsed:
    """What one response body holds: (table, key, record, index) rows and (index, reason,
    value) rejects."""

    rows: list = field(default_factory=list)
    rejects: list = field(default_factory=list)


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def table_key(source: str, table: str, record: dict, list_name: str = "") -> str:
    """The natural key of one record of a raw table, or raise `RecordRejected`."""
    if source == "lda" and table == "constants":
        value = record.get("value", record.get("id"))
        if _blank(value):
            raise RecordRejected("a record has no value or id")
        return f"{list_name}|{value}"
    fields = SHAPES[source][table].key
    values = [record.get(name) for name in fields]
    if any(_blank(value) for value in values):
        raise RecordRejected(f"a record has no {' and '.join(fields)}")
    return "|".join(str(value) for value in values)


def route(source: str, kind: str, request_path: str | None) -> str | None:
    """The raw table a `kind` body fetched from `request_path` loads into; None when the path is
    unknown (the records' shape decides); `QuarantineError` when the endpoint is not the kind's."""
    if kind not in KINDS[source]:
        raise QuarantineError(
            f"not under landing/{source}/<kind>/ with kind one of {', '.join(KINDS[source])}")
    request_path = normalize_request_path(request_path)
    if request_path is None:
        return None
    endpoint = endpoint_for(source, request_path)
    if endpoint is None:
        accepted = ", ".join(e.pattern for e in ENDPOINTS[source] if e.kind == kind)
        raise QuarantineError(f"a response from {request_path}, which {kind} does not take "
                              f"(it takes {accepted})")
    if endpoint.kind != kind:
        raise QuarantineError(
            f"a response from {request_path}, which feeds {endpoint.kind}, not {kind}")
    return endpoint.table


def _table_by_shape(source: str, kind: str, record: dict, list_name: str) -> str:
    reasons = []
    for table in tables_of(source, kind):
        try:
            table_key(source, table, record, list_name)
        except RecordRejected as exc:
            reasons.append(str(exc))
            continue
        why = SHAPES[source][table].mismatch(record)
        if why is None:
            return table
        reasons.append(f"not a {table} record: {why}")
    raise RecordRejected(reasons[0])


def split_records(source: str, kind: str, items: list, table: str | None,
                  list_name: str = "") -> Parsed:
    """Sort a body's records into loadable rows and rejects.

    With a known `table` (from the request path) only the key is checked. Without one, each record
    must look like one of the kind's tables; a body none of whose records does is quarantined.
    """
    parsed = Parsed()
    for index, record in enumerate(items):
        try:
            if not isinstance(record, dict):
                raise RecordRejected("not a JSON object")
            chosen = table or _table_by_shape(source, kind, record, list_name)
            parsed.rows.append((chosen, table_key(source, chosen, record, list_name), record,
                                index))
        except RecordRejected as exc:
            parsed.rejects.append((index, str(exc), record))
    if table is None and items and not parsed.rows:
        raise QuarantineError(
            f"no record looks like a {kind} record (results[0]: {parsed.rejects[0][1]}); "
            "a body without a sidecar is judged by its records' fields")
    return parsed


def _decode(raw: bytes):
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuarantineError(f"not valid JSON: {exc}") from None


def _fec_items(data) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise QuarantineError("not an OpenFEC response: no 'results' list")
    return data["results"]


def _lda_items(data) -> list:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and ("filing_uuid" in data or "id" in data):
        return [data]
    if isinstance(data, dict) and "detail" in data:
        raise QuarantineError(f"an LDA error body, not data: {str(data['detail'])[:200]}")
    raise QuarantineError("not an LDA response: no 'results', list or record")


def read_body(source: str, kind: str, raw: bytes, *, request_path: str | None = None,
              list_name: str = "") -> Parsed:
    """Rows and rejects of one response body, or raise `QuarantineError` for the whole file."""
    table = route(source, kind, request_path)
    if source == "lda" and kind == "constants" and not list_name:
        list_name = constants_list_name({"path": request_path}, "")
    data = _decode(raw)
    items = _fec_items(data) if source == "fec" else _lda_items(data)
    return split_records(source, kind, items, table, list_name)


def parse_body(kind: str, raw: bytes, request_path: str | None = None) -> list[tuple[str, dict]]:
    """(key, record) pairs of an OpenFEC body's loadable records, or raise `QuarantineError`."""
    parsed = read_body("fec", kind, raw, request_path=request_path)
    return [(key, record) for _, key, record, _ in parsed.rows]


def parse_lda_body(kind: str, raw: bytes, list_name: str = "",
                   request_path: str | None = None) -> list[tuple[str, dict]]:
    """(key, record) pairs from an LDA response: a page, one object, or a constants list."""
    parsed = read_body("lda", kind, raw, request_path=request_path, list_name=list_name)
    return [(key, record) for _, key, record, _ in parsed.rows]


def constants_list_name(meta: dict, query_dir: str) -> str:
    """'filing/filingtypes' from the request path (/constants/filing/filingtypes/) or, for a file
    dropped in by hand, from its folder name ('filing-filingtypes')."""
    path = (normalize_request_path(meta.get("path")) or "").strip("/")
    if path.startswith("constants/"):
        return path[len("constants/"):]
    return query_dir.replace("-", "/", 1)


def origin_of(meta: dict | None) -> str:
    """Where a landed body came from (see `ORIGINS`), from its sidecar."""
    if not meta:
        return "hand-dropped"
    label = meta.get("origin")
    if isinstance(label, str) and label.strip():
        return slug(label)
    base = meta.get("base_url")
    if not isinstance(base, str) or not base.strip():
        return "hand-dropped"
    return "offline-snapshot" if base.strip() in SNAPSHOT_BASE_URLS else "live-api"


# -- one landed file -----------------------------------------------------------------------------


@dataclass
class Landed:
    """A landed body's place and sidecar (its body is read later, in a batch)."""

    path: Path
    rel: str
    digest: str
    size: int
    kind: str
    origin: str
    base_url: str | None
    fetched_at: datetime
    request_path: str | None
    table: str | None  # from the request path; None: each record's shape decides
    list_name: str


@dataclass
class LandedBody:
    rel: str
    digest: str
    kind: str
    origin: str
    base_url: str | None
    fetched_at: datetime
    request_path: str | None
    parsed: Parsed


def inspect_landed(path: Path, rel: str, digest: str, root: Path, source: str) -> Landed:
    """A landed body's sidecar and route, without reading the body; or `QuarantineError`."""
    parts = path.relative_to(root).parts
    kind = parts[0]
    if kind not in KINDS[source] or len(parts) < 2:
        raise QuarantineError(
            f"not under landing/{source}/<kind>/ with kind one of {', '.join(KINDS[source])}")
    try:
        meta = read_sidecar_strict(path)
        fetched_at = (parse_fetched_at(meta, sidecar_for(path).name) if meta is not None
                      else fetch_time_from_name(path) or UNKNOWN_FETCH_TIME)
    except SidecarError as exc:
        raise QuarantineError(str(exc)) from None
    request_path = normalize_request_path((meta or {}).get("path"))
    table = route(source, kind, request_path)
    list_name = ""
    if source == "lda" and kind == "constants":
        list_name = constants_list_name({"path": request_path}, parts[1] if len(parts) > 2 else "")
    return Landed(path, rel, digest, path.stat().st_size, kind, origin_of(meta),
                  public_base_url((meta or {}).get("base_url")), fetched_at, request_path, table,
                  list_name)


def read_landed(path: Path, rel: str, digest: str, root: Path, source: str) -> LandedBody:
    """One landed body with its sidecar, parsed in Python; or raise `QuarantineError`."""
    landed = inspect_landed(path, rel, digest, root, source)
    return LandedBody(rel, digest, landed.kind, landed.origin, landed.base_url,
                      landed.fetched_at, landed.request_path, _read_in_python(source, landed))


def _read_in_python(source: str, landed: Landed) -> Parsed:
    return read_body(source, landed.kind, landed.path.read_bytes(),
                     request_path=landed.request_path, list_name=landed.list_name)


def stray_reason(path: Path) -> str:
    """Why a file that is not a ``.json`` body does not load."""
    suffix = path.suffix
    if suffix.lower() in (".html", ".htm"):
        return f"an HTML page ({suffix}), likely an error page the API returned; not a JSON body"
    if suffix.lower() == ".http":
        return "a raw HTTP recording (.http: status line and headers); save only its JSON body"
    if suffix.lower() == ".json":
        return f"the name ends in {suffix!r}, not '.json'; rename it to load it"
    return f"not a .json response body ({suffix or 'no extension'})"


def _landed_files(root: Path) -> list[Path]:
    """Every file under `root` except sidecars, reason notes and hidden files."""
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
        and not p.name.endswith((SIDECAR_SUFFIX, ".reason.txt"))
    )


# -- the summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A key with differing copies: which file's copy was kept, and which were not."""

    table: str
    key: str
    kept: str
    others: tuple[str, ...]
    same_fetch_time: bool

    def __str__(self) -> str:
        rule = ("same fetch time: kept the greater file path" if self.same_fetch_time
                else "kept the latest fetch")
        return (f"{self.table} {self.key}: differing copies ({rule}): kept {self.kept}; "
                f"not {', '.join(self.others[:3])}"
                + (f" and {len(self.others) - 3} more" if len(self.others) > 3 else ""))


def capped(lines: list[str], where: str, limit: int = SHOW) -> list[str]:
    """At most `limit` lines; the last says how many more there are and where to look."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit - 1], f"... and {len(lines) - limit + 1} more: see {where}"]


@dataclass
class LoadSummary:
    source: str = "fec"
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped: int = 0
    files_quarantined: int = 0
    records_rejected: int = 0
    rows_by_kind: dict = field(default_factory=dict)
    quarantined: list = field(default_factory=list)  # (source_file, reason, moved_to)
    rejected: list = field(default_factory=list)  # (source_file, record index, reason)
    conflicts: list = field(default_factory=list)  # Conflict
    origins: dict = field(default_factory=dict)  # origin -> records read this load
    quarantine_dir: str = ""

    @property
    def schema(self) -> str:
        return f"raw_{self.source}"

    def quarantine_lines(self) -> list[str]:
        return [f"{rel}: {reason}" for rel, reason, _ in self.quarantined]

    def reject_lines(self) -> list[str]:
        return [f"{rel} results[{index}]: {reason}" for rel, index, reason in self.rejected]

    def conflict_lines(self) -> list[str]:
        return [str(conflict) for conflict in self.conflicts]

    def __str__(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in sorted(self.rows_by_kind.items())) or "none"
        origins = ", ".join(f"{k} {v}" for k, v in sorted(self.origins.items())) or "none"
        lines = [f"{self.files_loaded} files loaded, {self.files_skipped} already loaded, "
                 f"{self.files_quarantined} quarantined, {self.records_rejected} records "
                 f"rejected, {len(self.conflicts)} keys with differing copies; rows upserted: "
                 f"{rows}; records by origin: {origins}"]
        where = f"table {self.schema}._quarantine and folder {self.quarantine_dir}"
        lines += [f"  quarantined {line}" for line in capped(self.quarantine_lines(), where)]
        lines += [f"  rejected {line}" for line in capped(self.reject_lines(),
                                                          f"table {self.schema}._rejects")]
        lines += [f"  conflict {line}" for line in capped(self.conflict_lines(),
                                                          f"table {self.schema}._conflicts")]
        return "\n".join(lines)


def step_result(summaries: list[LoadSummary], quarantine_dir: Path) -> dict:
    """The load step's JSON-able summary: counts, and every problem or where to find the rest."""

    def lines(kind: str, table: str) -> list[str]:
        every = [line for s in summaries for line in getattr(s, f"{kind}_lines")()]
        where = " / ".join(f"raw_{s.source}.{table}" for s in summaries)
        return capped(every, f"tables {where}" + (f" and folder {quarantine_dir}"
                                                  if kind == "quarantine" else ""))

    rows = {f"{s.source}.{table}": n for s in summaries for table, n in s.rows_by_kind.items()}
    return {"step": "load", "files_loaded": sum(s.files_loaded for s in summaries),
            "files_skipped": sum(s.files_skipped for s in summaries),
            "files_quarantined": sum(s.files_quarantined for s in summaries),
            "records_rejected": sum(s.records_rejected for s in summaries),
            "conflicts": sum(len(s.conflicts) for s in summaries),
            "rows": rows,
            "origins": {s.source: dict(s.origins) for s in summaries if s.origins},
            "quarantined": lines("quarantine", "_quarantine"),
            "rejected": lines("reject", "_rejects"),
            "conflicting": lines("conflict", "_conflicts")}


# -- the warehouse -------------------------------------------------------------------------------


def ensure_schema(con, source: str = "fec") -> None:
    """Create the raw tables, and add the columns newer loaders write to older warehouses."""
    schema = f"raw_{source}"
    con.execute(f"create schema if not exists {schema}")
    con.execute(f"create schema if not exists {CONFIG_SCHEMA}")
    for table in TABLES[source]:
        con.execute(f"""
            create table if not exists {schema}.{table} (
                record_key varchar primary key,
                record json not null,
                source_file varchar not null,
                request_path varchar,
                fetched_at timestamptz not null,
                loaded_at timestamptz not null
            )""")
        con.execute(f"alter table {schema}.{table} add column if not exists origin varchar")
    con.execute(f"""
        create table if not exists {schema}._loaded_files (
            source_file varchar primary key,
            sha256 varchar not null,
            kind varchar not null,
            records integer not null,
            loaded_at timestamptz not null
        )""")
    for column in ("origin varchar", "base_url varchar", "fetched_at timestamptz",
                   "rejected integer"):
        con.execute(f"alter table {schema}._loaded_files add column if not exists {column}")
    con.execute(f"""
        create table if not exists {schema}._quarantine (
            source_file varchar not null,
            reason varchar not null,
            moved_to varchar not null,
            quarantined_at timestamptz not null
        )""")
    con.execute(f"""
        create table if not exists {schema}._rejects (
            source_file varchar not null,
            record_index integer not null,
            kind varchar not null,
            reason varchar not null,
            record json,
            rejected_at timestamptz not null
        )""")
    con.execute(f"""
        create table if not exists {schema}._conflicts (
            table_name varchar not null,
            record_key varchar not null,
            kept_file varchar not null,
            other_files varchar[] not null,
            same_fetched_at boolean not null,
            detected_at timestamptz not null
        )""")


@dataclass
class _Pending:
    """A file to move to quarantine once the transaction has committed."""

    path: Path
    rel: str
    reason: str
    target: Path


def _record_quarantine(con, schema: str, items: list[_Pending], now,
                       summary: LoadSummary) -> None:
    if items:
        con.executemany(f"insert into {schema}._quarantine values (?, ?, ?, ?)",
                        [(item.rel, item.reason, str(item.target), now) for item in items])
    for item in items:
        summary.files_quarantined += 1
        summary.quarantined.append((item.rel, item.reason, str(item.target)))


def _move_quarantined(items: list[_Pending]) -> None:
    """Move quarantined files (and their sidecars) and write each reason beside it."""
    for item in items:
        try:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(item.path), item.target)
            sidecar = item.path.with_name(item.path.stem + SIDECAR_SUFFIX)
            if sidecar.exists():
                shutil.move(str(sidecar), item.target.with_name(item.target.stem + SIDECAR_SUFFIX))
            item.target.with_name(item.target.name + ".reason.txt").write_text(
                item.reason + "\n", encoding="utf-8")
        except OSError as exc:
            log.error("could not move %s to %s: %s; it is recorded as quarantined and will be "
                      "tried again on the next load", item.rel, item.target, exc)
            continue
        log.warning("quarantined %s: %s", item.rel, item.reason)


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


# -- writing a batch -----------------------------------------------------------------------------


def _differ(a: str, b: str) -> bool:
    """Two JSON texts with different content (key order and spacing aside)."""
    return a != b and json.loads(a) != json.loads(b)


def _conflicts_in_batch(con) -> list[Conflict]:
    """Keys with differing copies within the batch: the latest fetch is kept."""
    found = []
    groups = con.execute("""
        select table_name, record_key,
               list((fetched_at, source_file, record_index, record::varchar)
                    order by fetched_at, source_file, record_index)
        from _load_rows
        semi join (select table_name, record_key from _load_rows group by all
                   having count(distinct record::varchar) > 1) using (table_name, record_key)
        group by all order by all""").fetchall()
    for table, key, copies in groups:
        kept = copies[-1]
        others = [c for c in copies[:-1] if _differ(c[3], kept[3])]
        if others:
            found.append(Conflict(table, key, kept[1], tuple(sorted({c[1] for c in others})),
                                  any(c[0] == kept[0] for c in others)))
    return found


def _conflicts_with_stored(con, schema: str, table: str, now, latest: str) -> list[Conflict]:
    """Incoming copies that differ from the stored copy fetched at the same time, or from a copy
    an earlier batch of this load wrote (as if both had come in one batch)."""
    # Keys first, from the small columns only: reading the stored records of every row the join
    # scans would read the whole table for each batch.
    keys = [key for (key,) in con.execute(f"""
        select i.record_key
        from {latest} as i join {schema}.{table} as t on t.record_key = i.record_key
        where i.table_name = ? and t.source_file <> i.source_file
          and (t.fetched_at = i.fetched_at or t.loaded_at = ?)""", [table, now]).fetchall()]
    if not keys:
        return []
    pairs = con.execute(f"""
        select i.record_key, i.source_file, i.fetched_at, i.record::varchar,
               t.source_file, t.fetched_at, t.record::varchar
        from {latest} as i join {schema}.{table} as t on t.record_key = i.record_key
        where i.table_name = ? and list_contains(?, t.record_key)
          and t.source_file <> i.source_file
          and (t.fetched_at = i.fetched_at or t.loaded_at = ?)
          and t.record::varchar <> i.record::varchar
        order by 1""", [table, keys, now]).fetchall()
    found = []
    for key, new_file, new_at, new, old_file, old_at, old in pairs:
        if not _differ(new, old):
            continue
        new_wins = (new_at, new_file) >= (old_at, old_file)
        kept, other = (new_file, old_file) if new_wins else (old_file, new_file)
        found.append(Conflict(table, key, kept, (other,), new_at == old_at))
    return found


def _upsert(con, schema: str, table: str, now, latest: str, any_stored: bool) -> None:
    """Write the latest copy of each key, unless the stored copy was fetched later: stored keys
    are updated, new keys inserted (a plain insert is much cheaper than ON CONFLICT)."""
    if not any_stored:
        con.execute(f"""
            insert into {schema}.{table}
                (record_key, record, source_file, request_path, fetched_at, loaded_at, origin)
            select record_key, record, source_file, request_path, fetched_at, ?, origin
            from {latest} where table_name = ?
        """, [now, table])
        return
    con.execute(f"""
        update {schema}.{table} as stored set
            record = incoming.record,
            source_file = incoming.source_file,
            request_path = incoming.request_path,
            fetched_at = incoming.fetched_at,
            loaded_at = ?,
            origin = incoming.origin
        from {latest} as incoming
        where incoming.table_name = ? and stored.record_key = incoming.record_key
          and (incoming.fetched_at > stored.fetched_at
               or (incoming.fetched_at = stored.fetched_at
                   and incoming.source_file >= stored.source_file))
    """, [now, table])
    con.execute(f"""
        insert into {schema}.{table}
            (record_key, record, source_file, request_path, fetched_at, loaded_at, origin)
        select record_key, record, source_file, request_path, fetched_at, ?, origin
        from {latest} as incoming
        where table_name = ?
          and not exists (select 1 from {schema}.{table} as stored
                          where stored.record_key = incoming.record_key)
    """, [now, table])


def _write_rejects(con, schema: str, rejects: list[tuple], now, summary: LoadSummary) -> None:
    summary.records_rejected += len(rejects)
    summary.rejected += [(rel, index, reason) for rel, index, _, reason, _ in rejects]
    if rejects:
        con.executemany(f"insert into {schema}._rejects values (?, ?, ?, ?, ?::json, ?)",
                        [(*reject, now) for reject in rejects])
        log.warning("load %s: %d records rejected (see %s._rejects)", schema, len(rejects),
                    schema)


def _write_batch(con, source: str, read: list[Landed], rejects: list[tuple],
                 pending: list[_Pending], now, summary: LoadSummary) -> None:
    """Record the batch's quarantined files, upsert its rows, record rejects, conflicts and the
    loaded files: one transaction, set-based statements."""
    import pyarrow as pa

    schema = f"raw_{source}"
    rejected = Counter(rel for rel, *_ in rejects)
    text = pa.string()
    files = pa.table({
        "source_file": pa.array([f.rel for f in read], text),
        "sha256": pa.array([f.digest for f in read], text),
        "kind": pa.array([f.kind for f in read], text),
        "origin": pa.array([f.origin for f in read], text),
        "base_url": pa.array([f.base_url for f in read], text),
        "fetched_at": pa.array([f.fetched_at for f in read], pa.timestamp("us", tz="UTC")),
        "rejected": pa.array([rejected[f.rel] for f in read], pa.int32()),
    })
    repeated = con.execute("select count(*) > count(distinct (table_name, record_key)) "
                           "from _load_rows").fetchall()[0][0]
    # The latest copy of each key (the batch's rows themselves when no key repeats).
    latest = "_load_latest" if repeated else "_load_rows"
    if repeated:
        con.execute("""create or replace temp table _load_latest as
                       select * from _load_rows
                       qualify row_number() over (partition by table_name, record_key
                           order by fetched_at desc, source_file desc, record_index desc) = 1""")

    counts = con.execute("""select table_name, origin, count(*) from _load_rows
                            group by all order by all""").fetchall()
    con.register("_load_read_files", files)
    con.execute("begin transaction")
    try:
        _record_quarantine(con, schema, sorted(pending, key=lambda p: p.rel), now, summary)
        con.execute(f"delete from {schema}._rejects where source_file in "
                    "(select source_file from _load_read_files)")
        conflicts = _conflicts_in_batch(con) if repeated else []
        for table in sorted({table for table, _, _ in counts}):
            any_stored = con.execute(f"""
                select count(*) > 0 from {latest} as incoming
                semi join {schema}.{table} as stored using (record_key)
                where incoming.table_name = ?""", [table]).fetchall()[0][0]
            if any_stored:
                conflicts += _conflicts_with_stored(con, schema, table, now, latest)
            _upsert(con, schema, table, now, latest, any_stored)
        _write_rejects(con, schema, rejects, now, summary)
        if conflicts:
            con.executemany(f"insert into {schema}._conflicts values (?, ?, ?, ?, ?, ?)",
                            [(c.table, c.key, c.kept, list(c.others), c.same_fetch_time, now)
                             for c in conflicts])
        con.execute(f"""
            insert or replace into {schema}._loaded_files
                (source_file, sha256, kind, records, loaded_at, origin, base_url, fetched_at,
                 rejected)
            select files.source_file, files.sha256, files.kind, coalesce(rows.n, 0), ?,
                   files.origin, files.base_url, files.fetched_at, files.rejected
            from _load_read_files as files
            left join (select source_file, count(*) as n from _load_rows group by all) as rows
                using (source_file)
        """, [now])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister("_load_read_files")
    summary.conflicts += conflicts
    for table, origin, n in counts:
        summary.rows_by_kind[table] = summary.rows_by_kind.get(table, 0) + n
        summary.origins[origin] = summary.origins.get(origin, 0) + n


def _flush(con, source: str, batch: _Batch, quarantine_dir: Path, now,
           summary: LoadSummary) -> None:
    if not batch.files and not batch.pending:
        return
    read, rejects = _read_batch(con, source, batch, quarantine_dir, summary)
    _write_batch(con, source, read, rejects, batch.pending, now, summary)
    _move_quarantined(sorted(batch.pending, key=lambda p: p.rel))


def load_time(con, source: str) -> datetime:
    """This load's `loaded_at`: now, or just after the latest one stored if the clock went back.

    Every row a load writes carries it, and the incremental staging models take the rows loaded
    after the latest `loaded_at` they hold: it must grow from load to load.
    """
    maxima = " union all ".join(f"select max(loaded_at) as latest from raw_{source}.{table}"
                                for table in TABLES[source])
    latest = con.execute(f"select max(latest) from ({maxima})").fetchall()[0][0]
    now = utc_now()
    return now if latest is None or now > latest else latest + timedelta(microseconds=1)


# Bodies read and written per transaction: memory stays bounded however much is landed.
BATCH_BYTES = 64 << 20
BATCH_FILES = 1000


def load_landing(con, landing_dir: Path, quarantine_dir: Path, *, source: str = "fec",
                 progress_every: int = 200, batch_bytes: int = BATCH_BYTES,
                 batch_files: int = BATCH_FILES, memory_limit: str | None = "512MB",
                 wal_limit: str | None = "512MB") -> LoadSummary:
    """Load every landed `source` file not loaded yet into the raw tables.

    Files are read and written in batches (about `batch_bytes` of bodies, at most `batch_files`
    files), each in one transaction with its bookkeeping: a load that stops (killed, a full disk)
    keeps the batches that committed and the next load takes up exactly the files that are not
    recorded as loaded. Quarantined files are moved once their batch has committed. DuckDB's
    memory is capped at `memory_limit` while loading, and it checkpoints when its write-ahead log
    passes `wal_limit` (None: leave either as it is).
    """
    if source not in KINDS:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(KINDS)}")
    schema = f"raw_{source}"
    summary = LoadSummary(source=source, quarantine_dir=str(quarantine_dir))
    root = Path(landing_dir) / source
    con.execute("begin transaction")
    try:
        ensure_schema(con, source)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    now = load_time(con, source)
    if not root.exists():
        log.info("load %s: %s", source, summary)
        return summary
    previous = {}
    # DuckDB checkpoints once its write-ahead log passes `checkpoint_threshold` (16 MB by
    # default), and a checkpoint's cost grows with the table: at one per batch a large load
    # slows down as it goes. Fewer, later checkpoints; the log stays bounded.
    for name, value in (("memory_limit", memory_limit), ("checkpoint_threshold", wal_limit)):
        if value:
            previous[name] = con.execute(f"select current_setting('{name}')").fetchall()[0][0]
            con.execute(f"set {name} = '{value}'")
    try:
        done = dict(con.execute(f"select source_file, sha256 from {schema}._loaded_files"
                                ).fetchall())
        files = _landed_files(root)
        batch = _Batch()
        for number, path in enumerate(files, 1):
            summary.files_seen += 1
            rel = path.relative_to(landing_dir).as_posix()
            try:
                if path.suffix != ".json":
                    raise QuarantineError(stray_reason(path))
                digest = file_sha256(path)
                if done.get(rel) == digest:
                    summary.files_skipped += 1
                    continue
                landed = inspect_landed(path, rel, digest, root, source)
                batch.files.append(landed)
                batch.bytes += landed.size
            except QuarantineError as exc:
                batch.pending.append(_Pending(path, rel, str(exc), Path(quarantine_dir) / rel))
            except (OSError, ValueError, RecursionError) as exc:  # one bad file never stops a load
                batch.pending.append(_Pending(
                    path, rel, f"could not be read: {type(exc).__name__}: {exc}",
                    Path(quarantine_dir) / rel))
            if batch.bytes >= batch_bytes or len(batch.files) >= batch_files:
                _flush(con, source, batch, quarantine_dir, now, summary)
                batch = _Batch()
            if number % progress_every == 0:
                log.info("load %s: read %d of %d files", source, number, len(files))
        _flush(con, source, batch, quarantine_dir, now, summary)
    finally:
        for name in ("_load_rows", "_load_latest", "_load_parsed", "_load_docs", "_load_keyed"):
            con.execute(f"drop table if exists temp.{name}")
        for name, value in previous.items():
            con.execute(f"set {name} = '{value}'")
    log.info("load %s: %s", source, summary)
    return summary


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


def figures_resolved(resolution_json: str | None) -> int:
    """How many watchlist figures the FEC resolution links to a candidate or committee."""
    if not resolution_json:
        return 0
    links = json.loads(resolution_json).get("links") or []
    return len({lk["owner_id"] for lk in links if lk.get("owner_type") == "figure"})


def load_config(con, watchlist: Watchlist, resolution_json: str | None) -> None:
    """Replace the raw_config tables with the current watchlist and FEC ID resolution."""
    con.execute(f"create schema if not exists {CONFIG_SCHEMA}")
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.watchlist_figures (
        figure_id varchar primary key, figure_name varchar, figure_type varchar,
        party varchar, candidate_ids varchar[], committee_ids varchar[], searches json,
        lobbying_names varchar[])""")
    con.executemany(
        f"insert into {CONFIG_SCHEMA}.watchlist_figures values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(f.id, f.name, f.type, f.party, list(f.candidate_ids), list(f.committee_ids),
          json.dumps([s.__dict__ for s in f.search]), list(f.lobbying_names))
         for f in watchlist.figures],
    )
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.watchlist_industries (
        industry_id varchar primary key, industry_name varchar, opensecrets_codes varchar[],
        employer_patterns varchar[], organization_patterns varchar[],
        pac_committee_ids varchar[], pac_names varchar[], lobbying_issue_terms varchar[],
        lobbying_issue_codes varchar[])""")
    con.executemany(
        f"insert into {CONFIG_SCHEMA}.watchlist_industries values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i.id, i.name, list(i.opensecrets_codes), list(i.employer_patterns),
          list(i.organization_patterns), list(i.pac_committee_ids), list(i.pac_names),
          list(i.lobbying_issue_terms), list(i.lobbying_issue_codes))
         for i in watchlist.industries],
    )
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.fec_links (
        owner_type varchar, owner_id varchar, candidate_id varchar, committee_id varchar,
        method varchar, evidence varchar, cycles integer[], resolved_at varchar)""")
    if resolution_json:
        data = json.loads(resolution_json)
        con.executemany(
            f"insert into {CONFIG_SCHEMA}.fec_links values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(lk["owner_type"], lk["owner_id"], lk["candidate_id"], lk["committee_id"],
              lk["method"], lk["evidence"], [int(c) for c in lk.get("cycles") or []],
              data.get("resolved_at")) for lk in data["links"]],
        )
