"""Publish the validated warehouse as the journalists' file, atomically.

The warehouse's answer tables (schemas ``main``, ``links`` and ``audit``, with their descriptions;
see `ingest.publish.published_file`) are written to a temporary file next to the published one, in
a storage format DuckDB clients from 1.1 on can open, stamped with an `about_this_file` table,
checked, and renamed over `influence.duckdb`. A rename is atomic on
one filesystem: a reader that has the old file open keeps reading the old file, and a new reader
sees the whole new one. Publishing refuses to run unless the gate passed on this exact warehouse.

`about_this_file` says where the data came from, counted from the raw tables' ``origin`` column
(records per origin per source, see `ingest.load.records.ORIGINS`): the SAMPLE DATA note appears exactly
when records from the offline snapshot are in the file, whatever mode the pipeline ran in. FEC bulk
files (``raw_fec_bulk``, origin ``bulk-files``) are real FEC data even when the API records beside
them are the snapshot's invented ones: ``bulk_files`` lists them per cycle with the date each is
current as of, and the note says they are REAL.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ingest.common.files import utc_now
from ingest.common.warehouse import writer_lock
from ingest.gate.checks import has_valid_receipt
from ingest.load.origins import live_base_urls, origin_counts
from ingest.load.records import ORIGINS, SAMPLE_ORIGINS, UNRECORDED
from ingest.publish.published_file import open_published_copy

log = logging.getLogger(__name__)

SAMPLE_NOTE = ("SAMPLE DATA: built from the offline snapshot bundled with the project, not from "
               "the live FEC and LDA APIs. Do not publish numbers from it.")
SOURCE_NAMES = {"fec": "OpenFEC (api.open.fec.gov)", "lda": "Lobbying Disclosure (lda.gov)",
                "fec_bulk": "FEC bulk files (fec.gov/files/bulk-downloads)"}
CITATION = "every row cites its filing (filing_url or filing_document_url)"


def _records(n: int) -> str:
    return f"{n:,} record{'' if n == 1 else 's'}"


def _describe(origin: str, n: int, urls: list[str]) -> str:
    what = ORIGINS.get(origin, "an unrecorded origin (loaded before origins were tracked)"
                       if origin == UNRECORDED else origin)
    if origin == "live-api" and urls:
        what += f" ({', '.join(urls)})"
    return f"{_records(n)} from {what}"


def _dates(values: list[str | None]) -> str:
    known = sorted({v for v in values if v})
    if not known:
        return "as of an unknown date"
    text = f"as of {known[0]}" if len(known) == 1 else f"as of {known[0]} to {known[-1]}"
    return text + (" (some of unknown date)" if len(known) < len(set(values)) else "")


def bulk_facts(con) -> dict[str, str]:
    """``bulk_files`` and the REAL-data sentence for the FEC bulk files in the file; {} when none.

    ``bulk_files``: "FEC bulk files, cycle 2020: indiv (35,336 rows, as of 2019-03-22), ...".
    """
    from ingest.load.bulk import SCHEMA, loaded_summary

    loaded = [entry for entry in loaded_summary(con) if entry["rows"]]
    if not loaded:
        return {}
    cycles = sorted({entry["cycle"] for entry in loaded}, reverse=True)
    per_cycle = [
        f"cycle {cycle}: " + ", ".join(
            f"{e['name']} ({e['rows']:,} row{'' if e['rows'] == 1 else 's'}, "
            f"as of {e['as_of'] or 'an unknown date'})"
            for e in loaded if e["cycle"] == cycle)
        for cycle in cycles]
    dated = "; ".join(
        f"{cycle} cycle, {_dates([e['as_of'] for e in loaded if e['cycle'] == cycle])}"
        for cycle in cycles)
    total = sum(entry["rows"] for entry in loaded)
    notes = sorted({entry["note"] for entry in loaded if entry.get("note")})
    return {
        "bulk_files": "FEC bulk files, " + "; ".join(per_cycle),
        "bulk_note": (f"REAL FEC bulk data, {dated}: {_records(total)} in {SCHEMA}, as the FEC "
                      "published them in its bulk files; not sample data."
                      + "".join(f" {note}" for note in notes)),
    }


def provenance_facts(con) -> dict[str, str]:
    """`about_this_file` rows that say which origins the file's records came from, with counts."""
    bulk = bulk_facts(con)
    counts = origin_counts(con)
    urls = live_base_urls(con)
    sample = sum(n for by in counts.values() for o, n in by.items() if o in SAMPLE_ORIGINS)
    unrecorded = sum(by.get(UNRECORDED, 0) for by in counts.values())
    described = "; ".join(
        f"{SOURCE_NAMES.get(source, source)}: "
        + ", ".join(_describe(o, n, urls.get(source, [])) for o, n in sorted(by.items()))
        for source, by in sorted(counts.items())) or "no source records"
    if sample:
        note = SAMPLE_NOTE + f" It holds {_records(sample)} from the offline snapshot."
    else:
        note = f"Built from {described}; {CITATION}."
    if bulk:
        note += " " + bulk["bulk_note"]
    if unrecorded:
        note += (f" The origin of {_records(unrecorded)} was not recorded (loaded before "
                 "origins were tracked); rebuild from an empty warehouse to know it.")
    facts = {"note": note, "contains_sample_data": "yes" if sample else "no",
             "sources": f"{described}. Public records.",
             "records_by_origin": json.dumps(counts, sort_keys=True)}
    if bulk:
        facts["bulk_files"] = bulk["bulk_files"]
    return facts


