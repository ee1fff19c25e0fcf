"""The dbt steps (single writer): ``dbt build`` before the link step (``transform``) and of the
answer marts that read the links after it (``answers``), with the values that did not parse.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from ingest.common.settings import Settings
from ingest.common.warehouse import (
    connect,
    is_lock_conflict,
    lock_holder,
    wait_for_readers,
    writer_child_kwargs,
    writer_lock,
)
from ingest.pipeline.failures import StepFailed

log = logging.getLogger(__name__)


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
# DuckDB's memory while the build's scope is decided (the source fingerprints).
SCOPE_MEMORY = "512MB"


def transform_step(settings: Settings, *, answers: bool = False,
                   full_refresh: bool = False, everything: bool = False) -> dict:
    """`dbt build` (models, tests and unit tests) on the warehouse (single writer).

    Two passes around the link step: first everything that does not read the links
    (``--exclude source:links+``), then, with ``answers=True``, the answer marts that do
    (``--select source:links+``). The first pass covers only what changed since the last
    successful build (`ingest.pipeline.build_scope`: the models and tests downstream of the
    source tables that changed, everything when the dbt project changed, nothing when nothing
    did); `everything` builds it all regardless. The itemized schedules' staging is incremental
    (each raw row is read once, by the build after its load), and so are the flagged receipts and
    `fct_contributions`; `full_refresh` rebuilds them from every raw row, as does the first build
    and a build after the dbt project changed.
    """
    import re

    selection = ("--select", ANSWERS_SELECTOR) if answers else ("--exclude", ANSWERS_SELECTOR)
    with writer_lock(settings.warehouse_path):
        scope = None
        if not answers:
            _ensure_raw_tables(settings.warehouse_path)
            scope = _scope(settings, selection, whole="full refresh" if full_refresh else
                           "the whole build was asked for" if everything else None)
            log.info("dbt build scope: %s", scope.reason)
            if scope.empty:
                return {"step": "transform", "returncode": 0, "passed": 0, "warned": 0,
                        "errors": 0, "skipped": 0, "scope": scope.reason}
            selection = (*scope.select_args(), *selection)
        refresh = full_refresh or (scope is not None and scope.refresh)
        deadline = time.monotonic() + settings.reader_wait_seconds
        while True:
            # dbt opens the file itself: wait for other processes' readers first, and run it
            # again if one opened the file in between.
            wait_for_readers(settings.warehouse_path,
                             wait=max(0.0, deadline - time.monotonic()))
            result = run_dbt(settings, "build", *selection,
                             *(("--full-refresh",) if refresh else ()))
            if (result.returncode == 0 or not is_lock_conflict(result.stdout)
                    or time.monotonic() >= deadline):
                break
            log.warning("dbt could not open the warehouse (%s has it open): running it again",
                        lock_holder(result.stdout))
            time.sleep(1)
        if scope is not None and result.returncode == 0:
            _record_scope(settings, scope)
        rejects = None if answers else parse_reject_counts(settings.warehouse_path)
    tail = result.stdout.strip().splitlines()[-12:]
    counts = re.search(r"PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", result.stdout)
    summary = {"step": "answers" if answers else "transform", "returncode": result.returncode}
    if counts:
        summary.update(passed=int(counts[1]), warned=int(counts[2]), errors=int(counts[3]),
                       skipped=int(counts[4]))
    if scope is not None:
        summary["scope"] = scope.reason
    if rejects:
        summary["parse_rejects"] = rejects
        log.warning("values that did not parse (audit.parse_rejects): %s", rejects)
    if result.returncode != 0:
        raise StepFailed(f"dbt build {' '.join(selection)} failed:\n" + "\n".join(tail))
    return summary


def _ensure_raw_tables(warehouse_path: Path) -> None:
    """Every source's raw tables exist (empty until that source is loaded): one set of models
    reads API and bulk rows alike, and a DAG builds whether or not the other DAG's source or
    the bulk files were loaded yet."""
    from ingest.load import bookkeeping, bulk
    from ingest.pipeline.load import SOURCES

    con = connect(warehouse_path)
    try:
        for source in SOURCES:
            bookkeeping.ensure_schema(con, source)
        bulk.ensure_schema(con)
    finally:
        con.close()


def _scope(settings: Settings, selection: tuple[str, ...], *, whole: str | None):
    from ingest.pipeline import build_scope

    project = build_scope.project_fingerprint(settings.dbt_project_dir, *selection)
    con = connect(settings.warehouse_path, read_only=True)
    try:
        # The fingerprints read every raw row once: without a cap DuckDB keeps what it read
        # cached (3.9 GiB at 3M receipts); capped, it costs the same time in 0.6 GiB.
        con.execute(f"set memory_limit = '{SCOPE_MEMORY}'")
        return build_scope.decide(con, project, whole=whole)
    finally:
        con.close()


def _record_scope(settings: Settings, scope) -> None:
    from ingest.pipeline import build_scope

    con = connect(settings.warehouse_path)
    try:
        build_scope.record(con, scope)
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
