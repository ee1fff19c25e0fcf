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
  1970-01-01 UTC, so any recorded fetch beats it. Keys whose copies differ within one load, or
  differ from the stored copy at the same fetch time, are reported in the summary and in
  ``raw_<source>._conflicts``.
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
  ``$INFLUENCE_DATA_DIR/quarantine/`` only after the load's transaction commits.
* Each source loads in one transaction: if it fails, nothing is written and nothing is moved.
  ``raw_<source>._loaded_files`` remembers every file loaded (path, checksum, origin): loading the
  same files twice changes nothing. Sidecars and hidden files (the landing's in-progress
  temporaries) are not bodies.
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
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
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
class LandedBody:
    rel: str
    digest: str
    kind: str
    origin: str
    base_url: str | None
    fetched_at: datetime
    request_path: str | None
    parsed: Parsed


def read_landed(path: Path, rel: str, digest: str, root: Path, source: str) -> LandedBody:
    """One landed body with its sidecar, ready to write; or raise `QuarantineError`."""
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
    list_name = ""
    if source == "lda" and kind == "constants":
        list_name = constants_list_name({"path": request_path}, parts[1] if len(parts) > 2 else "")
    parsed = read_body(source, kind, path.read_bytes(), request_path=request_path,
                       list_name=list_name)
    return LandedBody(rel, digest, kind, origin_of(meta), public_base_url((meta or {}).get(
        "base_url")), fetched_at, request_path, parsed)


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


def _record_quarantine(con, schema: str, item: _Pending, now, summary: LoadSummary) -> None:
    con.execute(f"insert into {schema}._quarantine values (?, ?, ?, ?)",
                [item.rel, item.reason, str(item.target), now])
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


def _order(row: tuple):
    """Latest fetch wins, then the greater file path, then the later record in the file."""
    return row[4], row[2], row[6]


def _conflicts_in_batch(table: str, rows: list[tuple]) -> list[Conflict]:
    copies: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        copies[row[0]].append(row)
    found = []
    for key, group in copies.items():
        if len(group) < 2:
            continue
        kept = max(group, key=_order)
        differing = [row for row in group if row[1] != kept[1]]
        content = json.loads(kept[1]) if differing else None
        others = [row for row in differing if json.loads(row[1]) != content]
        if others:
            found.append(Conflict(table, key, kept[2], tuple(sorted({r[2] for r in others})),
                                  any(r[4] == kept[4] for r in others)))
    return found


def _conflicts_with_stored(con, schema: str, table: str) -> list[Conflict]:
    """Incoming copies that differ from the stored copy fetched at the same time."""
    pairs = con.execute(f"""
        select i.record_key, i.source_file, i.record, t.source_file, t.record::varchar
        from incoming i join {schema}.{table} t on t.record_key = i.record_key
        where t.fetched_at = i.fetched_at and t.source_file <> i.source_file""").fetchall()
    found = []
    for key, new_file, new, old_file, old in pairs:
        if json.loads(new) != json.loads(old):
            kept, other = (new_file, old_file) if new_file > old_file else (old_file, new_file)
            found.append(Conflict(table, key, kept, (other,), True))
    return found


def _upsert(con, schema: str, table: str, rows: list[tuple]) -> list[Conflict]:
    """Write the latest copy of each key; return the conflicts found on the way."""
    import pandas as pd

    latest: dict[str, tuple] = {}
    for row in sorted(rows, key=_order):
        latest[row[0]] = row
    frame = pd.DataFrame(
        [row[:6] for row in latest.values()],
        columns=["record_key", "record", "source_file", "request_path", "fetched_at", "origin"],
    )
    con.register("incoming", frame)
    try:
        conflicts = _conflicts_with_stored(con, schema, table)
        con.execute(f"""
            insert into {schema}.{table}
                (record_key, record, source_file, request_path, fetched_at, loaded_at, origin)
            select record_key, record::json, source_file, request_path, fetched_at, ?, origin
            from incoming
            on conflict (record_key) do update set
                record = excluded.record,
                source_file = excluded.source_file,
                request_path = excluded.request_path,
                fetched_at = excluded.fetched_at,
                loaded_at = excluded.loaded_at,
                origin = excluded.origin
            where excluded.fetched_at > {schema}.{table}.fetched_at
               or (excluded.fetched_at = {schema}.{table}.fetched_at
                   and excluded.source_file >= {schema}.{table}.source_file)
        """, [utc_now()])
    finally:
        con.unregister("incoming")
    return conflicts


