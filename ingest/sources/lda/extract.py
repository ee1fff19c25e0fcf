"""What to pull from the Lobbying Disclosure API for the watchlist, and pulling it.

* ``filings``: LD-1/LD-2 filings whose client or registrant name matches an industry
  organisation pattern, and filings whose specific-issue text mentions the industry's terms;
  one query per pattern and filing year (the API needs a filter to page past page 1).
* ``contributions``: LD-203 reports whose honoree or payee names a watchlist figure.
* ``entities``: the registrants, their clients and their lobbyists, for every registrant the
  landed filings and reports reference.
* ``constants``: issue codes, filing types, government entities and the other code lists.

A query that fails after every retry is recorded (`LdaExtractSummary.failed`) and the others go
on; filings and reports resume it from their saved cursor on the next run.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ingest.common.http import HttpError
from ingest.common.watchlist import Watchlist
from ingest.landing.zone import is_body_file
from ingest.sources.lda import settings as lda
from ingest.sources.lda.api import LdaApi, LdaApiError
from ingest.sources.query import Query, QueryResult, make_query

log = logging.getLogger(__name__)


def plan_filings(watchlist: Watchlist, years) -> list[Query]:
    queries = []
    for industry in watchlist.industries:
        for year in years:
            for pattern in industry.organization_patterns:
                for role in ("client_name", "registrant_name"):
                    queries.append(make_query(
                        "filings", "/filings/", f"{industry.id} {role} {pattern} {year}",
                        filing_year=year, **{role: pattern}))
            if industry.lobbying_issue_terms:
                queries.append(make_query(
                    "filings", "/filings/", f"{industry.id} issues {year}", filing_year=year,
                    filing_specific_lobbying_issues=" ".join(industry.lobbying_issue_terms)))
    return queries


def plan_contributions(watchlist: Watchlist, years) -> list[Query]:
    queries = []
    for figure in watchlist.figures:
        for name in figure.lobbying_names:
            for year in years:
                for role in ("contribution_honoree", "contribution_payee"):
                    queries.append(make_query(
                        "contributions", "/contributions/", f"{figure.id} {role} {name} {year}",
                        filing_year=year, **{role: name}))
    return queries


def referenced_registrants(landing_dir: Path) -> list[int]:
    """Registrant ids named by every landed filing and LD-203 report."""
    ids: set[int] = set()
    for kind in ("filings", "contributions"):
        root = Path(landing_dir) / "lda" / kind
        for path in sorted(root.rglob("*.json")) if root.exists() else []:
            if not is_body_file(path):
                continue
            try:
                data = json.loads(path.read_bytes())
            except ValueError:
                continue  # the loader quarantines it; nothing to follow here
            items = data.get("results", []) if isinstance(data, dict) else []
            for record in items:
                registrant = (record or {}).get("registrant") or {}
                if isinstance(registrant.get("id"), int):
                    ids.add(registrant["id"])
    return sorted(ids)


def plan_entities(landing_dir: Path) -> list[Query]:
    queries = []
    for registrant_id in referenced_registrants(landing_dir):
        queries.append(make_query("registrants", "/registrants/", f"registrant {registrant_id}",
                                  id=registrant_id))
        queries.append(make_query("clients", "/clients/", f"clients of {registrant_id}",
                                  registrant_id=registrant_id))
        queries.append(make_query("lobbyists", "/lobbyists/", f"lobbyists of {registrant_id}",
                                  registrant_id=registrant_id))
    return queries


def plan(kind: str, watchlist: Watchlist, years, landing_dir: Path) -> list[Query]:
    if kind == "filings":
        return plan_filings(watchlist, years)
    if kind == "contributions":
        return plan_contributions(watchlist, years)
    if kind == "entities":
        return plan_entities(landing_dir)
    if kind == "constants":
        return [make_query("constants", f"/constants/{name}/", f"constants {name}")
                for name in lda.CONSTANTS]
    raise ValueError(f"unknown LDA extract kind {kind!r}; expected one of {lda.EXTRACT_KINDS}")


@dataclass
class LdaExtractSummary:
    kind: str
    queries: int = 0
    calls: int = 0
    pages: int = 0
    rows: int = 0
    resumed: int = 0
    # Queries that failed after every retry: {"query", "query_id", "error"}; they resume next run.
    failed: list = field(default_factory=list)


def extract_lda_kind(api: LdaApi, kind: str, watchlist: Watchlist, years, *,
                     full_refresh: bool = False) -> LdaExtractSummary:
    """Pull one LDA extract kind; filings and reports resume from their saved cursors.

    A query that fails after every retry (a body that stays unusable is quarantined) is recorded
    in `LdaExtractSummary.failed` and the next one goes on; a refused token (401/403) stops the
    kind, since every other query would be refused too.
    """
    summary = LdaExtractSummary(kind)
    queries = plan(kind, watchlist, years, api.landing_dir)
    for number, query in enumerate(queries, 1):
        result = QueryResult(query)
        try:
            if kind == "constants":
                rows = api.fetch_constants(query.path.strip("/").split("/", 1)[1], query)
                result.calls, result.pages, result.rows = 1, 1, len(rows)
            else:
                if full_refresh:
                    api.reset_cursor(query)
                for _ in api.iter_pages(query, result):
                    pass
        except (HttpError, LdaApiError) as exc:
            if getattr(exc, "status", None) in (401, 403):
                raise
            log.error("[lda %s %d/%d] %s FAILED (it resumes on the next run): %s", kind, number,
                      len(queries), query.label, exc)
            summary.failed.append({"query": query.label, "query_id": query.query_id,
                                   "error": str(exc)})
        summary.queries += 1
        summary.calls += result.calls
        summary.pages += result.pages
        summary.rows += result.rows
        summary.resumed += int(result.resumed)
        log.info("[lda %s %d/%d] %s: %d rows in %d calls", kind, number, len(queries),
                 query.label, result.rows, result.calls)
    return summary
