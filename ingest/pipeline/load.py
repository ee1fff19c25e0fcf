"""The load steps (single writer): landed API responses and the watchlist into ``raw_fec`` /
``raw_lda`` / ``raw_config``; FEC bulk zips fetched into ``$INFLUENCE_DATA_DIR/bulk/`` and loaded
into ``raw_fec_bulk``; and whether the bulk DAG must build after its load.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ingest.common.settings import Settings
from ingest.common.warehouse import (
    connect,
    writer_lock,
)
from ingest.pipeline.failures import StepFailed

log = logging.getLogger(__name__)


SOURCES = ("fec", "lda")


def load_step(settings: Settings, sources: tuple[str, ...] = SOURCES) -> dict:
    """Load new landing files of `sources` and the watchlist into the warehouse (single writer).

    Each source loads in its own transaction; a source that fails does not stop the other, and
    the step then fails naming it. A DAG loads only its own source: another source's files
    may be half landed by that source's run (its totals without its receipts), and are loaded
    by that run once its extract is done. The step also fails, after loading, when no watchlist figure is
    resolved to FEC IDs: every mart about figures would be empty, and dbt's tests would fail
    without saying why.
    """
    from ingest.common.watchlist import load_watchlist, resolution_path
    from ingest.load.bookkeeping import step_result
    from ingest.load.config import figures_resolved, load_config
    from ingest.load.responses import load_landing

    unknown = sorted(set(sources) - set(SOURCES))
    if unknown or not sources:
        raise ValueError(f"load_step: sources must be some of {SOURCES}, got {sources!r}")
    watchlist = load_watchlist(settings.watchlist_path)
    res_path = resolution_path(settings.state_dir)
    resolution_json = res_path.read_text(encoding="utf-8") if res_path.exists() else None
    summaries, failures = [], []
    with writer_lock(settings.warehouse_path):
        _remove_stale_publish_files(settings)
        con = connect(settings.warehouse_path, wait=settings.reader_wait_seconds)
        try:
            for source in sources:
                try:
                    summaries.append(load_landing(con, settings.landing_dir,
                                                  settings.quarantine_dir, source=source))
                except Exception as exc:  # the other source still loads; reported below
                    log.exception("load %s failed", source)
                    failures.append(f"{source}: {type(exc).__name__}: {exc}")
            load_config(con, watchlist, resolution_json)
        finally:
            con.close()
    if failures:
        raise StepFailed("load failed (nothing of the failed source was written or moved): "
                         + "; ".join(failures))
    if watchlist.figures and not figures_resolved(resolution_json):
        why = (f"{res_path} does not exist" if resolution_json is None
               else f"{res_path} links none of the {len(watchlist.figures)} watchlist figures")
        raise StepFailed(f"run `influence extract` first: no figure is resolved ({why}). "
                         "The landing files were loaded; the marts need the resolution.")
    return step_result(summaries, settings.quarantine_dir)


def bulk_fetch_step(settings: Settings, name: str, cycle: int | None = None) -> dict:
    """Fetch the FEC bulk zip `name` for the configured bulk cycles (or only `cycle`) into
    ``$INFLUENCE_DATA_DIR/bulk/``, with its header file, and record each zip's as-of date.

    Unchanged zips are not copied again. A header that cannot be had is a warning: the
    catalogue's columns (checked against the FEC's headers) are used instead.
    """
    from ingest.common.fec_bulk_files import bulk_file, is_url, local_base, public_location
    from ingest.sources.fec_bulk.as_of import record_as_of
    from ingest.sources.fec_bulk.download import fetch, fetch_header
    from ingest.sources.fec_bulk.remote import FetchError

    spec = bulk_file(name)
    base = settings.bulk_base_url
    if not is_url(base) and not local_base(base).is_dir():
        bundled = settings.mode == "offline" and Path(base) == Path(settings.snapshot_dir) / "bulk"
        raise StepFailed(
            f"the FEC bulk folder {base} does not exist"
            + (" (the offline snapshot holds no bulk files yet)" if bundled else "")
            + ": set FEC_BULK_BASE_URL to https://www.fec.gov/files/bulk-downloads or to a "
            "folder in the FEC's layout (2020/indiv20.zip, data_dictionaries/"
            "indiv_header_file.csv, optionally bulk_manifest.json)")
    if spec.header_published:
        try:
            fetch_header(base, name, settings.bulk_dir)
            header = "published"
        except FetchError as exc:
            log.warning("%s: no header file (%s); the catalogue's columns will be used", name, exc)
            header = f"catalogue (no header file: {exc})"
    else:
        header = "catalogue (the FEC publishes none)"
    files, failures = [], []
    for one in (cycle,) if cycle else settings.bulk_cycles:
        try:
            result = fetch(base, one, name, settings.bulk_dir)
        except FetchError as exc:
            log.error("%s: %s", spec.zip_path(one), exc)
            failures.append(f"{spec.zip_path(one)}: {exc}")
            continue
        as_of = record_as_of(result.local_path, spec.zip_path(one))
        files.append({"cycle": result.cycle, "zip": spec.zip_path(one), "source": result.source,
                      "changed": result.changed, "bytes": result.bytes, "size": result.size,
                      "sha256": result.sha256, "by_date_members": result.by_date_members,
                      "as_of": as_of.as_of.isoformat() if as_of.as_of else None,
                      "as_of_basis": as_of.basis})
    if failures:
        raise StepFailed(f"bulk fetch {name} failed: " + "; ".join(failures))
    return {"step": f"bulk fetch {name}", "name": name, "base": public_location(base),
            "header": header, "files": files,
            "changed": sum(f["changed"] for f in files), "bytes": sum(f["bytes"] for f in files)}


def bulk_load_step(settings: Settings, *, force: bool = False) -> dict:
    """Load every fetched FEC bulk zip of the configured files and cycles into ``raw_fec_bulk``
    (single writer); a zip already loaded with the same sha256 is skipped unless `force`.

    Each file loads in its own transaction: one that fails keeps its cycle's old rows, the others
    load, and the step then fails naming it. The summary lists rows in, loaded and rejected per
    file and the first rejects with their reasons.
    """
    from ingest.load.bulk import SCHEMA, SHOW, load_bulk

    with writer_lock(settings.warehouse_path):
        con = connect(settings.warehouse_path)
        try:
            results = load_bulk(con, settings.bulk_dir, settings.bulk_files, settings.bulk_cycles,
                                force=force)
        finally:
            con.close()
    loaded = [r for r in results if r.status == "loaded"]
    rejected = sum(r.rows_rejected for r in loaded)
    shown = [line for r in loaded for line in r.rejects][:SHOW]
    if rejected > len(shown):
        shown.append(f"and {rejected - len(shown):,} more: see {SCHEMA}._rejects")
    summary = {
        "step": "bulk load",
        "files": [{key: value for key, value in r.as_dict().items() if key != "rejects"}
                  for r in results],
        "files_loaded": len(loaded),
        "files_unchanged": sum(r.status == "unchanged" for r in results),
        "files_not_fetched": sum(r.status == "not fetched" for r in results),
        "rows_in": sum(r.rows_in for r in loaded),
        "rows_loaded": sum(r.rows_loaded for r in loaded),
        "rows_rejected": rejected,
        "rejects": shown,
    }
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise StepFailed("bulk load failed (their cycles keep the rows they had): "
                         + "; ".join(f"{r.source_file}: {r.error}" for r in failed))
    return summary


def bulk_needs_build(settings: Settings, loaded: dict) -> bool:
    """Whether the bulk DAG must build, gate and publish after its load step.

    True when the load step (its summary `loaded`) loaded any file, or when the published file
    is missing or older than the last bulk load recorded in ``raw_fec_bulk._loaded_files`` (a
    load whose build failed or never ran, e.g. by ``influence bulk``). False otherwise: the
    published file already holds every bulk row, and an unchanged rerun stops here instead of
    rebuilding the same marts. Reads the warehouse read-only under the writer lock.
    """
    if loaded.get("files_loaded"):
        log.info("%d bulk file(s) loaded: build", loaded["files_loaded"])
        return True
    published = settings.published_path
    if not published.is_file():
        log.info("%s does not exist: build", published)
        return True
    import duckdb

    from ingest.load.bulk import SCHEMA

    if not settings.warehouse_path.is_file():
        return True
    with writer_lock(settings.warehouse_path):
        con = connect(settings.warehouse_path, read_only=True)
        try:
            last = con.execute(f"select max(loaded_at) from {SCHEMA}._loaded_files").fetchone()[0]
        except duckdb.CatalogException:
            last = None
        finally:
            con.close()
    if last is not None and published.stat().st_mtime <= last.timestamp():
        log.info("%s (published %s) is older than the last bulk load (%s): build", published,
                 published.stat().st_mtime, last.isoformat())
        return True
    log.info("no bulk file changed and %s is newer than the last bulk load (%s): nothing to "
             "build", published, last.isoformat() if last else "none")
    return False


def _remove_stale_publish_files(settings: Settings) -> None:
    """Delete what a killed publish left (its temporary copy and WAL). Called under the writer
    lock, so no publish is running."""
    from ingest.publish.release import remove_stale_temp_files

    remove_stale_temp_files(settings.published_path)