def _write_rejects(con, schema: str, bodies: list[LandedBody], now, summary: LoadSummary) -> None:
    rows = []
    for body in bodies:
        for index, reason, value in body.parsed.rejects:
            rows.append((body.rel, index, body.kind, reason, json.dumps(value), now))
            summary.rejected.append((body.rel, index, reason))
    summary.records_rejected += len(rows)
    if rows:
        con.executemany(f"insert into {schema}._rejects values (?, ?, ?, ?, ?::json, ?)", rows)
        log.warning("load %s: %d records rejected (see %s._rejects)", schema, len(rows), schema)


def _write_bodies(con, schema: str, bodies: list[LandedBody], now, summary: LoadSummary) -> None:
    """Upsert every loadable row, record rejects, conflicts and the loaded files."""
    if not bodies:
        return
    con.executemany(f"delete from {schema}._rejects where source_file = ?",
                    [(body.rel,) for body in bodies])
    by_table: dict[str, list[tuple]] = defaultdict(list)
    for body in bodies:
        for table, key, record, index in body.parsed.rows:
            by_table[table].append((key, json.dumps(record), body.rel, body.request_path,
                                    body.fetched_at, body.origin, index))
        summary.origins[body.origin] = (summary.origins.get(body.origin, 0)
                                        + len(body.parsed.rows))
    for table, rows in sorted(by_table.items()):
        summary.conflicts += _conflicts_in_batch(table, rows)
        summary.conflicts += _upsert(con, schema, table, rows)
        summary.rows_by_kind[table] = summary.rows_by_kind.get(table, 0) + len(rows)
    _write_rejects(con, schema, bodies, now, summary)
    if summary.conflicts:
        con.executemany(f"insert into {schema}._conflicts values (?, ?, ?, ?, ?, ?)",
                        [(c.table, c.key, c.kept, list(c.others), c.same_fetch_time, now)
                         for c in summary.conflicts])
    con.executemany(
        f"""insert or replace into {schema}._loaded_files
            (source_file, sha256, kind, records, loaded_at, origin, base_url, fetched_at,
             rejected) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(b.rel, b.digest, b.kind, len(b.parsed.rows), now, b.origin, b.base_url, b.fetched_at,
          len(b.parsed.rejects)) for b in bodies],
    )


def _read_all(con, landing_dir: Path, root: Path, quarantine_dir: Path, source: str,
              summary: LoadSummary, now, progress_every: int) -> tuple[list, list]:
    """Read every landed file not loaded yet: (bodies to write, files to quarantine)."""
    schema = f"raw_{source}"
    done = dict(con.execute(f"select source_file, sha256 from {schema}._loaded_files").fetchall())
    files = _landed_files(root)
    bodies: list[LandedBody] = []
    pending: list[_Pending] = []
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
            bodies.append(read_landed(path, rel, digest, root, source))
            summary.files_loaded += 1
        except QuarantineError as exc:
            pending.append(_Pending(path, rel, str(exc), Path(quarantine_dir) / rel))
        except (OSError, ValueError, RecursionError) as exc:  # one bad file never stops a load
            pending.append(_Pending(path, rel, f"could not be read: {type(exc).__name__}: {exc}",
                                    Path(quarantine_dir) / rel))
        if number % progress_every == 0:
            log.info("load: read %d of %d files", number, len(files))
    for item in pending:
        _record_quarantine(con, schema, item, now, summary)
    return bodies, pending


def load_landing(con, landing_dir: Path, quarantine_dir: Path, *, source: str = "fec",
                 progress_every: int = 200) -> LoadSummary:
    """Load every landed `source` file not loaded yet into the raw tables, in one transaction;
    quarantined files are moved only once it has committed."""
    if source not in KINDS:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(KINDS)}")
    schema = f"raw_{source}"
    summary = LoadSummary(source=source, quarantine_dir=str(quarantine_dir))
    root = Path(landing_dir) / source
    now = utc_now()
    con.execute("begin transaction")
    try:
        ensure_schema(con, source)
        pending: list[_Pending] = []
        if root.exists():
            bodies, pending = _read_all(con, Path(landing_dir), root, Path(quarantine_dir),
                                        source, summary, now, progress_every)
            _write_bodies(con, schema, bodies, now, summary)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    _move_quarantined(pending)
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