class PublishRefused(RuntimeError):
    """The warehouse has not passed the validation gate as it is now."""


def remove_stale_temp_files(published_path: Path) -> list[Path]:
    """Delete the temporary copies (and their WAL) that killed publishes left beside
    `published_path` (``.influence.duckdb.<pid>.tmp``); returns what was removed. Call it under
    the writer lock: no publish is running then, so every such file is stale."""
    published_path = Path(published_path)
    stale = sorted(published_path.parent.glob(f".{published_path.name}.*.tmp*"))
    for path in stale:
        path.unlink(missing_ok=True)
        log.warning("removed %s, left by a publish that was killed", path.name)
    return stale


def publish(warehouse_path: Path, published_path: Path, *, state_dir: Path, mode: str = "live",
            cycles=(), link_settings: dict | None = None) -> Path:
    """Publish the validated warehouse's answer tables to `published_path` atomically; return
    the path.

    `link_settings` (the linkage thresholds in force) are recorded in `about_this_file`, so a
    published answer can be traced to the thresholds that let its links in.
    """
    warehouse_path, published_path = Path(warehouse_path), Path(published_path)
    with writer_lock(warehouse_path):
        if not has_valid_receipt(warehouse_path, state_dir):
            raise PublishRefused(
                f"{warehouse_path} has not passed the validation gate in its current state; "
                "run `influence validate` first. The published file was left as it was."
            )
        if Path(str(warehouse_path) + ".wal").exists():
            raise PublishRefused(
                f"{warehouse_path} has an unfinished write-ahead log (a writer did not close "
                "cleanly); rerun the transform and validate steps."
            )
        published_path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(published_path)
        tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
        try:
            # the answer tables only, in a format DuckDB 1.1+ clients open (ingest.desk.export)
            con = open_published_copy(warehouse_path, tmp)
            try:
                con.execute("""
                    create or replace table main.about_this_file (
                        key varchar primary key, value varchar)""")
                facts = {
                    "published_at": utc_now().isoformat(),
                    "data_mode": mode,
                    **provenance_facts(con),
                    "cycles": ",".join(str(c) for c in cycles),
                    "use_restriction": "FEC contributor data may not be used to solicit "
                    "contributions or for commercial purposes (52 U.S.C. 30111(a)(4)).",
                }
                if link_settings:
                    facts["link_thresholds"] = (
                        "answers use links scored at or above these probabilities, or confirmed "
                        "by a reviewer (links.link_decisions): "
                        + ", ".join(f"{key} {link_settings[key]}" for key in sorted(link_settings)
                                    if key.endswith("_threshold")))
                con.executemany("insert into main.about_this_file values (?, ?)",
                                list(facts.items()))
                con.execute("comment on table main.about_this_file is "
                            "'What this file is: when it was published, from what, and how "
                            "it may be used.'")
                con.execute("comment on column main.about_this_file.key is 'The fact (e.g. "
                            "note, contains_sample_data, published_at, bulk_files).'")
                con.execute("comment on column main.about_this_file.value is 'Its value, "
                            "as text.'")
                n_figures = con.execute("select count(*) from main.dim_figures").fetchone()[0]
                con.execute("checkpoint")
            finally:
                con.close()
            os.replace(tmp, published_path)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
    log.info("published %s (%d figures)", published_path, n_figures)
    return published_path
