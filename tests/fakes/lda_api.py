"""A fake Lobbying Disclosure API: a local HTTP server answering like lda.gov/api/v1.

It serves the synthetic universe of `tests/fakes/lda_universe.py` and implements the behaviour the
pipeline depends on and has to survive (docs/sources.md §3): Django REST Framework token
authentication (``Authorization: Token <key>``; anonymous allowed, a wrong token is a 401),
page-number pagination with absolute ``next``/``previous`` links, ``page_size`` silently capped at
25, the 404 for a page past the end, the 400 for paging `filings/` or `contributions/` past page 1
without a filter, the documented filters (with the API's "advanced text search" on
``filing_specific_lobbying_issues``), ``ordering``, DRF's 400 bodies for malformed filter values,
constants lists as bare JSON arrays, and Django's trailing-slash redirect and HTML 404.

Faults for retry and timeout tests: `fail_next` (e.g. 429 with ``Retry-After``, 5xx), `delay_next`,
and an optional per-client throttle (`throttle_after`) that answers 429 like DRF's throttling.
`public_host` makes ``next``/``previous`` (and the API root) name another host than the one
requested, as lda.senate.gov handed out lda.gov links during the migration.

Usage in tests::

    with FakeLdaApi() as api:
        requests.get(f"{api.base_url}/filings/", params={"filing_year": 2016},
                     headers={"Authorization": f"Token {api.api_key}"})

From a shell (serves until Ctrl-C)::

    python -m tests.fakes.lda_api --port 8766
"""

from __future__ import annotations

import argparse
import math
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from ._http_fake import (
    HTML_TYPE,
    JSON_TYPE,
    ApiError,
    Chaos,
    FakeRequestHandler,
    HttpFake,
    Params,
    Response,
)
from .lda_universe import PERIODS, LdaUniverse, build_lda_universe

Row = dict[str, Any]
Predicate = Callable[[Row], bool]

API_PREFIX = "/api/v1"
PAGE_SIZE = 25
RETRY_AFTER_SECONDS = 2
THROTTLED_DETAIL = f"Request was throttled. Expected available in {RETRY_AFTER_SECONDS} seconds."
FILTER_REQUIRED_DETAIL = ("You must pass at least one query string parameter to filter the results "
                          "and be able to paginate the results.")
# Parameters that do not count as a filter for the page-2 rule.
NOT_FILTERS = frozenset({"page", "page_size", "ordering"})
ROOT_ENDPOINTS = ("filings", "contributions", "registrants", "clients", "lobbyists")

DJANGO_404_HTML = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n'
    "  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n"
    "</html>\n"
)
_ERROR_HTML = {
    500: "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n"
         "</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n",
    502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
         "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
         "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx"
         "</center>\r\n</body>\r\n</html>\r\n",
    504: "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 "
         "Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
}
_DEFAULT_FAULT_DETAIL = {
    401: "Invalid token.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    429: THROTTLED_DETAIL,
}
_JSON_HEADERS = {"Content-Type": JSON_TYPE, "Vary": "Accept", "Allow": "GET, HEAD, OPTIONS"}


class LoggedRequest(NamedTuple):
    """One request as the fake saw it.

    ``auth`` is "token" (the right key in ``Authorization: Token <key>``), "anonymous" (no
    Authorization header, or one that is not a Token header) or "invalid" (a Token header the fake
    rejects with 401).
    """

    method: str
    path: str
    params: Params
    headers: dict[str, str]
    auth: str


def _detail(status: int, detail: str) -> ApiError:
    return ApiError(status, {"detail": detail})


def _field_error(name: str, message: str) -> ApiError:
    return ApiError(400, {name: [message]})


# ---------------------------------------------------------------------------------------------
# Parameter parsing (django-filter semantics: blank values are ignored)
# ---------------------------------------------------------------------------------------------


def _one(params: Params, name: str) -> str | None:
    values = [v for v in params.get(name, []) if v.strip() != ""]
    return values[-1].strip() if values else None


