"""The load's bookkeeping: its summary (capped lists of problems, the step's JSON result), the raw
tables and their ``_loaded_files``, ``_quarantine``, ``_rejects`` and ``_conflicts``, and the
quarantined files, moved only after their batch commits.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ingest.landing.zone import (
    SIDECAR_SUFFIX,
)
from ingest.load.records import CONFIG_SCHEMA, SHOW, TABLES

log = logging.getLogger(__name__)


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
