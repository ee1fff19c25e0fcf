"""Load landed API responses (FEC and LDA) into DuckDB raw tables, idempotently.

* One raw table per source and landing kind (``raw_fec.schedule_a``, ``raw_lda.filings``),
  keyed on the natural key (FEC: ``sub_id`` for itemized schedules, ``committee_id``,
  ``candidate_id``, committee and cycle for totals; LDA: ``filing_uuid`` for filings and LD-203
  reports, ``id`` for registrants, clients and lobbyists, list and value for constants). Each row
  keeps the whole API record as JSON, so fields not modelled yet are not lost; a record fetched
  again replaces the older copy.
* ``raw_<source>._loaded_files`` remembers every file loaded (path and checksum): loading the
  same files twice changes nothing.
* A file that cannot be parsed, or whose records lack their key, is moved to
  ``$INFLUENCE_DATA_DIR/quarantine/`` with a ``.reason.txt`` beside it, recorded in
  ``raw_<source>._quarantine`` and counted; the other files still load.
* The watchlist and the FEC ID resolution are written to ``raw_config`` tables on every load.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.fec import settings as fec
from ingest.landing import file_sha256, is_body_file, read_sidecar, sidecar_for, utc_now
from ingest.lda import settings as lda
from ingest.watchlist import Watchlist

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw_fec"
CONFIG_SCHEMA = "raw_config"
KINDS = {"fec": fec.KINDS, "lda": lda.KINDS}


class QuarantineError(ValueError):
    """A landed file that cannot be loaded; the message is the reason recorded."""


def record_key(kind: str, record: dict) -> str:
    """The natural key of one API record, or raise `QuarantineError`."""
    if kind in ("schedule_a", "schedule_b", "schedule_e"):
        key = record.get("sub_id")
        name = "sub_id"
    elif kind == "committees":
        key = record.get("committee_id")
        name = "committee_id"
    elif kind == "candidates":
        key = record.get("candidate_id")
        name = "candidate_id"
    elif kind == "totals":
        owner = record.get("committee_id") or record.get("candidate_id")
        cycle = record.get("cycle")
        key = f"{owner}|{cycle}" if owner and cycle is not None else None
        name = "committee_id and cycle"
    else:
        raise QuarantineError(f"unknown kind {kind!r}; expected one of {', '.join(fec.KINDS)}")
    if key is None or str(key).strip() == "":
        raise QuarantineError(f"a record has no {name}")
    return str(key)


def parse_body(kind: str, raw: bytes) -> list[tuple[str, dict]]:
    """(key, record) pairs from one response body, or raise `QuarantineError`."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuarantineError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise QuarantineError("not an OpenFEC response: no 'results' list")
    out = []
    for i, record in enumerate(data["results"]):
        if not isinstance(record, dict):
            raise QuarantineError(f"results[{i}] is not an object")
        try:
            out.append((record_key(kind, record), record))
        except QuarantineError as exc:
            raise QuarantineError(f"results[{i}]: {exc}") from None
    return out


def lda_record_key(kind: str, record: dict, list_name: str) -> str:
    """The natural key of one LDA record, or raise `QuarantineError`."""
    if kind in ("filings", "contributions"):
        key, name = record.get("filing_uuid"), "filing_uuid"
    elif kind in ("registrants", "clients", "lobbyists"):
        key, name = record.get("id"), "id"
    elif kind == "constants":
        value = record.get("value", record.get("id"))
        key, name = (f"{list_name}|{value}" if value is not None else None), "value or id"
    else:
        raise QuarantineError(f"unknown kind {kind!r}; expected one of {', '.join(lda.KINDS)}")
    if key is None or str(key).strip() == "":
        raise QuarantineError(f"a record has no {name}")
    return str(key)