def _int_param(params: Params, name: str) -> int | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise _field_error(name, "Enter a number.") from None


def _float_param(params: Params, name: str) -> float | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise _field_error(name, "Enter a number.") from None


def _bool_param(params: Params, name: str) -> bool | None:
    value = _one(params, name)
    if value is None:
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise _field_error(name, "Enter a valid boolean.")


def _choice_param(params: Params, name: str, choices: set[str]) -> str | None:
    value = _one(params, name)
    if value is not None and value not in choices:
        raise _field_error(
            name, f"Select a valid choice. {value} is not one of the available choices.")
    return value


def _year_param(params: Params, name: str) -> int | None:
    value = _one(params, name)
    if value is None:
        return None
    if not value.isdigit():
        raise _field_error(
            name, f"Select a valid choice. {value} is not one of the available choices.")
    return int(value)


# Dates and naive times in filters are Washington time; EST keeps them fixed whatever the season.
_EASTERN_STANDARD = timezone(timedelta(hours=-5))


def _moment(value: str) -> datetime:
    """An aware datetime from an ISO timestamp (naive values are read as US Eastern)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=_EASTERN_STANDARD)


def _datetime_bound(params: Params, name: str, upper: bool) -> datetime | None:
    """A ``*_after``/``*_before`` bound; a bare date covers that whole day (inclusive)."""
    value = _one(params, name)
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            start = datetime(day.year, day.month, day.day, tzinfo=_EASTERN_STANDARD)
            return start + timedelta(days=1, microseconds=-1) if upper else start
        return _moment(value)
    except ValueError:
        raise _field_error(name, "Enter a valid date/time.") from None


def _date_bound(params: Params, name: str) -> str | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _field_error(name, "Enter a valid date.") from None


# ---------------------------------------------------------------------------------------------
# Advanced text search (sources.md §3.2: words OR'd, "phrases", OR, -exclusions)
# ---------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    # Full-text search stems words; dropping a plural "s" is enough for this universe.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _terms(text: str) -> list[str]:
    return [_stem(word) for word in re.findall(r"\w+", text.lower())]


class TextQuery(NamedTuple):
    """A parsed advanced text search: any of `include` and none of `exclude`, as term sequences."""

    include: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, query: str) -> TextQuery:
        include: list[tuple[str, ...]] = []
        exclude: list[tuple[str, ...]] = []
        for token in re.findall(r'-?"[^"]*"?|\S+', query):
            if token == "OR":
                continue
            negative = token.startswith("-") and len(token) > 1
            body = token[1:] if negative else token
            if body.startswith('"'):
                phrases = [tuple(_terms(body.strip('"')))]
            else:
                phrases = [(term,) for term in _terms(body)]
            (exclude if negative else include).extend(p for p in phrases if p)
        return cls(tuple(include), tuple(exclude))

    def matches(self, text: str | None) -> bool:
        """Whether one field (e.g. one activity's description) satisfies the query."""
        if text is None:
            return False
        terms = _terms(text)

        def has(sequence: tuple[str, ...]) -> bool:
            width = len(sequence)
            return any(tuple(terms[i:i + width]) == sequence
                       for i in range(len(terms) - width + 1))

        if self.include and not any(has(seq) for seq in self.include):
            return False
        return not any(has(seq) for seq in self.exclude)


# ---------------------------------------------------------------------------------------------
# Row predicates
# ---------------------------------------------------------------------------------------------


def _contains(needle: str, haystack: str | None) -> bool:
    return haystack is not None and needle.lower() in haystack.lower()


def _lobbyist_name_matches(query: str, lobbyist: Row | None) -> bool:
    if not lobbyist:
        return False
    first, middle, last = (lobbyist.get(k) or "" for k in ("first_name", "middle_name",
                                                            "last_name"))
    names = (first, last, f"{first} {last}", f"{last}, {first}", f"{first} {middle} {last}")
    return any(_contains(query, name) for name in names)


def _activity_lobbyists(filing: Row) -> list[Row]:
    return [entry for activity in filing.get("lobbying_activities") or []
            for entry in activity.get("lobbyists") or []]


def _amount(filing: Row) -> float | None:
    value = filing.get("income") if filing.get("income") is not None else filing.get("expenses")
    return None if value is None else float(value)


def _uuid_param(params: Params, name: str) -> str | None:
    value = _one(params, name)
    if value is None:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise _field_error(name, "Enter a valid UUID.") from None


def _posted_filters(params: Params) -> list[Predicate]:
    filters: list[Predicate] = []
    low = _datetime_bound(params, "filing_dt_posted_after", upper=False)
    high = _datetime_bound(params, "filing_dt_posted_before", upper=True)
    if low is not None:
        filters.append(lambda row: _moment(row["dt_posted"]) >= low)
    if high is not None:
        filters.append(lambda row: _moment(row["dt_posted"]) <= high)
    return filters


def _report_filters(params: Params) -> list[Predicate]:
    """Filters `filings/` and `contributions/` share."""
    filters = _posted_filters(params)
    if (filing_uuid := _uuid_param(params, "filing_uuid")) is not None:
        filters.append(lambda row: row["filing_uuid"] == filing_uuid)
    if (year := _year_param(params, "filing_year")) is not None:
        filters.append(lambda row: row["filing_year"] == year)
    if (period := _choice_param(params, "filing_period", set(PERIODS))) is not None:
        filters.append(lambda row: row["filing_period"] == period)
    if (filing_type := _one(params, "filing_type")) is not None:
        filters.append(lambda row: row["filing_type"] == filing_type.upper())
    if (name := _one(params, "registrant_name")) is not None:
        filters.append(lambda row: _contains(name, row["registrant"]["name"]))
    if (registrant_id := _int_param(params, "registrant_id")) is not None:
        filters.append(lambda row: row["registrant"]["id"] == registrant_id)
    return filters


def _filing_filters(params: Params) -> list[Predicate]:
    filters = _report_filters(params)
    if (name := _one(params, "client_name")) is not None:
        filters.append(lambda row: _contains(name, row["client"]["name"]))
    if (client_id := _int_param(params, "client_id")) is not None:
        filters.append(lambda row: row["client"]["id"] == client_id)
    if (state := _one(params, "client_state")) is not None:
        filters.append(lambda row: (row["client"].get("state") or "") == state.upper())
    if (lobbyist_name := _one(params, "lobbyist_name")) is not None:
        filters.append(lambda row: any(_lobbyist_name_matches(lobbyist_name, e["lobbyist"])
                                       for e in _activity_lobbyists(row)))
    if (lobbyist_id := _int_param(params, "lobbyist_id")) is not None:
        filters.append(lambda row: any(e["lobbyist"]["id"] == lobbyist_id
                                       for e in _activity_lobbyists(row)))
    if (issues := _one(params, "filing_specific_lobbying_issues")) is not None:
        issue_query = TextQuery.parse(issues)
        filters.append(lambda row: any(issue_query.matches(a.get("description"))
                                       for a in row.get("lobbying_activities") or []))
    if (position := _one(params, "lobbyist_covered_position")) is not None:
        position_query = TextQuery.parse(position)
        filters.append(lambda row: any(position_query.matches(e.get("covered_position"))
                                       for e in _activity_lobbyists(row)))
    if (covered := _bool_param(params, "lobbyist_covered_position_indicator")) is not None:
        filters.append(lambda row: any(bool(e.get("covered_position"))
                                       for e in _activity_lobbyists(row)) is covered)
    low = _float_param(params, "filing_amount_reported_min")
    high = _float_param(params, "filing_amount_reported_max")
    if low is not None or high is not None:
        def in_range(row: Row) -> bool:
            amount = _amount(row)
            return amount is not None and (low is None or amount >= low) and (
                high is None or amount <= high)
        filters.append(in_range)
    return filters


def _items(row: Row) -> list[Row]:
    return row.get("contribution_items") or []


def _contribution_filters(params: Params) -> list[Predicate]:
    filters = _report_filters(params)
    if (lobbyist_name := _one(params, "lobbyist_name")) is not None:
        filters.append(lambda row: _lobbyist_name_matches(lobbyist_name, row.get("lobbyist")))
    if (lobbyist_id := _int_param(params, "lobbyist_id")) is not None:
        filters.append(lambda row: (row.get("lobbyist") or {}).get("id") == lobbyist_id)
    if _bool_param(params, "lobbyist_exclude"):
        filters.append(lambda row: row["filer_type"] != "lobbyist")
    for name, item_field in (("contribution_contributor", "contributor_name"),
                             ("contribution_payee", "payee_name"),
                             ("contribution_honoree", "honoree_name")):
        if (needle := _one(params, name)) is not None:
            filters.append(lambda row, needle=needle, item_field=item_field: any(
                _contains(needle, item.get(item_field)) for item in _items(row)))
    if (kind := _one(params, "contribution_type")) is not None:
        filters.append(lambda row: any(item["contribution_type"] == kind.lower()
                                       for item in _items(row)))
    low_day = _date_bound(params, "contribution_date_after")
    high_day = _date_bound(params, "contribution_date_before")
    if low_day or high_day:
        filters.append(lambda row: any(
            (low_day is None or item["date"] >= low_day)
            and (high_day is None or item["date"] <= high_day) for item in _items(row)))
    low = _float_param(params, "contribution_amount_min")
    high = _float_param(params, "contribution_amount_max")
    if low is not None or high is not None:
        filters.append(lambda row: any(
            (low is None or float(item["amount"]) >= low)
            and (high is None or float(item["amount"]) <= high) for item in _items(row)))
    return filters


def _registrant_filters(params: Params) -> list[Predicate]:
    filters: list[Predicate] = []
    if (rid := _int_param(params, "id")) is not None:
        filters.append(lambda row: row["id"] == rid)
    if (name := _one(params, "registrant_name")) is not None:
        filters.append(lambda row: _contains(name, row["name"]))
    if (state := _one(params, "state")) is not None:
        filters.append(lambda row: (row.get("state") or "") == state.upper())
    if (country := _one(params, "country")) is not None:
        filters.append(lambda row: (row.get("country") or "") == country.upper())
    return filters


def _nested_registrant_filters(params: Params) -> list[Predicate]:
    filters: list[Predicate] = []
    if (rid := _int_param(params, "id")) is not None:
        filters.append(lambda row: row["id"] == rid)
    if (registrant_id := _int_param(params, "registrant_id")) is not None:
        filters.append(lambda row: row["registrant"]["id"] == registrant_id)
    if (name := _one(params, "registrant_name")) is not None:
        filters.append(lambda row: _contains(name, row["registrant"]["name"]))
    return filters


def _client_filters(params: Params) -> list[Predicate]:
    filters = _nested_registrant_filters(params)
    if (name := _one(params, "client_name")) is not None:
        filters.append(lambda row: _contains(name, row["name"]))
    if (state := _one(params, "client_state")) is not None:
        filters.append(lambda row: (row.get("state") or "") == state.upper())
    if (country := _one(params, "client_country")) is not None:
        filters.append(lambda row: (row.get("country") or "") == country.upper())
    return filters


def _lobbyist_filters(params: Params) -> list[Predicate]:
    filters = _nested_registrant_filters(params)
    if (name := _one(params, "lobbyist_name")) is not None:
        filters.append(lambda row: _lobbyist_name_matches(name, row))
    return filters


# ---------------------------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------------------------


def _order(rows: list[Row], params: Params, fields: dict[str, Callable[[Row], Any]],
           default: tuple[str, ...], tiebreak: Callable[[Row], Any]) -> list[Row]:
    """Sort like DRF's OrderingFilter: unknown fields are ignored, NULLs sort last ascending."""
    requested = [name.strip() for value in params.get("ordering", []) for name in value.split(",")
                 if name.strip().lstrip("-") in fields]
    ordered = sorted(rows, key=tiebreak)
    for name in reversed(requested or list(default)):
        descending = name.startswith("-")
        key = fields[name.lstrip("-")]
        # Stable sorts from the last key to the first; NULLs are last ascending, first descending.
        nulls = [row for row in ordered if key(row) is None]
        values = sorted((row for row in ordered if key(row) is not None), key=key,
                        reverse=descending)
        ordered = nulls + values if descending else values + nulls
    return ordered


_FILING_ORDERING: dict[str, Callable[[Row], Any]] = {
    "dt_posted": lambda row: _moment(row["dt_posted"]),
    "filing_year": lambda row: row["filing_year"],
    "filing_period": lambda row: row["filing_period"],
    "filing_type": lambda row: row["filing_type"],
    "registrant__name": lambda row: row["registrant"]["name"],
    "client__name": lambda row: row["client"]["name"],
    "income": lambda row: None if row.get("income") is None else float(row["income"]),
    "expenses": lambda row: None if row.get("expenses") is None else float(row["expenses"]),
}
_CONTRIBUTION_ORDERING: dict[str, Callable[[Row], Any]] = {
    "dt_posted": _FILING_ORDERING["dt_posted"],
    "filing_year": _FILING_ORDERING["filing_year"],
    "filing_period": _FILING_ORDERING["filing_period"],
    "filing_type": _FILING_ORDERING["filing_type"],
    "registrant__name": _FILING_ORDERING["registrant__name"],
}
_ENTITY_ORDERING: dict[str, Callable[[Row], Any]] = {
    "id": lambda row: row["id"],
    "name": lambda row: row.get("name"),
}
# Since 04/05/2023 lobbyists can be ordered by id only.
_LOBBYIST_ORDERING: dict[str, Callable[[Row], Any]] = {"id": lambda row: row["id"]}


# ---------------------------------------------------------------------------------------------
# DRF's URL helpers (rest_framework.utils.urls)
# ---------------------------------------------------------------------------------------------


def _replace_query_param(url: str, key: str, value: object) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    query_dict = parse_qs(query, keep_blank_values=True)
    query_dict[key] = [str(value)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query_dict.items()), doseq=True),
                       fragment))


