"""Writing a batch in one transaction: conflicts between copies, the upsert (latest fetch wins),
rejects, and the loaded files recorded with their checksum and origin.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

from ingest.load.batch_read import _Batch, _read_batch
from ingest.load.bookkeeping import Conflict, LoadSummary, _move_quarantined, _Pending, _record_quarantine
from ingest.load.landed import Landed

log = logging.getLogger(__name__)


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
