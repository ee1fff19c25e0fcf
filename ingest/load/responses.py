"""Load landed API responses (FEC and LDA) into DuckDB raw tables, idempotently: `load_landing`.

The rules (the other modules of `ingest.load` carry them out):

* One raw table per source and landing kind (``raw_fec.schedule_a``, ``raw_lda.filings``),
  keyed on the natural key (FEC: ``sub_id`` for itemized schedules, ``committee_id``,
  ``candidate_id``, committee and cycle for totals; LDA: ``filing_uuid`` for filings and LD-203
  reports, ``id`` for registrants, clients and lobbyists, list and value for constants). Each row
  keeps the whole API record as JSON, so fields not modelled yet are not lost.
* **Each kind takes only its own endpoints' responses** (`ingest.landing.zone.ENDPOINTS`). The
  sidecar's request path decides; a body without a sidecar is judged by its records' fields
  (`ingest.landing.zone.SHAPES`). A body from another endpoint (a ``/reports/`` or ``/filings/`` page
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

import logging
from datetime import datetime, timedelta
from pathlib import Path

from ingest.common.files import utc_now
from ingest.landing.zone import (
    file_sha256,
)
from ingest.load.batch_read import _Batch
from ingest.load.batch_write import _flush
from ingest.load.bookkeeping import LoadSummary, _Pending, ensure_schema
from ingest.load.landed import _landed_files, inspect_landed, stray_reason
from ingest.load.records import KINDS, TABLES, QuarantineError

log = logging.getLogger(__name__)


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
