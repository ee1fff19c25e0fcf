"""Lobbying Disclosure API client: `next` links followed as given, every page landed.

* ``page_size`` 25 (the cap); `filings/` and `contributions/` need a filter to go past page 1, so
  every query the pipeline sends has one (a year at least).
* `next` URLs are followed verbatim, whatever their host (lda.senate.gov handed out lda.gov links
  during the migration). The token is sent only to the configured host and the official LDA hosts,
  never to another host a `next` link might name.
* Resumable and incremental: after every page the cursor (the `next` URL and the latest
  ``dt_posted`` seen) is saved. A killed run continues from the saved `next`; a finished query is
  asked again only for filings posted since (``filing_dt_posted_after``).
* Transient faults are retried by `PoliteClient`; a body that stays unusable (cut short, not JSON)
  is kept in quarantine with its request and raised as `LdaApiError`, the cursor left before it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ingest.common.files import utc_now
from ingest.common.http import BadBody, PoliteClient, RateBudget
from ingest.landing.zone import land_response, quarantine_response
from ingest.sources.lda import settings as lda
from ingest.sources.query import CursorStore, Query, QueryResult
from ingest.sources.replay import SnapshotAdapter

log = logging.getLogger(__name__)

SNAPSHOT_BASE_URL = "https://offline-snapshot.invalid/api/v1"
API_PREFIX = "/api/v1"
INCREMENTAL_KINDS = ("filings", "contributions")


def _posted_at(record) -> datetime | None:
    """``dt_posted`` as an aware datetime (offsets vary with daylight saving), or None."""
    try:
        return datetime.fromisoformat(record["dt_posted"])
    except (TypeError, KeyError, ValueError):
        return None


class LdaApiError(RuntimeError):
    """The API answered in a way the pipeline cannot continue from."""


class LdaApi:
    """Talks to the LDA API (or the offline snapshot) and lands every page it reads."""

    def __init__(self, *, base_url: str, api_key: str | None, landing_dir: Path, state_dir: Path,
                 client: PoliteClient | None = None, page_size: int = lda.PAGE_SIZE,
                 quarantine_dir: Path | None = None):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.landing_dir = Path(landing_dir)
        self.quarantine_dir = Path(quarantine_dir or Path(landing_dir).parent / "quarantine")
        self.cursors = CursorStore(Path(state_dir) / "lda" / "cursors")
        self.page_size = page_size
        self.client = client or PoliteClient(secret_values=[api_key or ""])
        self.token_hosts = {urlsplit(self.base_url).hostname, *lda.OFFICIAL_HOSTS}
        self._last_landed: Path | None = None

    @classmethod
    def live(cls, *, base_url: str, api_key: str | None, landing_dir: Path, state_dir: Path,
             calls_per_minute: int | None = None, **client_kwargs) -> LdaApi:
        """A client for the real API. Anonymous use works, at 15 requests a minute."""
        if calls_per_minute is None:
            calls_per_minute = (lda.RATE_LIMIT_PER_MINUTE if api_key
                                else lda.ANONYMOUS_RATE_LIMIT_PER_MINUTE)
        budget = RateBudget(Path(state_dir) / "lda" / "rate_budget.json", calls_per_minute,
                            window=60.0)
        client = PoliteClient(secret_values=[api_key or ""], rate_budget=budget, **client_kwargs)
        return cls(base_url=base_url, api_key=api_key, landing_dir=landing_dir,
                   state_dir=state_dir, client=client)

    @classmethod
    def offline(cls, *, snapshot_dir: Path, landing_dir: Path, state_dir: Path) -> LdaApi:
        """A client that replays the bundled snapshot, including its lda.gov `next` links."""
        lda_dir = Path(snapshot_dir) / "landing" / "lda"
        if not lda_dir.is_dir():
            raise LdaApiError(f"offline snapshot not found at {lda_dir}")
        client = PoliteClient(max_retries=0)
        adapter = SnapshotAdapter(lda_dir, api_prefix=API_PREFIX)
        client.session.mount(SNAPSHOT_BASE_URL, adapter)
        for host in lda.OFFICIAL_HOSTS:
            client.session.mount(f"https://{host}/", adapter)
        return cls(base_url=SNAPSHOT_BASE_URL, api_key=None, landing_dir=landing_dir,
                   state_dir=state_dir, client=client)

    # -- one request ---------------------------------------------------------------------------

    def _headers(self, url: str) -> dict:
        if self.api_key and urlsplit(url).hostname in self.token_hosts:
            return {"Authorization": f"Token {self.api_key}"}
        return {}

    def _request(self, query: Query, url: str, params: dict | None, page: int,
                 budget: bool = True):
        try:
            response, data = self.client.get_json(url, params, headers=self._headers(url),
                                                  budget=budget)
        except BadBody as exc:
            request_path, stored = self._public_request(url, params)
            kept = quarantine_response(
                self.quarantine_dir, source="lda", kind=query.kind, query_dir=query.query_id,
                page=page, body=exc.body, request_path=request_path, params=stored,
                status=exc.status, reason=str(exc), attempts=exc.attempts, fetched_at=utc_now())
            raise LdaApiError(f"{exc}; the body is kept in {kept}") from None
        fetched_at = utc_now()
        body = response.content
        parts = urlsplit(response.url)
        request_path, stored = self._public_request(response.url, None)
        self._last_landed = land_response(
            self.landing_dir, source="lda", kind=query.kind, query_dir=query.query_id,
            page=page, body=body, request_path=request_path, params=stored,
            status=response.status_code, fetched_at=fetched_at,
            base_url=("offline-snapshot" if self.base_url == SNAPSHOT_BASE_URL
                      else f"{parts.scheme}://{parts.netloc}{API_PREFIX}"),
            skip_unchanged=True,
        ).path
        return data

    @staticmethod
    def _public_request(url: str, params: dict | None) -> tuple[str, dict]:
        """(path below the API prefix, query parameters) of a request; the token travels in a
        header, never in the URL, so both may be stored."""
        parts = urlsplit(url)
        request_path = parts.path.split(API_PREFIX, 1)[-1] or "/"
        stored: dict = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            stored.setdefault(key, []).append(value)
        for key, value in (params or {}).items():
            stored.setdefault(key, []).append(str(value))
        return request_path, {k: v[0] if len(v) == 1 else v for k, v in stored.items()}

    def fetch_constants(self, name: str, query: Query) -> list:
        """One constants list (these do not count against the rate limit)."""
        data = self._request(query, f"{self.base_url}/constants/{name}/", None, 1, budget=False)
        if not isinstance(data, list):
            raise LdaApiError(f"constants/{name}/ did not return a list")
        return data

    # -- cursors ---------------------------------------------------------------------------------

    def load_cursor(self, query: Query) -> dict | None:
        return self.cursors.load(query)

    def reset_cursor(self, query: Query) -> None:
        self.cursors.reset(query)

    # -- pagination ------------------------------------------------------------------------------

    def iter_pages(self, query: Query, result: QueryResult | None = None) -> Iterator[dict]:
        """Every result of a list endpoint, following `next` and saving the cursor per page.

        Filings and LD-203 reports are incremental: once a query has been read to the end, a
        rerun asks only for records posted on or after the latest ``dt_posted`` seen.
        """
        result = result or QueryResult(query)
        incremental = query.kind in INCREMENTAL_KINDS
        state = (self.load_cursor(query) if incremental else None) or {
            "next": None, "pages": 0, "rows": 0, "max_dt_posted": None, "complete": False}
        if state.get("next"):
            url, params = state["next"], None
            result.resumed = True
        else:
            url = self.base_url + query.path
            params = {**query.param_dict, "page_size": self.page_size}
            if incremental:
                params.setdefault("ordering", "dt_posted")
                if state.get("complete") and state.get("max_dt_posted"):
                    params["filing_dt_posted_after"] = state["max_dt_posted"][:10]
                    result.resumed = True
            state.update(pages=0, complete=False)
        while url:
            page = state["pages"] + 1
            data = self._request(query, url, params, page)
            result.calls += 1
            result.files.append(self._last_landed)
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                raise LdaApiError(f"{query.path}: page {page} is not a paginated response")
            rows = data["results"]
            next_url = data.get("next")
            if next_url and next_url == url:
                raise LdaApiError(f"{query.path}: `next` points at the same page ({next_url})")
            for row in rows:
                posted = _posted_at(row)
                if posted and (not state.get("max_dt_posted")
                               or posted > datetime.fromisoformat(state["max_dt_posted"])):
                    state["max_dt_posted"] = posted.isoformat()
            state.update(pages=page, rows=state["rows"] + len(rows), next=next_url,
                         complete=not next_url, count=data.get("count"))
            if incremental:
                self.cursors.save(query, state)
            if rows:
                result.pages += 1
                result.rows += len(rows)
                log.info("%s %s: page %d, %d of %s rows", query.kind, query.label or query.path,
                         page, state["rows"], data.get("count"))
            yield from rows
            url, params = next_url, None
