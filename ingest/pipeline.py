"""The pipeline's steps, shared by the `influence` CLI and the Airflow DAGs.

resolve -> extract (per kind) -> load -> transform (dbt build) -> link -> answers (dbt build of
the models that read the links) -> validate (gate) -> publish.
The FEC bulk files have their own first half (DAG influence_fec_bulk, `influence bulk`):
bulk_fetch (per file) -> bulk_load, then the same transform -> ... -> publish.
Each step takes `Settings` and returns a small JSON-able summary (it travels through XCom).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from ingest.settings import Settings
from ingest.warehouse import (
    connect,
    extract_lock,
    is_lock_conflict,
    lock_holder,
    wait_for_readers,
    writer_child_kwargs,
    writer_lock,
)

log = logging.getLogger(__name__)


class StepFailed(RuntimeError):
    """A pipeline step failed; the message says which and why."""


class ExtractIncomplete(StepFailed):
    """Some queries of an extract step failed after every retry; the others landed. `summary` is
    the step's summary, with the failed queries in ``failed``. They resume on the next run."""

    def __init__(self, message: str, summary: dict):
        super().__init__(message)
        self.summary = summary


def _extract_result(step: str, kind: str, summary, api, started: float) -> dict:
    """An extract step's summary (calls and retries as the HTTP client counted them); raises
    `ExtractIncomplete` when a query failed."""
    stats = api.client.stats
    result = {"step": step, "kind": kind, "queries": summary.queries, "calls": summary.calls,
              "pages": summary.pages, "rows": summary.rows, "resumed": summary.resumed,
              "http": {"requests": stats.calls, "retries": stats.retries,
                       "retries_429": stats.retries_429, "bad_bodies": stats.bad_bodies,
                       "dropped": stats.dropped,
                       "waited_seconds": round(stats.waited_seconds, 1)},
              "seconds": round(time.monotonic() - started, 1), "failed": summary.failed}
    if summary.failed:
        shown = "; ".join(f"{f['query']}: {f['error']}" for f in summary.failed[:5])
        more = f"; and {len(summary.failed) - 5} more" if len(summary.failed) > 5 else ""
        raise ExtractIncomplete(
            f"{step}: {len(summary.failed)} of {summary.queries} queries failed after every "
            f"retry (the others landed; a rerun resumes them): {shown}{more}", result)
    return result


def fec_api(settings: Settings, api_key: str | None = None, base_url: str | None = None):
    """The FEC client for the configured mode: the offline snapshot, or the live API."""
    from ingest.fec.api import FecApi

    if settings.mode == "offline":
        return FecApi.offline(snapshot_dir=settings.snapshot_dir,
                              landing_dir=settings.landing_dir, state_dir=settings.state_dir)
    return FecApi.live(base_url=base_url or settings.fec_base_url, api_key=api_key or "",
                       landing_dir=settings.landing_dir, state_dir=settings.state_dir,
                       calls_per_hour=settings.fec_rate_limit_per_hour,
                       **settings.http_retry.client_kwargs())


def lda_api(settings: Settings, api_key: str | None = None, base_url: str | None = None):
    """The LDA client for the configured mode: the offline snapshot, or the live API."""
    from ingest.lda.api import LdaApi

    if settings.mode == "offline":
        return LdaApi.offline(snapshot_dir=settings.snapshot_dir,
                              landing_dir=settings.landing_dir, state_dir=settings.state_dir)
    return LdaApi.live(base_url=base_url or settings.lda_base_url, api_key=api_key,
                       landing_dir=settings.landing_dir, state_dir=settings.state_dir,
                       calls_per_minute=settings.lda_rate_limit_per_minute,
                       **settings.http_retry.client_kwargs())


