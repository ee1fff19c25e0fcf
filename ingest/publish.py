"""Publish the validated warehouse as the journalists' file, atomically.

The warehouse is checkpointed, copied to a temporary file next to the published one, stamped with
an `about_this_file` table, checked, and renamed over `influence.duckdb`. A rename is atomic on
one filesystem: a reader that has the old file open keeps reading the old file, and a new reader
sees the whole new one. Publishing refuses to run unless the gate passed on this exact warehouse.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from ingest.landing import utc_now
from ingest.validation import has_valid_receipt
from ingest.warehouse import connect, writer_lock

log = logging.getLogger(__name__)

SAMPLE_NOTE = ("SAMPLE DATA: built from the offline snapshot bundled with the project, not from "
               "the live FEC and LDA APIs. Do not publish numbers from it.")


class PublishRefused(RuntimeError):
    """The warehouse has not passed the validation gate as it is now."""


def publish(warehouse_path: Path, published_path: Path, *, state_dir: Path, mode: str = "live",
            cycles=(), link_settings: dict | None = None) -> Path:
    """Copy the validated warehouse to `published_path` atomically; return the path.

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
        tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(warehouse_path, tmp)
            con = connect(tmp)
            try:
                con.execute("""
                    create or replace table main.about_this_file (
                        key varchar primary key, value varchar)""")
                facts = {
                    "published_at": utc_now().isoformat(),
                    "data_mode": mode,
                    "note": SAMPLE_NOTE if mode == "offline" else
                    "Built from the OpenFEC and Lobbying Disclosure APIs; every row cites its "
                    "filing (filing_url or filing_document_url).",
                    "cycles": ",".join(str(c) for c in cycles),
                    "sources": "OpenFEC API (api.open.fec.gov) and the Lobbying Disclosure API "
                    "(lda.gov); both are public records.",
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
                n_figures = con.execute("select count(*) from main.dim_figures").fetchone()[0]
                con.execute("checkpoint")
            finally:
                con.close()
            os.replace(tmp, published_path)
        finally:
            tmp.unlink(missing_ok=True)
    log.info("published %s (%d figures)", published_path, n_figures)
    return published_path
