"""OpenFEC client: one request per page, every body landed, keyset cursors saved after each page.

Keyset ("seek") pagination, as the API's own source code implements it:

* always send an explicit ``sort`` and exactly one ``two_year_transaction_period`` (or ``cycle``);
* pass *both* values of the previous page's ``pagination.last_indexes``: ``last_index`` and
  ``last_<sort field>``, or ``sort_null_only=true`` when the page ended on a null sort value
  (``last_index`` alone is answered with HTTP 422);
* ``count``/``pages`` are estimates: keep going until a page comes back empty.

Transient faults are retried by `PoliteClient`; a body that stays unusable (cut short, not JSON)
is kept in quarantine with its request and raised as `FecApiError`, and the page's cursor is not
moved, so the query resumes there on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ingest.common.files import utc_now
from ingest.common.http import BadBody, PoliteClient, RateBudget
from ingest.landing.zone import land_response, quarantine_response
from ingest.sources.fec import settings as fec
from ingest.sources.query import CursorStore, Query, QueryResult
from ingest.sources.replay import SnapshotAdapter

log = logging.getLogger(__name__)

SNAPSHOT_BASE_URL = "https://offline-snapshot.invalid/v1"


class FecApiError(RuntimeError):
    """The API answered in a way the pipeline cannot continue from."""


def keyset_sort(query: Query) -> str | None:
    """The sort field of a keyset-paginated query (itemized schedules), else None."""
    return fec.KEYSET_SORT.get(query.kind) if query.path.startswith("/schedules/") else None


class FecApi:
    """Talks to OpenFEC (or the offline snapshot) and lands every page it reads."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        landing_dir: Path,
        state_dir: Path,
        client: PoliteClient | None = None,
        per_page: int = fec.PER_PAGE,
        quarantine_dir: Path | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.landing_dir = Path(landing_dir)
        self.quarantine_dir = Path(quarantine_dir or Path(landing_dir).parent / "quarantine")
        self.cursors = CursorStore(Path(state_dir) / "fec" / "cursors")
        self.per_page = per_page
        self.client = client or PoliteClient(
            secret_params=fec.SECRET_PARAMS, secret_values=[api_key or ""]
        )

    @classmethod
    def live(cls, *, base_url: str, api_key: str, landing_dir: Path, state_dir: Path,
             calls_per_hour: int | None = None, **client_kwargs) -> FecApi:
        """A client for the real API, with a shared hourly rate budget."""
        if not api_key:
            raise FecApiError(
                "live mode needs an OpenFEC API key: set FEC_API_KEY (or the Airflow connection "
                "'fec_api'); DEMO_KEY works for smoke tests"
            )
        if calls_per_hour is None:
            calls_per_hour = (
                fec.DEMO_RATE_LIMIT_PER_HOUR if api_key == fec.DEMO_KEY else fec.RATE_LIMIT_PER_HOUR
            )
        budget = RateBudget(Path(state_dir) / "fec" / "rate_budget.json", calls_per_hour)
        client = PoliteClient(
            secret_params=fec.SECRET_PARAMS, secret_values=[api_key], rate_budget=budget,
            **client_kwargs,
        )
        return cls(base_url=base_url, api_key=api_key, landing_dir=landing_dir,
                   state_dir=state_dir, client=client)

    @classmethod
    def offline(cls, *, snapshot_dir: Path, landing_dir: Path, state_dir: Path) -> FecApi:
        """A client that replays the bundled snapshot instead of the network."""
        fec_dir = Path(snapshot_dir) / "landing" / "fec"
        if not fec_dir.is_dir():
            raise FecApiError(f"offline snapshot not found at {fec_dir}")
        client = PoliteClient(secret_params=fec.SECRET_PARAMS, max_retries=0)
        client.session.mount(SNAPSHOT_BASE_URL, SnapshotAdapter(
            fec_dir, api_prefix="/v1", secret_params=fec.SECRET_PARAMS))
        return cls(base_url=SNAPSHOT_BASE_URL, api_key=None, landing_dir=landing_dir,
                   state_dir=state_dir, client=client)

    # -- one request -------------------------------------------------------------------------

    def _request(self, query: Query, extra: dict, page: int) -> tuple[dict, bytes, datetime]:
        params = {**query.param_dict, **extra}
        stored = dict(params)
        if self.api_key:
            params["api_key"] = self.api_key
        try:
            response, data = self.client.get_json(self.base_url + query.path, params)
        except BadBody as exc:
            kept = quarantine_response(
                self.quarantine_dir, source="fec", kind=query.kind, query_dir=query.query_id,
                page=page, body=exc.body, request_path=query.path, params=stored,
                status=exc.status, reason=str(exc), attempts=exc.attempts, fetched_at=utc_now())
            raise FecApiError(f"{exc}; the body is kept in {kept}") from None
        fetched_at = utc_now()
        body = response.content
        landed = land_response(
            self.landing_dir,
            source="fec",
            kind=query.kind,
            query_dir=query.query_id,
            page=page,
            body=body,
            request_path=query.path,
            params=stored,
            status=response.status_code,
            fetched_at=fetched_at,
            base_url="offline-snapshot" if self.base_url == SNAPSHOT_BASE_URL else self.base_url,
            skip_unchanged=True,
        )
        self._last_landed = landed.path
        return data, body, fetched_at

    def fetch_one(self, query: Query) -> list[dict]:
        """One page of an offset-paginated or single-object endpoint; returns its results."""
        data, _, _ = self._request(query, {"per_page": self.per_page}, 1)
        return list(data.get("results") or [])

    # -- offset pagination --------------------------------------------------------------------

    def iter_offset(self, query: Query, result: QueryResult | None = None) -> Iterator[dict]:
        """Every result of a page-number endpoint, landing each page."""
        result = result or QueryResult(query)
        page = 1
        while True:
            data, _, _ = self._request(query, {"per_page": self.per_page, "page": page}, page)
            result.calls += 1
            rows = list(data.get("results") or [])
            result.files.append(self._last_landed)
            if not rows:
                break
            result.pages += 1
            result.rows += len(rows)
            yield from rows
            pages = (data.get("pagination") or {}).get("pages") or 1
            if page >= pages:
                break
            page += 1

    # -- keyset pagination ---------------------------------------------------------------------

    def load_cursor(self, query: Query) -> dict | None:
        return self.cursors.load(query)

    def reset_cursor(self, query: Query) -> None:
        self.cursors.reset(query)

    @staticmethod
    def cursor_params(sort_field: str, last_indexes: dict) -> dict:
        """Request parameters that continue after a page, from its ``last_indexes``."""
        if "last_index" not in last_indexes:
            raise FecApiError(f"last_indexes without last_index: {last_indexes}")
        params = {"last_index": str(last_indexes["last_index"])}
        if last_indexes.get("sort_null_only"):
            params["sort_null_only"] = "true"
            return params
        key = f"last_{sort_field}"
        if last_indexes.get(key) is None:
            raise FecApiError(
                f"last_indexes has neither {key} nor sort_null_only: {last_indexes}"
            )
        params[key] = str(last_indexes[key])
        return params

    def iter_keyset(self, query: Query, result: QueryResult | None = None) -> Iterator[dict]:
        """Every row of an itemized endpoint, resuming from the saved cursor.

        The cursor is saved after each landed page, so a killed run continues where it stopped,
        and a rerun of a finished query costs one call (which returns only rows added since).
        """
        result = result or QueryResult(query)
        sort_field = keyset_sort(query)
        if sort_field is None:
            raise FecApiError(f"{query.path} is not keyset-paginated")
        state = self.load_cursor(query) or {"last_indexes": None, "pages": 0, "rows": 0}
        result.resumed = state["last_indexes"] is not None
        while True:
            extra = {"sort": sort_field, "per_page": self.per_page}
            if state["last_indexes"]:
                extra.update(self.cursor_params(sort_field, state["last_indexes"]))
            page_number = state["pages"] + 1
            data, _, _ = self._request(query, extra, page_number)
            result.calls += 1
            result.files.append(self._last_landed)
            rows = list(data.get("results") or [])
            pagination = data.get("pagination") or {}
            if not rows:
                state["complete"] = True
                self.cursors.save(query, state)
                break
            last_indexes = pagination.get("last_indexes")
            if not last_indexes:
                raise FecApiError(
                    f"{query.path} page {page_number} has rows but no pagination.last_indexes"
                )
            if last_indexes == state["last_indexes"]:
                raise FecApiError(f"{query.path}: the cursor did not move ({last_indexes})")
            state.update(last_indexes=last_indexes, pages=page_number,
                         rows=state["rows"] + len(rows), complete=False,
                         estimated_count=pagination.get("count"))
            self.cursors.save(query, state)
            result.pages += 1
            result.rows += len(rows)
            log.info("%s %s: page %d, %d rows so far (API estimate %s)", query.kind,
                     query.label or query.path, page_number, state["rows"],
                     pagination.get("count"))
            yield from rows