def lda_extract_step(settings: Settings, kind: str, api_key: str | None = None,
                     base_url: str | None = None, full_refresh: bool = False) -> dict:
    """Pull one LDA kind (filings, contributions, entities or constants), holding the LDA
    extract lock. Raises `ExtractIncomplete` after the other queries if one failed."""
    from ingest.lda.extract import extract_lda_kind
    from ingest.watchlist import load_watchlist

    started = time.monotonic()
    watchlist = load_watchlist(settings.watchlist_path)
    api = lda_api(settings, api_key, base_url)
    with extract_lock(settings.state_dir, "lda", timeout=settings.lock_timeout_seconds):
        summary = extract_lda_kind(api, kind, watchlist, settings.lda_years,
                                   full_refresh=full_refresh)
    return _extract_result(f"extract lda {kind}", kind, summary, api, started)


def resolve_step(settings: Settings, api_key: str | None = None,
                 base_url: str | None = None, full_refresh: bool = False) -> dict:
    """Resolve the watchlist to FEC IDs and save the resolution, holding the FEC extract lock.

    A resolution saved less than ``settings.resolve_ttl_hours`` ago from the same watchlist file
    and API is reused without a call (`full_refresh` resolves again).
    """
    from ingest.fec.extract import (
        cached_resolution,
        resolution_key,
        resolution_path,
        resolve,
        save_resolution,
    )
    from ingest.watchlist import load_watchlist

    watchlist = load_watchlist(settings.watchlist_path)
    api = fec_api(settings, api_key, base_url)
    source = (f"offline:{settings.snapshot_dir}" if settings.mode == "offline"
              else api.base_url)
    key = resolution_key(settings.watchlist_path, source)
    with extract_lock(settings.state_dir, "fec", timeout=settings.lock_timeout_seconds):
        resolution = None if full_refresh else cached_resolution(
            settings.state_dir, key, settings.resolve_ttl_hours)
        cached = resolution is not None
        if cached:
            log.info("reusing the resolution of %s (younger than %.0f h; INFLUENCE_RESOLVE_TTL_"
                     "HOURS): no call", resolution.resolved_at, settings.resolve_ttl_hours)
        else:
            resolution = resolve(api, watchlist)
            resolution.key = key
        path = save_resolution(resolution, settings.state_dir) if not cached else None
    stats = api.client.stats
    return {
        "step": "resolve",
        "cached": cached,
        "resolved_at": resolution.resolved_at,
        "calls": stats.calls,
        "http": {"requests": stats.calls, "retries": stats.retries,
                 "retries_429": stats.retries_429, "bad_bodies": stats.bad_bodies,
                 "dropped": stats.dropped, "waited_seconds": round(stats.waited_seconds, 1)},
        "figures": len(watchlist.figures),
        "committees": len(resolution.committees("figure")),
        "industry_pacs": len(resolution.committees("industry")),
        "problems": resolution.problems,
        "resolution": str(path or resolution_path(settings.state_dir)),
    }


def extract_step(settings: Settings, kind: str, api_key: str | None = None,
                 base_url: str | None = None, full_refresh: bool = False) -> dict:
    """Pull one landing kind (schedule_a, schedule_b, schedule_e or totals), holding the FEC
    extract lock. Raises `ExtractIncomplete` after the other queries if one failed."""
    from ingest.fec.extract import extract_kind, load_resolution
    from ingest.watchlist import load_watchlist

    started = time.monotonic()
    watchlist = load_watchlist(settings.watchlist_path)
    api = fec_api(settings, api_key, base_url)
    with extract_lock(settings.state_dir, "fec", timeout=settings.lock_timeout_seconds):
        resolution = load_resolution(settings.state_dir)
        summary = extract_kind(api, kind, resolution, watchlist, settings.cycles,
                               full_refresh=full_refresh)
    return _extract_result(f"extract {kind}", kind, summary, api, started)


