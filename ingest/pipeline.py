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
from pathlib import Path

from ingest.settings import Settings
from ingest.warehouse import connect, writer_lock

log = logging.getLogger(__name__)


class StepFailed(RuntimeError):
    """A pipeline step failed; the message says which and why."""


def fec_api(settings: Settings, api_key: str | None = None, base_url: str | None = None):
    """The FEC client for the configured mode: the offline snapshot, or the live API."""
    from ingest.fec.api import FecApi

    if settings.mode == "offline":
        return FecApi.offline(snapshot_dir=settings.snapshot_dir,
                              landing_dir=settings.landing_dir, state_dir=settings.state_dir)
    return FecApi.live(base_url=base_url or settings.fec_base_url, api_key=api_key or "",
                       landing_dir=settings.landing_dir, state_dir=settings.state_dir,
                       calls_per_hour=settings.fec_rate_limit_per_hour)


def lda_api(settings: Settings, api_key: str | None = None, base_url: str | None = None):
    """The LDA client for the configured mode: the offline snapshot, or the live API."""
    from ingest.lda.api import LdaApi

    if settings.mode == "offline":
        return LdaApi.offline(snapshot_dir=settings.snapshot_dir,
                              landing_dir=settings.landing_dir, state_dir=settings.state_dir)
    return LdaApi.live(base_url=base_url or settings.lda_base_url, api_key=api_key,
                       landing_dir=settings.landing_dir, state_dir=settings.state_dir,
                       calls_per_minute=settings.lda_rate_limit_per_minute)


def lda_extract_step(settings: Settings, kind: str, api_key: str | None = None,
                     base_url: str | None = None, full_refresh: bool = False) -> dict:
    """Pull one LDA kind (filings, contributions, entities or constants)."""
    from ingest.lda.extract import extract_lda_kind
    from ingest.watchlist import load_watchlist

    watchlist = load_watchlist(settings.watchlist_path)
    api = lda_api(settings, api_key, base_url)
    summary = extract_lda_kind(api, kind, watchlist, settings.lda_years,
                               full_refresh=full_refresh)
    return {"step": f"extract lda {kind}", "kind": kind, "queries": summary.queries,
            "calls": summary.calls, "pages": summary.pages, "rows": summary.rows,
            "resumed": summary.resumed}


def resolve_step(settings: Settings, api_key: str | None = None,
                 base_url: str | None = None) -> dict:
    """Resolve the watchlist to FEC IDs and save the resolution."""
    from ingest.fec.extract import resolve, save_resolution
    from ingest.watchlist import load_watchlist

    watchlist = load_watchlist(settings.watchlist_path)
    api = fec_api(settings, api_key, base_url)
    resolution = resolve(api, watchlist)
    path = save_resolution(resolution, settings.state_dir)
    return {
        "step": "resolve",
        "calls": api.client.stats.calls,
        "figures": len(watchlist.figures),
        "committees": len(resolution.committees("figure")),
        "industry_pacs": len(resolution.committees("industry")),
        "problems": resolution.problems,
        "resolution": str(path),
    }


def extract_step(settings: Settings, kind: str, api_key: str | None = None,
                 base_url: str | None = None, full_refresh: bool = False) -> dict:
    """Pull one landing kind (schedule_a, schedule_b, schedule_e or totals)."""
    from ingest.fec.extract import extract_kind, load_resolution
    from ingest.watchlist import load_watchlist

    watchlist = load_watchlist(settings.watchlist_path)
    resolution = load_resolution(settings.state_dir)
    api = fec_api(settings, api_key, base_url)
    summary = extract_kind(api, kind, resolution, watchlist, settings.cycles,
                           full_refresh=full_refresh)
    return {"step": f"extract {kind}", "kind": kind, "queries": summary.queries,
            "calls": summary.calls, "pages": summary.pages, "rows": summary.rows,
            "resumed": summary.resumed}


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
        con = connect(settings.warehouse_path)
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
    process = subprocess.Popen(command, env=dbt_env(settings), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        log.info("dbt | %s", line.rstrip())
    process.wait()
    return subprocess.CompletedProcess(command, process.returncode, "".join(lines), "")


# The models that read the link step's tables (schema `links`) and everything downstream of them.
ANSWERS_SELECTOR = "source:links+"


def transform_step(settings: Settings, *, answers: bool = False) -> dict:
    """`dbt build` (models, tests and unit tests) on the warehouse (single writer).

    Two passes around the link step: first everything that does not read the links
    (``--exclude source:links+``), then, with ``answers=True``, the answer marts that do
    (``--select source:links+``).
    """
    import re

    selection = ("--select", ANSWERS_SELECTOR) if answers else ("--exclude", ANSWERS_SELECTOR)
    with writer_lock(settings.warehouse_path):
        if not answers:
            _ensure_bulk_tables(settings.warehouse_path)
        result = run_dbt(settings, "build", *selection)
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
    """Run the Great Expectations gate on the warehouse; raises `GateFailed` on a failure."""
    from ingest.validation import run_gate

    result = run_gate(settings.warehouse_path, state_dir=settings.state_dir,
                      review_dir=settings.review_dir)
    return {"step": "validate", "expectations": result.evaluated, "passed": result.passed}


def publish_step(settings: Settings) -> dict:
    """Publish the validated warehouse to influence.duckdb atomically (single writer)."""
    from ingest.linkage import load_config
    from ingest.publish import publish

    published = publish(settings.warehouse_path, settings.published_path,
                        state_dir=settings.state_dir, mode=settings.mode,
                        cycles=settings.cycles, link_settings=load_config(settings.review_dir))
    return {"step": "publish", "published": str(published)}
