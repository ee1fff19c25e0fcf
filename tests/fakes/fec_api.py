"""A fake OpenFEC API: a local HTTP server answering like api.open.fec.gov/v1 over a synthetic universe.

It implements the behaviour the pipeline depends on and has to survive (docs/sources.md §1):
api.data.gov key checks, the `{"api_version", "results", "pagination"}` envelope, offset pagination
on the reference endpoints, and openFEC's keyset ("seek") pagination on Schedules A, B and E with
its rules: `last_index` plus `last_<sort field>` or `sort_null_only`, NULL sort values last when
ascending and first when descending, estimated (deliberately wrong) counts, the 400 when Schedule
A/B requests name neither exactly one two-year period nor a secondary filter, and 422s for bad
`per_page`, too many filter values and incomplete cursors. Faults (429, 5xx, slow answers) can be
queued for retry and timeout tests.

Usage in tests::

    with FakeFecApi() as api:
        requests.get(f"{api.base_url}/candidates/", params={"api_key": api.api_key})

From a shell (serves until Ctrl-C)::

    python -m tests.fakes.fec_api --port 8765
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._http_fake import (
    HTML_TYPE,
    ApiError,
    Chaos,
    FakeRequestHandler,
    HttpFake,
    LoggedRequest,
    Params,
    Response,
)
from .fec_universe import (
    Universe,
    build_universe,
    counts_as_individual_itemized,
    schedule_e_cycle,
)

Row = dict[str, Any]
Predicate = Callable[[Row], bool]

MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 10
RATE_LIMIT_PER_HOUR = 1000

NOT_FOUND_HTML = (
    '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n'
    "<p>The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again.</p>\n"
)
_ERROR_HTML = {
    500: ("Internal Server Error", "Internal Server Error"),
    502: ("502 Bad Gateway", "Registered endpoint failed to handle the request."),
    503: ("503 Service Unavailable", "The server is temporarily unable to service your request."),
    504: ("504 Gateway Time-out", "The server didn't respond in time."),
}
OVER_RATE_LIMIT_BODY = {
    "error": {
        "code": "OVER_RATE_LIMIT",
        "message": "You have exceeded your rate limit. Try again later or contact us at "
        "https://api.data.gov/contact/ for assistance",
    }
}
_SIGNUP = "Get one at https://api.open.fec.gov/developers/"

# Address fields only the detail endpoints return.
_COMMITTEE_DETAIL_ONLY = ("street_1", "street_2", "city", "zip", "state_full")


def _message(status: int, message: str) -> ApiError:
    return ApiError(status, {"message": message, "status": status})


# ---------------------------------------------------------------------------------------------
# Parameter parsing
# ---------------------------------------------------------------------------------------------


def _one(params: Params, name: str) -> str | None:
    values = [v for v in params.get(name, []) if v != ""]
    return values[-1] if values else None


def _many(params: Params, name: str) -> list[str]:
    return [v for v in params.get(name, []) if v != ""]


def _to_int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _message(422, f"Parameter '{name}': Not a valid integer.") from None


def _ints(params: Params, name: str) -> list[int]:
    return [_to_int(name, v) for v in _many(params, name)]


def _bool(params: Params, name: str) -> bool | None:
    value = _one(params, name)
    if value is None:
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise _message(422, f"Parameter '{name}': Not a valid boolean.")


def _date_param(params: Params, name: str) -> str | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise _message(422, f"Parameter '{name}': Not a valid date.") from None


def _float_param(params: Params, name: str) -> float | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise _message(422, f"Parameter '{name}': Not a valid number.") from None


def _per_page(params: Params) -> int:
    value = _one(params, "per_page")
    per_page = 20 if value is None else _to_int("per_page", value)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise _message(422, f"Parameter 'per_page' must be between 1 and {MAX_PER_PAGE}")
    return per_page


def _check_caps(params: Params, names: Iterable[str]) -> None:
    for name in names:
        if len(_many(params, name)) > MAX_FILTER_VALUES:
            raise _message(
                422, f"Parameter '{name}' accepts at most {MAX_FILTER_VALUES} values"
            )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.upper())


def words_match(query: str, text: str | None) -> bool:
    """Loose full-text match: every word of `query` occurs somewhere in `text`, any case."""
    if text is None:
        return False
    haystack = text.upper()
    return all(word in haystack for word in _words(query))


# ---------------------------------------------------------------------------------------------
# Row predicates
# ---------------------------------------------------------------------------------------------


def _field_in(field: str, values: Iterable[Any]) -> Predicate:
    allowed = set(values)
    return lambda row: row.get(field) in allowed


def _field_in_any_case(field: str, values: Iterable[str]) -> Predicate:
    allowed = {v.upper() for v in values}
    return lambda row: (row.get(field) or "").upper() in allowed


def _any_words(field: str, queries: list[str]) -> Predicate:
    return lambda row: any(words_match(query, row.get(field)) for query in queries)


def _prefix(field: str, prefixes: list[str]) -> Predicate:
    return lambda row: any((row.get(field) or "").startswith(p) for p in prefixes)


def _date_range(field: str, low: str | None, high: str | None) -> Predicate:
    def check(row: Row) -> bool:
        value = row.get(field)
        if value is None:
            return False
        day = value[:10]
        return (low is None or day >= low) and (high is None or day <= high)

    return check


def _amount_range(field: str, low: float | None, high: float | None) -> Predicate:
    def check(row: Row) -> bool:
        value = row.get(field)
        if value is None:
            return False
        return (low is None or value >= low) and (high is None or value <= high)

    return check


def _line_number(params: Params) -> Predicate | None:
    value = _one(params, "line_number")
    if value is None:
        return None
    match = re.fullmatch(r"(F\d+[A-Z]?)-(\w+)", value.upper())
    if not match:
        raise _message(
            400,
            "Invalid line_number detected. A valid line_number is using the following format: "
            "'Form-Line Number'. For example an argument such as 'F3X-16' would filter down to "
            "all entries from form F3X line number 16.",
        )
    form, line = match.groups()
    return lambda row: row.get("filing_form") == form and row.get("line_number") == line


@dataclass(frozen=True)
class _ScheduleSpec:
    """What differs between the three itemized endpoints."""

    rows: str
    date_field: str
    amount_field: str
    capped: tuple[str, ...]
    # The 400 rule: exactly one two_year_transaction_period, or one of these filters.
    secondary: tuple[str, ...] | None


_SCHEDULE_A = _ScheduleSpec(
    rows="schedule_a",
    date_field="contribution_receipt_date",
    amount_field="contribution_receipt_amount",
    capped=("committee_id", "contributor_name", "contributor_zip", "contributor_city",
            "contributor_employer", "contributor_occupation"),
    secondary=("committee_id", "contributor_id", "contributor_name", "contributor_city",
               "contributor_zip", "contributor_employer", "contributor_occupation",
               "image_number"),
)
_SCHEDULE_B = _ScheduleSpec(
    rows="schedule_b",
    date_field="disbursement_date",
    amount_field="disbursement_amount",
    capped=("committee_id", "recipient_committee_id", "recipient_name", "recipient_city",
            "disbursement_description"),
    secondary=("committee_id", "recipient_committee_id", "recipient_name", "recipient_city",
               "disbursement_description", "image_number"),
)
_SCHEDULE_E = _ScheduleSpec(
    rows="schedule_e",
    date_field="expenditure_date",
    amount_field="expenditure_amount",
    capped=("committee_id", "candidate_id"),
    secondary=None,
)


def _schedule_a_filters(params: Params) -> list[Predicate]:
    filters = _common_schedule_filters(params, _SCHEDULE_A)
    if values := _many(params, "contributor_id"):
        filters.append(_field_in("contributor_id", values))
    for name in ("contributor_name", "contributor_employer", "contributor_occupation"):
        if values := _many(params, name):
            filters.append(_any_words(name, values))
    if values := _many(params, "contributor_city"):
        filters.append(_field_in_any_case("contributor_city", values))
    if values := _many(params, "contributor_state"):
        filters.append(_field_in_any_case("contributor_state", values))
    if values := _many(params, "contributor_zip"):
        filters.append(_prefix("contributor_zip", values))
    if (individual := _bool(params, "is_individual")) is not None:
        filters.append(lambda row: counts_as_individual_itemized(row) is individual)
    if values := _ints(params, "two_year_transaction_period"):
        filters.append(_field_in("two_year_transaction_period", values))
    return filters


def _schedule_b_filters(params: Params) -> list[Predicate]:
    filters = _common_schedule_filters(params, _SCHEDULE_B)
    if values := _many(params, "recipient_committee_id"):
        filters.append(_field_in("recipient_committee_id", values))
    for name in ("recipient_name", "disbursement_description"):
        if values := _many(params, name):
            filters.append(_any_words(name, values))
    if values := _many(params, "recipient_city"):
        filters.append(_field_in_any_case("recipient_city", values))
    if values := _many(params, "recipient_state"):
        filters.append(_field_in_any_case("recipient_state", values))
    if values := _ints(params, "two_year_transaction_period"):
        filters.append(_field_in("two_year_transaction_period", values))
    return filters


def _schedule_e_filters(params: Params) -> list[Predicate]:
    filters = _common_schedule_filters(params, _SCHEDULE_E)
    if values := _many(params, "candidate_id"):
        filters.append(_field_in("candidate_id", values))
    if values := _ints(params, "cycle"):
        cycles = set(values)
        filters.append(lambda row: schedule_e_cycle(row) in cycles)
    if values := _many(params, "support_oppose_indicator"):
        filters.append(_field_in("support_oppose_indicator", [v.upper() for v in values]))
    for name in ("is_notice", "most_recent"):
        if (flag := _bool(params, name)) is not None:
            filters.append(_field_in(name, [flag]))
    return filters


def _common_schedule_filters(params: Params, spec: _ScheduleSpec) -> list[Predicate]:
    filters: list[Predicate] = []
    if values := _many(params, "committee_id"):
        filters.append(_field_in("committee_id", values))
    if values := _many(params, "image_number"):
        filters.append(_field_in("image_number", values))
    low, high = _date_param(params, "min_date"), _date_param(params, "max_date")
    if low or high:
        filters.append(_date_range(spec.date_field, low, high))
    low_amount = _float_param(params, "min_amount")
    high_amount = _float_param(params, "max_amount")
    if low_amount is not None or high_amount is not None:
        filters.append(_amount_range(spec.amount_field, low_amount, high_amount))
    if (line := _line_number(params)) is not None:
        filters.append(line)
    return filters


_SCHEDULE_FILTERS: dict[str, Callable[[Params], list[Predicate]]] = {
    "schedule_a": _schedule_a_filters,
    "schedule_b": _schedule_b_filters,
    "schedule_e": _schedule_e_filters,
}


# ---------------------------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------------------------


class _RequestHandler(FakeRequestHandler):
    server_version = "openresty"
    do_GET = FakeRequestHandler.forward


class FakeFecApi(HttpFake[LoggedRequest]):
    """A fake OpenFEC server on a free local port, serving `universe` (default: build_universe()).

    Attributes:
        base_url: "http://127.0.0.1:<port>/v1" once started.
        api_key: the only key accepted in the `api_key` query parameter.
        requests_log: every request received, as `LoggedRequest(method, path, params, headers)`.
        server_errors: exceptions raised while answering (the client got a 500); tests can
            assert it stays empty.
    """

    handler_class = _RequestHandler
    api_path = "/v1"
    thread_name = "fake-openfec"

    def __init__(self, universe: Universe | None = None, api_key: str = "test-key-123",
                 host: str = "127.0.0.1", port: int = 0):
        super().__init__(api_key, host, port)
        self.universe = universe if universe is not None else build_universe()
        self._calls = 0
        self._routes: list[tuple[re.Pattern[str], Callable[..., Any]]] = [
            (re.compile(pattern), handler)
            for pattern, handler in (
                (r"/v1/candidates/", self._candidates),
                (r"/v1/candidates/search/", self._candidates_search),
                (r"/v1/candidate/(?P<candidate_id>[^/]+)/", self._candidate),
                (r"/v1/candidate/(?P<candidate_id>[^/]+)/committees/",
                 self._candidate_committees),
                (r"/v1/committees/", self._committees),
                (r"/v1/committee/(?P<committee_id>[^/]+)/", self._committee),
                (r"/v1/committee/(?P<committee_id>[^/]+)/totals/", self._committee_totals),
                (r"/v1/names/candidates/", self._names_candidates),
                (r"/v1/names/committees/", self._names_committees),
                (r"/v1/schedules/schedule_a/", lambda p: self._schedule(_SCHEDULE_A, p)),
                (r"/v1/schedules/schedule_a/(?P<sub_id>\d+)/", self._schedule_a_row),
                (r"/v1/schedules/schedule_b/", lambda p: self._schedule(_SCHEDULE_B, p)),
                (r"/v1/schedules/schedule_e/", lambda p: self._schedule(_SCHEDULE_E, p)),
            )
        ]

    # -- test controls ---------------------------------------------------------------------------

    def fail_next(self, status: int, times: int = 1, headers: dict[str, str] | None = None,
                  body: str | bytes | dict | list | None = None,
                  path_contains: str | None = None) -> None:
        """Answer the next `times` matching requests with `status` instead of the real answer.

        Faults are consumed in the order they were queued, by the first request whose path
        contains `path_contains` (any request when None). They are checked before the API key,
        like the api.data.gov gateway's own errors. Without a body, 429 gets api.data.gov's
        OVER_RATE_LIMIT JSON and 5xx an HTML error page.
        """
        content_type = (headers or {}).get("Content-Type")
        if body is None:
            if status == 429:
                body = OVER_RATE_LIMIT_BODY
            else:
                title, text = _ERROR_HTML.get(status, (f"{status} Error", f"Error {status}"))
                body = (f"<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n"
                        f"    <h1><p>{text}</p></h1>\n  </body>\n</html>")
        extra = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
        self._queue_fault(status, times, extra, body, content_type, path_contains)

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str]) -> Response:
        """Answer one request: (status, headers, body). Used by the HTTP handler."""
        url = urlsplit(target)
        params = parse_qs(url.query, keep_blank_values=True)
        with self._lock:
            self._calls += 1
            remaining = max(RATE_LIMIT_PER_HOUR - self._calls, 0)
        fault = self._admit(LoggedRequest(method, url.path, params, dict(headers)), url.path)
        rate_headers = {"X-RateLimit-Limit": str(RATE_LIMIT_PER_HOUR),
                        "X-RateLimit-Remaining": str(remaining)}
        if fault is not None:
            if fault.status == 429:
                rate_headers["X-RateLimit-Remaining"] = "0"
            return fault.status, {**rate_headers, "Content-Type": fault.content_type,
                                  **fault.headers}, fault.body
        answer = self._answer(lambda: self._dispatch(url.path, params), _ERROR_HTML[500][0])
        return answer.status, {**rate_headers, "Content-Type": answer.content_type}, answer.body

    def _dispatch(self, path: str, params: Params) -> Any:
        self._check_api_key(params)
        if not path.endswith("/"):
            path += "/"
        for pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match:
                return handler(params, **match.groupdict())
        raise ApiError(404, NOT_FOUND_HTML, HTML_TYPE)

    def _check_api_key(self, params: Params) -> None:
        key = _one(params, "api_key")
        if key is None:
            raise ApiError(403, {"error": {"code": "API_KEY_MISSING",
                                           "message": f"No api_key was supplied. {_SIGNUP}"}})
        if key != self.api_key:
            raise ApiError(403, {"error": {"code": "API_KEY_INVALID",
                                           "message": f"An invalid api_key was supplied. "
                                                      f"{_SIGNUP}"}})

    # -- offset-paginated endpoints --------------------------------------------------------------

    @staticmethod
    def _offset_page(rows: list[Row], params: Params) -> dict:
        per_page = _per_page(params)
        page = _to_int("page", _one(params, "page") or "1")
        if page < 1:
            raise _message(422, "Parameter 'page' must be at least 1")
        start = (page - 1) * per_page
        return {
            "api_version": "1.0",
            "results": rows[start:start + per_page],
            "pagination": {
                "count": len(rows),
                "is_count_exact": True,
                "page": page,
                "pages": math.ceil(len(rows) / per_page),
                "per_page": per_page,
            },
        }

    def _filtered_candidates(self, params: Params) -> list[Row]:
        filters: list[Predicate] = []
        if q := _one(params, "q"):
            filters.append(lambda row: words_match(q, row["name"]))
        if values := _many(params, "candidate_id"):
            filters.append(_field_in("candidate_id", [v.upper() for v in values]))
        for name in ("office", "party", "state", "district", "incumbent_challenge",
                     "candidate_status"):
            if values := _many(params, name):
                filters.append(_field_in(name, [v.upper() for v in values]))
        if values := _ints(params, "election_year"):
            wanted = set(values)
            filters.append(lambda row: bool(wanted & set(row["election_years"])))
        if values := _ints(params, "cycle"):
            wanted_cycles = set(values)
            filters.append(lambda row: bool(wanted_cycles & set(row["cycles"])))
        rows = [row for row in self.universe.candidates if all(f(row) for f in filters)]
        return sorted(rows, key=lambda row: (row["name"], row["candidate_id"]))

    def _candidates(self, params: Params) -> dict:
        # Only /candidates/search/ nests principal committees.
        rows = [_without(row, ("principal_committees",))
                for row in self._filtered_candidates(params)]
        return self._offset_page(rows, params)

    def _candidates_search(self, params: Params) -> dict:
        return self._offset_page(self._filtered_candidates(params), params)

    def _candidate(self, params: Params, candidate_id: str) -> dict:
        candidate = self.universe.candidate(candidate_id.upper())
        rows = [_without(candidate, ("principal_committees",))] if candidate else []
        return self._offset_page(rows, params)

    def _candidate_committees(self, params: Params, candidate_id: str) -> dict:
        rows = [c for c in self.universe.committees if candidate_id.upper() in c["candidate_ids"]]
        if values := _many(params, "designation"):
            rows = [c for c in rows if c["designation"] in {v.upper() for v in values}]
        if cycles := set(_ints(params, "cycle")):
            rows = [c for c in rows if cycles & set(c["cycles"])]
        return self._offset_page(sorted(rows, key=lambda c: c["name"]), params)

    def _committees(self, params: Params) -> dict:
        filters: list[Predicate] = []
        if q := _one(params, "q"):
            filters.append(lambda row: words_match(q, row["name"]))
        if values := _many(params, "committee_id"):
            filters.append(_field_in("committee_id", [v.upper() for v in values]))
        for name in ("committee_type", "designation", "organization_type", "state", "party",
                     "filing_frequency"):
            if values := _many(params, name):
                filters.append(_field_in(name, [v.upper() for v in values]))
        if values := _many(params, "candidate_id"):
            wanted = {v.upper() for v in values}
            filters.append(lambda row: bool(wanted & set(row["candidate_ids"])))
        if cycles := set(_ints(params, "cycle")):
            filters.append(lambda row: bool(cycles & set(row["cycles"])))
        rows = [_without(row, _COMMITTEE_DETAIL_ONLY) for row in self.universe.committees
                if all(f(row) for f in filters)]
        return self._offset_page(sorted(rows, key=lambda c: (c["name"], c["committee_id"])),
                                 params)

    def _committee(self, params: Params, committee_id: str) -> dict:
        committee = self.universe.committee(committee_id.upper())
        return self._offset_page([committee] if committee else [], params)

    def _committee_totals(self, params: Params, committee_id: str) -> dict:
        rows = self.universe.totals(committee_id.upper())
        if cycles := set(_ints(params, "cycle")):
            rows = [row for row in rows if row["cycle"] in cycles]
        return self._offset_page(rows, params)

    def _names_candidates(self, params: Params) -> dict:
        q = _one(params, "q") or ""
        rows = [{"id": c["candidate_id"], "name": c["name"], "office_sought": c["office"]}
                for c in self.universe.candidates if q and words_match(q, c["name"])]
        return {"api_version": "1.0", "results": sorted(rows, key=lambda r: r["name"])[:100]}

    def _names_committees(self, params: Params) -> dict:
        q = _one(params, "q") or ""
        rows = [{"id": c["committee_id"], "name": c["name"]}
                for c in self.universe.committees if q and words_match(q, c["name"])]
        return {"api_version": "1.0", "results": sorted(rows, key=lambda r: r["name"])[:100]}

    # -- keyset-paginated schedules --------------------------------------------------------------

    def _schedule_a_row(self, params: Params, sub_id: str) -> dict:
        rows = [row for row in self.universe.schedule_a if row["sub_id"] == sub_id]
        return {"api_version": "1.0", "results": rows,
                "pagination": {"count": len(rows), "is_count_exact": True, "pages": 1,
                               "per_page": _per_page(params)}}

    def _schedule(self, spec: _ScheduleSpec, params: Params) -> dict:
        """One page of an itemized schedule, following openFEC's seek-pagination rules."""
        per_page = _per_page(params)
        sort = _one(params, "sort") or f"-{spec.date_field}"
        descending = sort.startswith("-")
        field = sort.lstrip("-")
        if field not in (spec.date_field, spec.amount_field):
            raise _message(422, f'Cannot sort on value "{sort}"')
        _check_caps(params, spec.capped)
        if spec.secondary is not None:
            periods = _many(params, "two_year_transaction_period")
            if len(periods) != 1 and not any(_many(params, name) for name in spec.secondary):
                raise ApiError(400, {"message": (
                    "Please choose a single `two_year_transaction_period` or add one of the "
                    "following filters to your query: "
                    + ", ".join(f"`{name}`" for name in spec.secondary)
                ), "status": 400})
        filters = _SCHEDULE_FILTERS[spec.rows](params)
        if _bool(params, "sort_hide_null"):
            filters.append(lambda row: row.get(field) is not None)
        is_date = field == spec.date_field
        null_placeholder: Any = "" if is_date else 0.0

        def sort_key(row: Row) -> tuple:
            value = row.get(field)
            if value is None:
                return (1, null_placeholder, int(row["sub_id"]))
            return (0, value[:10] if is_date else float(value), int(row["sub_id"]))

        rows = [row for row in getattr(self.universe, spec.rows)
                if all(f(row) for f in filters)]
        estimate = int(len(rows) * 1.07) + 3
        # Ascending: NULLs after every value; descending: the same order reversed, NULLs first.
        ordered = sorted(rows, key=sort_key, reverse=descending)
        cursor = self._cursor(params, field, is_date, descending)
        if cursor is not None:
            ordered = [row for row in ordered
                       if (sort_key(row) < cursor if descending else sort_key(row) > cursor)]
        page = ordered[:per_page]
        return {
            "api_version": "1.0",
            "results": page,
            "pagination": {
                "count": estimate,
                "is_count_exact": False,
                "last_indexes": _last_indexes(page[-1], field) if page else None,
                "pages": math.ceil(estimate / per_page),
                "per_page": per_page,
            },
        }

    @staticmethod
    def _cursor(params: Params, field: str, is_date: bool, descending: bool) -> tuple | None:
        """The sort key the next page starts after (or before, when descending)."""
        last_index = _one(params, "last_index")
        last_value = _one(params, f"last_{field}")
        null_only = bool(_bool(params, "sort_null_only"))
        if last_index is not None and last_value is None and not null_only:
            raise _message(
                422,
                "When paginating through results, both values from the previous page's "
                f'"last_indexes" object are needed: pass last_index together with last_{field}, '
                "or with sort_null_only=true when the previous page ended on a null value.",
            )
        index = _to_int("last_index", last_index) if last_index is not None else None
        if last_value is not None:
            if is_date:
                try:
                    value: Any = date.fromisoformat(last_value[:10]).isoformat()
                except ValueError:
                    raise _message(422, f"Parameter 'last_{field}': Not a valid date.") from None
            else:
                try:
                    value = float(last_value)
                except ValueError:
                    raise _message(422, f"Parameter 'last_{field}': Not a valid number.") from None
            edge = -math.inf if descending else math.inf
            return (0, value, index if index is not None else edge)
        if null_only:
            placeholder = "" if is_date else 0.0
            if index is None:
                # Without an index openFEC applies sort_null_only to ascending sorts only, where
                # it keeps just the NULL rows.
                return (1, placeholder, -math.inf if not descending else math.inf)
            return (1, placeholder, index)
        return None

    # -- running as a script ---------------------------------------------------------------------

    def _describe(self) -> str:
        return f"Fake OpenFEC API at {self.base_url} (api_key={self.api_key})"


def _without(row: Row, keys: Iterable[str]) -> Row:
    drop = set(keys)
    return {key: value for key, value in row.items() if key not in drop}


def _last_indexes(row: Row, field: str) -> dict:
    value = row.get(field)
    if value is None:
        return {"last_index": row["sub_id"], "sort_null_only": True}
    rendered = value if isinstance(value, str) else str(float(value))
    return {"last_index": row["sub_id"], f"last_{field}": rendered}


def main(argv: list[str] | None = None) -> None:
    """Run the fake from a shell: `python -m tests.fakes.fec_api --port 8765`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", default="test-key-123")
    parser.add_argument("--chaos", type=int, metavar="SEED", default=None,
                        help="inject random faults (tests.fakes._http_fake.Chaos) with this seed")
    args = parser.parse_args(argv)
    fake = FakeFecApi(api_key=args.api_key, host=args.host, port=args.port)
    if args.chaos is not None:
        fake.set_chaos(Chaos(seed=args.chaos))
    fake.serve_until_interrupted()


if __name__ == "__main__":
    main()
