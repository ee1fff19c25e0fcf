"""The extract steps: resolve the watchlist to FEC IDs, pull one FEC or LDA kind into the landing
zone (holding that source's extract lock), and summarise the HTTP client's counts.
"""

from __future__ import annotations

import logging
import time

from ingest.common.settings import Settings
from ingest.common.warehouse import (
    extract_lock,
)
from ingest.pipeline.failures import ExtractIncomplete

log = logging.getLogger(__name__)


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
    from ingest.sources.fec.api import FecApi

    if settings.mode == "offline":
        return FecApi.offline(snapshot_dir=settings.snapshot_dir,
                              landing_dir=settings.landing_dir, state_dir=settings.state_dir)
    return FecApi.live(base_url=base_url or settings.fec_base_url, api_key=api_key or "",
                       landing_dir=settings.landing_dir, state_dir=settings.state_dir,
                       calls_per_hour=settings.fec_rate_limit_per_hour,
                       **settings.http_retry.client_kwargs())


def lda_api(settings: Settings, api_key: str | None = None, base_url: str | None = None):
    """The LDA client for the configured mode: the offline snapshot, or the live API."""
    from ingest.sources.lda.api import LdaApi

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
    from ingest.common.watchlist import load_watchlist
    from ingest.sources.lda.extract import extract_lda_kind

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
    from ingest.common.watchlist import load_watchlist, resolution_path
    from ingest.sources.fec.extract import (
        cached_resolution,
        resolution_key,
        resolve,
        save_resolution,
    )

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
    from ingest.common.watchlist import load_watchlist
    from ingest.sources.fec.extract import extract_kind, load_resolution

    started = time.monotonic()
    watchlist = load_watchlist(settings.watchlist_path)
    api = fec_api(settings, api_key, base_url)
    with extract_lock(settings.state_dir, "fec", timeout=settings.lock_timeout_seconds):
        resolution = load_resolution(settings.state_dir)
        summary = extract_kind(api, kind, resolution, watchlist, settings.cycles,
                               full_refresh=full_refresh)
    return _extract_result(f"extract {kind}", kind, summary, api, started)