def load_step(settings: Settings) -> dict:
    """Load new landing files and the watchlist into the warehouse (single writer).

    Each source loads in its own transaction; a source that fails does not stop the other, and
    the step then fails naming it. The step also fails, after loading, when no watchlist figure is
    resolved to FEC IDs: every mart about figures would be empty, and dbt's tests would fail
    without saying why.
    """
    from ingest.fec.extract import resolution_path
    from ingest.load import figures_resolved, load_config, load_landing, step_result
    from ingest.watchlist import load_watchlist

    watchlist = load_watchlist(settings.watchlist_path)
    res_path = resolution_path(settings.state_dir)
    resolution_json = res_path.read_text(encoding="utf-8") if res_path.exists() else None
    summaries, failures = [], []
    with writer_lock(settings.warehouse_path):
        _remove_stale_publish_files(settings)
        con = connect(settings.warehouse_path, wait=settings.reader_wait_seconds)
        try:
            for source in ("fec", "lda"):
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
    from ingest.fec_bulk.as_of import record_as_of
    from ingest.fec_bulk.download import FetchError, fetch, fetch_header
    from ingest.fec_bulk.files import bulk_file, is_url, local_base, public_location

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
    from ingest.fec_bulk.load import SCHEMA, SHOW, load_bulk

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

    from ingest.fec_bulk.load import SCHEMA

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


def dbt_env(settings: Settings) -> dict:
    env = dict(os.environ)
    env.update(
        DUCKDB_PATH=str(settings.warehouse_path),
        DBT_PROFILES_DIR=str(settings.dbt_project_dir),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
        DBT_USE_COLORS="false",
        DBT_LOG_PATH=str(settings.data_dir / "logs" / "dbt"),
        DBT_TARGET_PATH=str(settings.data_dir / "dbt_target"),
    )
    return env


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    """Run a dbt command against the warehouse, streaming its output to our log."""
    command = [dbt_executable(), *args, "--project-dir", str(settings.dbt_project_dir)]
    log.info("running %s", " ".join(command))
    # dbt writes the warehouse: it inherits the writer lock and dies with this process.
    process = subprocess.Popen(command, env=dbt_env(settings), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, **writer_child_kwargs())
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        log.info("dbt | %s", line.rstrip())
    process.wait()
    return subprocess.CompletedProcess(command, process.returncode, "".join(lines), "")


# The models that read the link step's tables (schema `links`) and everything downstream of them.
ANSWERS_SELECTOR = "source:links+"


def transform_step(settings: Settings, *, answers: bool = False,
                   full_refresh: bool = False) -> dict:
    """`dbt build` (models, tests and unit tests) on the warehouse (single writer).

    Two passes around the link step: first everything that does not read the links
    (``--exclude source:links+``), then, with ``answers=True``, the answer marts that do
    (``--select source:links+``). The itemized schedules' staging is incremental (each raw row
    is read once, by the build after its load); `full_refresh` rebuilds it from every raw row.
    """
    import re

    selection = ("--select", ANSWERS_SELECTOR) if answers else ("--exclude", ANSWERS_SELECTOR)
    with writer_lock(settings.warehouse_path):
        if not answers:
            _ensure_bulk_tables(settings.warehouse_path)
        deadline = time.monotonic() + settings.reader_wait_seconds
        while True:
            # dbt opens the file itself: wait for other processes' readers first, and run it
            # again if one opened the file in between.
            wait_for_readers(settings.warehouse_path,
                             wait=max(0.0, deadline - time.monotonic()))
            result = run_dbt(settings, "build", *selection,
                             *(("--full-refresh",) if full_refresh else ()))
            if (result.returncode == 0 or not is_lock_conflict(result.stdout)
                    or time.monotonic() >= deadline):
                break
            log.warning("dbt could not open the warehouse (%s has it open): running it again",
                        lock_holder(result.stdout))
            time.sleep(1)
        rejects = None if answers else parse_reject_counts(settings.warehouse_path)
    tail = result.stdout.strip().splitlines()[-12:]
    counts = re.search(r"PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", result.stdout)
    summary = {"step": "answers" if answers else "transform", "returncode": result.returncode}
    if counts:
        summary.update(passed=int(counts[1]), warned=int(counts[2]), errors=int(counts[3]),
                       skipped=int(counts[4]))
    if rejects:
        summary["parse_rejects"] = rejects
        log.warning("values that did not parse (audit.parse_rejects): %s", rejects)
    if result.returncode != 0:
        raise StepFailed(f"dbt build {' '.join(selection)} failed:\n" + "\n".join(tail))
    return summary


