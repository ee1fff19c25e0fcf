"""The steps after the build: link (entity resolution), validate (the gate), publish (gate and
copy as one critical section) and site (the reporters' static site from the published file).
"""

from __future__ import annotations

import logging

from ingest.common.settings import Settings
from ingest.common.warehouse import (
    writer_lock,
)

log = logging.getLogger(__name__)


def link_step(settings: Settings) -> dict:
    """Entity resolution (donors, lobbyists <-> donors) into schema ``links`` (single writer)."""
    from ingest.link.run import run_linkage

    return run_linkage(settings.warehouse_path, settings.review_dir)


def validate_step(settings: Settings) -> dict:
    """Run the Great Expectations gate on the warehouse under the writer lock (its read-only
    handle would block writers); raises `GateFailed` on a failure, after withdrawing the receipt
    of any earlier pass."""
    from ingest.gate.checks import GateFailed, receipt_path, run_gate

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
    from ingest.gate.checks import has_valid_receipt, receipt_path
    from ingest.link.config import load_config
    from ingest.publish.release import publish

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
    from ingest.desk.site import build_site

    return build_site(settings.published_path, settings.data_dir / "site")