def parse_lda_body(kind: str, raw: bytes, list_name: str = "") -> list[tuple[str, dict]]:
    """(key, record) pairs from an LDA response: a page, one object, or a constants list."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuarantineError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        items = data["results"]
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and ("filing_uuid" in data or "id" in data):
        items = [data]
    elif isinstance(data, dict) and "detail" in data:
        raise QuarantineError(f"an LDA error body, not data: {str(data['detail'])[:200]}")
    else:
        raise QuarantineError("not an LDA response: no 'results', list or record")
    out = []
    for i, record in enumerate(items):
        if not isinstance(record, dict):
            raise QuarantineError(f"results[{i}] is not an object")
        try:
            out.append((lda_record_key(kind, record, list_name), record))
        except QuarantineError as exc:
            raise QuarantineError(f"results[{i}]: {exc}") from None
    return out


def constants_list_name(meta: dict, query_dir: str) -> str:
    """'filing/filingtypes' from the request path (/constants/filing/filingtypes/) or, for a file
    dropped in by hand, from its folder name ('filing-filingtypes')."""
    path = (meta.get("path") or "").strip("/")
    if path.startswith("constants/"):
        return path[len("constants/"):]
    return query_dir.replace("-", "/", 1)


@dataclass
class LoadSummary:
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped: int = 0
    files_quarantined: int = 0
    rows_by_kind: dict = field(default_factory=dict)
    quarantined: list = field(default_factory=list)

    def __str__(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in sorted(self.rows_by_kind.items())) or "none"
        return (f"{self.files_loaded} files loaded, {self.files_skipped} already loaded, "
                f"{self.files_quarantined} quarantined; rows upserted: {rows}")


def ensure_schema(con, source: str = "fec") -> None:
    schema = f"raw_{source}"
    con.execute(f"create schema if not exists {schema}")
    con.execute(f"create schema if not exists {CONFIG_SCHEMA}")
    for kind in KINDS[source]:
        con.execute(f"""
            create table if not exists {schema}.{kind} (
                record_key varchar primary key,
                record json not null,
                source_file varchar not null,
                request_path varchar,
                fetched_at timestamptz not null,
                loaded_at timestamptz not null
            )""")
    con.execute(f"""
        create table if not exists {schema}._loaded_files (
            source_file varchar primary key,
            sha256 varchar not null,
            kind varchar not null,
            records integer not null,
            loaded_at timestamptz not null
        )""")
    con.execute(f"""
        create table if not exists {schema}._quarantine (
            source_file varchar not null,
            reason varchar not null,
            moved_to varchar not null,
            quarantined_at timestamptz not null
        )""")


def _quarantine(path: Path, rel: str, reason: str, quarantine_dir: Path, con, now,
                schema: str) -> str:
    target = quarantine_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target)
    sidecar = sidecar_for(path)
    if sidecar.exists():
        shutil.move(str(sidecar), sidecar_for(target))
    target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    con.execute(f"insert into {schema}._quarantine values (?, ?, ?, ?)",
                [rel, reason, str(target), now])
    log.warning("quarantined %s: %s", rel, reason)
    return str(target)


def _upsert(con, schema: str, kind: str, rows: list[tuple]) -> None:
    import pandas as pd

    latest: dict[str, tuple] = {}
    for row in rows:  # rows arrive oldest fetch first; a later copy of a key wins
        latest[row[0]] = row
    frame = pd.DataFrame(
        list(latest.values()),
        columns=["record_key", "record", "source_file", "request_path", "fetched_at", "loaded_at"],
    )
    con.register("incoming", frame)
    try:
        con.execute(f"""
            insert into {schema}.{kind}
            select record_key, record::json, source_file, request_path, fetched_at, loaded_at
            from incoming
            on conflict (record_key) do update set
                record = excluded.record,
                source_file = excluded.source_file,
                request_path = excluded.request_path,
                fetched_at = excluded.fetched_at,
                loaded_at = excluded.loaded_at
            where excluded.fetched_at >= {schema}.{kind}.fetched_at
        """)
    finally:
        con.unregister("incoming")


def load_landing(con, landing_dir: Path, quarantine_dir: Path, *, source: str = "fec",
                 progress_every: int = 200) -> LoadSummary:
    """Load every landed `source` file not loaded yet into the raw tables."""
    if source not in KINDS:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(KINDS)}")
    schema = f"raw_{source}"
    ensure_schema(con, source)
    summary = LoadSummary()
    root = Path(landing_dir) / source
    if not root.exists():
        return summary
    done = dict(con.execute(f"select source_file, sha256 from {schema}._loaded_files").fetchall())
    now = utc_now()
    candidates = sorted(p for p in root.rglob("*.json") if is_body_file(p))
    by_kind: dict[str, list[tuple]] = {}
    loaded_files: list[tuple] = []
    for number, path in enumerate(candidates, 1):
        summary.files_seen += 1
        rel = path.relative_to(landing_dir).as_posix()
        digest = file_sha256(path)
        if done.get(rel) == digest:
            summary.files_skipped += 1
            continue
        kind = path.relative_to(root).parts[0]
        meta = read_sidecar(path) or {}
        try:
            parts = path.relative_to(root).parts
            if kind not in KINDS[source] or len(parts) < 2:
                raise QuarantineError(
                    f"not under landing/{source}/<kind>/ with kind one of {', '.join(KINDS[source])}"
                )
            if source == "fec":
                records = parse_body(kind, path.read_bytes())
            else:
                list_name = constants_list_name(meta, parts[1] if len(parts) > 2 else "")
                records = parse_lda_body(kind, path.read_bytes(), list_name)
        except QuarantineError as exc:
            moved = _quarantine(path, rel, str(exc), Path(quarantine_dir), con, now, schema)
            summary.files_quarantined += 1
            summary.quarantined.append((rel, str(exc), moved))
            continue
        fetched = meta.get("fetched_at")
        fetched_at = (datetime.fromisoformat(fetched) if fetched
                      else datetime.fromtimestamp(path.stat().st_mtime, UTC))
        for key, record in records:
            by_kind.setdefault(kind, []).append(
                (key, json.dumps(record), rel, meta.get("path"), fetched_at, now))
        loaded_files.append((rel, digest, kind, len(records), now))
        summary.files_loaded += 1
        if number % progress_every == 0:
            log.info("load: read %d of %d files", number, len(candidates))
    for kind, rows in by_kind.items():
        rows.sort(key=lambda row: (row[4], row[2]))
        _upsert(con, schema, kind, rows)
        summary.rows_by_kind[kind] = summary.rows_by_kind.get(kind, 0) + len(rows)
    if loaded_files:
        con.executemany(
            f"insert or replace into {schema}._loaded_files values (?, ?, ?, ?, ?)",
            loaded_files,
        )
    log.info("load %s: %s", source, summary)
    return summary


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
