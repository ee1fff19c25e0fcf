"""The pipeline's steps, shared by the `influence` CLI and the Airflow DAGs (the orchestration layer:
it may import every stage, and no stage imports it).

resolve -> extract (per kind) -> load -> transform (dbt build) -> link -> answers (dbt build of
the models that read the links) -> validate (gate) -> publish -> site.
The FEC bulk files have their own first half (DAG influence_fec_bulk, `influence bulk`):
bulk_fetch (per file) -> bulk_load -> needs_build, then the same transform -> ... -> site.
Each step takes `Settings` and returns a small JSON-able summary (it travels through XCom).

Takes: `Settings` (and API keys, read at the edge). Leaves: whatever its step's stage leaves.
The steps live by stage: `extract`, `load`, `transform` (dbt), `release` (link, validate, publish,
site); `failures` holds the exceptions. This module names them all, so callers write
``from ingest.pipeline import load_step``.
"""

from ingest.pipeline.extract import extract_step, lda_extract_step, resolve_step
from ingest.pipeline.failures import ExtractIncomplete, StepFailed
from ingest.pipeline.load import bulk_fetch_step, bulk_load_step, bulk_needs_build, load_step
from ingest.pipeline.release import link_step, publish_step, site_step, validate_step
from ingest.pipeline.transform import (
    ANSWERS_SELECTOR,
    answers_step,
    run_dbt,
    transform_step,
)

__all__ = [
    "ANSWERS_SELECTOR",
    "ExtractIncomplete",
    "StepFailed",
    "answers_step",
    "bulk_fetch_step",
    "bulk_load_step",
    "bulk_needs_build",
    "extract_step",
    "lda_extract_step",
    "link_step",
    "load_step",
    "publish_step",
    "resolve_step",
    "run_dbt",
    "site_step",
    "transform_step",
    "validate_step",
]