def _ensure_bulk_tables(warehouse_path: Path) -> None:
    """The bulk raw tables exist (empty until `influence bulk` loads them): one set of models
    reads API and bulk rows alike, whether or not bulk files were loaded."""
    from ingest.fec_bulk.load import ensure_schema

    con = connect(warehouse_path)
    try:
        ensure_schema(con)
    finally:
        con.close()


def _remove_stale_publish_files(settings: Settings) -> None:
    """Delete what a killed publish left (its temporary copy and WAL). Called under the writer
    lock, so no publish is running."""
    from ingest.publish import remove_stale_temp_files

    remove_stale_temp_files(settings.published_path)


def parse_reject_counts(warehouse_path: Path) -> dict:
    """Values that did not parse, by source table, column and reason ("raw_fec.schedule_a
    amount: not a number" -> n), with how many of them sit on counted rows; {} when none."""
    import duckdb

    try:
        con = connect(warehouse_path, read_only=True)
    except duckdb.Error:
        return {}
    try:
        rows = con.execute("""
            select source_table || ' ' || column_name || ': ' || reason, count(*),
                   count(*) filter (where counts_toward_total)
            from audit.parse_rejects group by all order by 1""").fetchall()
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()
    return {label: {"rows": n, "on_counted_rows": counted} for label, n, counted in rows}


def answers_step(settings: Settings) -> dict:
    """The second `dbt build`: the answer marts that use the links (single writer)."""
    return transform_step(settings, answers=True)


def link_step(settings: Settings) -> dict:
    """Entity resolution (donors, lobbyists <-> donors) into schema ``links`` (single writer)."""
    from ingest.linkage import run_linkage

    return run_linkage(settings.warehouse_path, settings.review_dir)


def validate_step(settings: Settings) -> dict:
    """Run the Great Expectations gate on the warehouse under the writer lock (its read-only
    handle would block writers); raises `GateFailed` on a failure, after withdrawing the receipt
    of any earlier pass."""
    from ingest.validation import GateFailed, receipt_path, run_gate

    with writer_lock(settings.warehouse_path):
        try:
            result = run_gate(settings.warehouse_path, state_dir=settings.state_dir,
                              review_dir=settings.review_dir)
        except GateFailed:
            receipt_path(settings.state_dir).unlink(missing_ok=True)
            raise
    return {"step": "validate", "expectations": result.evaluated, "passed": result.passed}


def publish_step(settings: Settings) -> dict:
    """Publish the validated warehouse to influence.duckdb atomically (single writer).

    Gate and publish are one critical section: if another run changed the warehouse after this
    one's gate passed (the receipt no longer matches the file), the gate runs again under the
    same writer lock before the copy, so what is published is always what was validated and an
    overlapping run never makes the publish fail. With no passing receipt at all (never
    validated, or the last gate failed) the publish is refused.
    """
    from ingest.linkage import load_config
    from ingest.publish import publish
    from ingest.validation import has_valid_receipt, receipt_path

    revalidated = False
    with writer_lock(settings.warehouse_path):
        if (receipt_path(settings.state_dir).exists()
                and not has_valid_receipt(settings.warehouse_path, settings.state_dir)):
            log.warning("the warehouse changed after its gate passed (another run wrote to it): "
                        "running the gate again before publishing")
            validate_step(settings)
            revalidated = True
        published = publish(settings.warehouse_path, settings.published_path,
                            state_dir=settings.state_dir, mode=settings.mode,
                            cycles=settings.cycles, link_settings=load_config(settings.review_dir))
    return {"step": "publish", "published": str(published), "revalidated": revalidated}


def site_step(settings: Settings) -> dict:
    """Build the reporters' static site from the published file into $INFLUENCE_DATA_DIR/site/
    (a reader of the published file: no writer lock)."""
    from ingest.site import build_site

    return build_site(settings.published_path, settings.data_dir / "site")