def _remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    query_dict = parse_qs(query, keep_blank_values=True)
    query_dict.pop(key, None)
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query_dict.items()), doseq=True),
                       fragment))


# ---------------------------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------------------------


class _RequestHandler(FakeRequestHandler):
    server_version = "gunicorn"
    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = FakeRequestHandler.forward

    def fake_response(self) -> Response:
        # The throttle tells anonymous clients apart by their address.
        return self.server.fake.handle(
            self.command, self.path, dict(self.headers), self.client_address[0])


class FakeLdaApi(HttpFake[LoggedRequest]):
    """A fake LDA API server on a free local port, serving `universe` (default: the synthetic one).

    Args:
        universe: the records to serve.
        api_key: the only token accepted in ``Authorization: Token <key>``.
        public_host: when set, ``next``/``previous`` and the API root's links use this host instead
            of the requested one: a bare host name keeps the scheme and port ("localhost" while
            serving on 127.0.0.1), a full origin ("http://localhost:8766") is used as given.
        host, port: where to listen (port 0 picks a free port).
        throttle_after: when set, each client (token, or remote address when anonymous) gets this
            many requests; the next one is answered 429 with ``Retry-After`` and the count starts
            again. Constants never count.

    Attributes:
        base_url: "http://127.0.0.1:<port>/api/v1" once started.
        requests_log: every request received, as `LoggedRequest`.
        server_errors: exceptions raised while answering (the client got a 500); tests can
            assert it stays empty.
    """

    handler_class = _RequestHandler
    api_path = API_PREFIX
    thread_name = "fake-lda"

    def __init__(self, universe: LdaUniverse | None = None, api_key: str = "lda-test-key",
                 public_host: str | None = None, host: str = "127.0.0.1", port: int = 0,
                 throttle_after: int | None = None):
        super().__init__(api_key, host, port)
        self.universe = universe if universe is not None else build_lda_universe()
        self.public_host = public_host
        self.throttle_after = throttle_after
        self._throttle_counts: dict[str, int] = {}
        self._routes: list[tuple[re.Pattern[str], Callable[..., Any]]] = [
            (re.compile(API_PREFIX + pattern), handler)
            for pattern, handler in (
                (r"/", self._root),
                (r"/filings/", self._filings),
                (r"/filings/(?P<key>[^/]+)/", self._filing),
                (r"/contributions/", self._contributions),
                (r"/contributions/(?P<key>[^/]+)/", self._contribution),
                (r"/registrants/", self._registrants),
                (r"/registrants/(?P<key>\d+)/", self._registrant),
                (r"/clients/", self._clients),
                (r"/clients/(?P<key>\d+)/", self._client),
                (r"/lobbyists/", self._lobbyists),
                (r"/lobbyists/(?P<key>\d+)/", self._lobbyist),
                (r"/constants/(?P<group>[^/]+)/(?P<name>[^/]+)/", self._constants),
            )
        ]

    # -- test controls ---------------------------------------------------------------------------

    def fail_next(self, status: int, times: int = 1, headers: dict[str, str] | None = None,
                  body: str | bytes | dict | list | None = None,
                  path_contains: str | None = None) -> None:
        """Answer the next `times` matching requests with `status` instead of the real answer.

        Faults are consumed in the order they were queued, by the first request whose path
        contains `path_contains` (any request when None), before authentication, like a gateway.
        Without a body, 5xx get an HTML error page and other statuses DRF's ``{"detail": ...}``;
        a 429 also gets ``Retry-After: 2`` unless `headers` say otherwise.
        """
        extra = dict(headers or {})
        content_type = next((v for k, v in extra.items() if k.lower() == "content-type"), None)
        extra = {k: v for k, v in extra.items() if k.lower() != "content-type"}
        if status == 429 and not any(k.lower() == "retry-after" for k in extra):
            extra["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if body is None:
            if status >= 500:
                body = _ERROR_HTML.get(status, _ERROR_HTML[500])
            else:
                body = {"detail": _DEFAULT_FAULT_DETAIL.get(status, f"Error {status}.")}
        self._queue_fault(status, times, extra, body, content_type, path_contains)

    def clear_faults(self) -> None:
        """Drop queued failures and delays that no request has consumed, and reset the
        throttle counters."""
        super().clear_faults()
        with self._lock:
            self._throttle_counts.clear()

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str],
               client_address: str = "127.0.0.1") -> Response:
        """Answer one request: (status, headers, body). Used by the HTTP handler."""
        url = urlsplit(target)
        params = parse_qs(url.query, keep_blank_values=True)
        lowered = {k.lower(): v for k, v in headers.items()}
        auth, auth_error = self._authenticate(lowered.get("authorization"))
        fault = self._admit(LoggedRequest(method, url.path, params, dict(headers), auth), url.path)
        if fault is not None:
            return fault.status, {"Content-Type": fault.content_type, **fault.headers}, fault.body
        answer = self._answer(lambda: self._respond(method, url.path, url.query, params, lowered,
                                                    auth, auth_error, client_address),
                              _ERROR_HTML[500])
        base = _JSON_HEADERS if answer.content_type == JSON_TYPE else {}
        return (answer.status, {**base, "Content-Type": answer.content_type, **answer.headers},
                answer.body)

    def _authenticate(self, header: str | None) -> tuple[str, str | None]:
        """DRF TokenAuthentication: (auth state, 401 detail or None)."""
        parts = (header or "").split()
        if not parts or parts[0].lower() != "token":
            return "anonymous", None
        if len(parts) == 1:
            return "invalid", "Invalid token header. No credentials provided."
        if len(parts) > 2:
            return "invalid", "Invalid token header. Token string should not contain spaces."
        if parts[1] != self.api_key:
            return "invalid", "Invalid token."
        return "token", None

    def _respond(self, method: str, path: str, query: str, params: Params,
                 headers: dict[str, str], auth: str, auth_error: str | None,
                 client_address: str) -> Any:
        # Django resolves the URL (with its trailing-slash redirect) before DRF sees the request.
        handler, kwargs = self._resolve(path)
        if handler is None:
            if not path.endswith("/") and self._resolve(path + "/")[0] is not None:
                location = path + "/" + (f"?{query}" if query else "")
                raise ApiError(301, "", HTML_TYPE, {"Location": location})
            raise ApiError(404, DJANGO_404_HTML, HTML_TYPE)
        if auth_error is not None:
            raise ApiError(401, {"detail": auth_error}, headers={"WWW-Authenticate": "Token"})
        if not path.startswith(f"{API_PREFIX}/constants/"):
            self._throttle(auth, client_address)
        if method not in ("GET", "HEAD"):
            raise _detail(405, f'Method "{method}" not allowed.')
        origin = self._origin(headers.get("host"))
        return handler(params=params, url=f"{origin}{path}" + (f"?{query}" if query else ""),
                       origin=origin, **kwargs)

    def _resolve(self, path: str) -> tuple[Callable[..., Any] | None, dict]:
        for pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match:
                return handler, match.groupdict()
        return None, {}

    def _throttle(self, auth: str, client_address: str) -> None:
        if self.throttle_after is None:
            return
        client = f"token:{self.api_key}" if auth == "token" else f"anon:{client_address}"
        with self._lock:
            count = self._throttle_counts.get(client, 0) + 1
            self._throttle_counts[client] = count
            if count <= self.throttle_after:
                return
            self._throttle_counts[client] = 0
        raise ApiError(429, {"detail": THROTTLED_DETAIL},
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Allow": "GET"})

    def _origin(self, host_header: str | None) -> str:
        """Scheme and host the absolute links of a response name."""
        if self.public_host:
            if "://" in self.public_host:
                return self.public_host.rstrip("/")
            return f"http://{self.public_host}:{self.port}"
        return f"http://{host_header or f'{self.host}:{self.port}'}"

    # -- pagination ------------------------------------------------------------------------------

    @staticmethod
    def _page(rows: list[Row], params: Params, url: str, filter_required: bool = False) -> dict:
        """One page of DRF's PageNumberPagination (page_size capped at 25)."""
        page_size = PAGE_SIZE
        raw_size = _one(params, "page_size")
        # DRF ignores a page_size that is not a positive integer and caps larger ones.
        if raw_size is not None and raw_size.isdigit() and int(raw_size) > 0:
            page_size = min(int(raw_size), PAGE_SIZE)
        raw_page = _one(params, "page") or "1"
        try:
            page = int(raw_page)
        except ValueError:
            raise _detail(404, "Invalid page.") from None
        if filter_required and page > 1 and not any(
                _one(params, name) is not None for name in params if name not in NOT_FILTERS):
            raise _detail(400, FILTER_REQUIRED_DETAIL)
        pages = max(1, math.ceil(len(rows) / page_size))
        if not 1 <= page <= pages:
            raise _detail(404, "Invalid page.")
        start = (page - 1) * page_size
        if page == 1:
            previous = None
        elif page == 2:
            previous = _remove_query_param(url, "page")
        else:
            previous = _replace_query_param(url, "page", page - 1)
        return {
            "count": len(rows),
            "next": _replace_query_param(url, "page", page + 1) if page < pages else None,
            "previous": previous,
            "results": rows[start:start + page_size],
        }

    @staticmethod
    def _filtered(rows: list[Row], filters: list[Predicate]) -> list[Row]:
        return [row for row in rows if all(f(row) for f in filters)]

    # -- endpoints -------------------------------------------------------------------------------

    def _root(self, params: Params, url: str, origin: str) -> dict:
        names = [*ROOT_ENDPOINTS, *(f"constants/{name}" for name in self.universe.constants)]
        return {name: f"{origin}{API_PREFIX}/{name}/" for name in names}

    def _filings(self, params: Params, url: str, origin: str) -> dict:
        rows = self._filtered(self.universe.filings, _filing_filters(params))
        rows = _order(rows, params, _FILING_ORDERING, ("dt_posted",),
                      tiebreak=lambda row: row["filing_uuid"])
        return self._page(rows, params, url, filter_required=True)

    def _contributions(self, params: Params, url: str, origin: str) -> dict:
        rows = self._filtered(self.universe.contributions, _contribution_filters(params))
        rows = _order(rows, params, _CONTRIBUTION_ORDERING, ("dt_posted",),
                      tiebreak=lambda row: row["filing_uuid"])
        return self._page(rows, params, url, filter_required=True)

    def _registrants(self, params: Params, url: str, origin: str) -> dict:
        rows = self._filtered(self.universe.registrants, _registrant_filters(params))
        rows = _order(rows, params, _ENTITY_ORDERING, ("id",), tiebreak=lambda row: row["id"])
        return self._page(rows, params, url)

    def _clients(self, params: Params, url: str, origin: str) -> dict:
        rows = self._filtered(self.universe.clients, _client_filters(params))
        rows = _order(rows, params, _ENTITY_ORDERING, ("id",), tiebreak=lambda row: row["id"])
        return self._page(rows, params, url)

    def _lobbyists(self, params: Params, url: str, origin: str) -> dict:
        rows = self._filtered(self.universe.lobbyists, _lobbyist_filters(params))
        rows = _order(rows, params, _LOBBYIST_ORDERING, ("id",), tiebreak=lambda row: row["id"])
        return self._page(rows, params, url)

    @staticmethod
    def _found(row: Row | None) -> Row:
        if row is None:
            raise _detail(404, "Not found.")
        return row

    def _filing(self, params: Params, url: str, origin: str, key: str) -> Row:
        return self._found(self.universe.filing(key.lower()))

    def _contribution(self, params: Params, url: str, origin: str, key: str) -> Row:
        return self._found(self.universe.contribution(key.lower()))

    def _registrant(self, params: Params, url: str, origin: str, key: str) -> Row:
        return self._found(self.universe.registrant(int(key)))

    def _client(self, params: Params, url: str, origin: str, key: str) -> Row:
        return self._found(self.universe.client(int(key)))

    def _lobbyist(self, params: Params, url: str, origin: str, key: str) -> Row:
        return self._found(self.universe.lobbyist(int(key)))

    def _constants(self, params: Params, url: str, origin: str, group: str, name: str) -> list:
        values = self.universe.constants.get(f"{group}/{name}")
        if values is None:
            raise ApiError(404, DJANGO_404_HTML, HTML_TYPE)
        return values

    # -- running as a script ---------------------------------------------------------------------

    def _describe(self) -> str:
        return f"Fake LDA API at {self.base_url} (Authorization: Token {self.api_key})"


def main(argv: list[str] | None = None) -> None:
    """Run the fake from a shell: `python -m tests.fakes.lda_api --port 8766`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", default="lda-test-key")
    parser.add_argument("--public-host", default=None,
                        help="host (or origin) to name in next/previous links")
    parser.add_argument("--throttle-after", type=int, default=None,
                        help="answer 429 after this many requests per client")
    parser.add_argument("--chaos", type=int, metavar="SEED", default=None,
                        help="inject random faults (tests.fakes._http_fake.Chaos) with this seed")
    args = parser.parse_args(argv)
    fake = FakeLdaApi(api_key=args.api_key, host=args.host, port=args.port,
                      public_host=args.public_host, throttle_after=args.throttle_after)
    if args.chaos is not None:
        fake.set_chaos(Chaos(seed=args.chaos))
    fake.serve_until_interrupted()


if __name__ == "__main__":
    main()
