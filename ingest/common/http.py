"""One polite HTTP client for every source: rate budget, retries, honest User-Agent, no leaked keys.

* A `RateBudget` shared by every process on the machine (a sliding one-hour window kept in a
  locked file), so parallel Airflow tasks together stay under the API's hourly limit.
* Transient faults are retried with exponential back-off and jitter: `5xx`, timeouts, dropped
  connections, bodies cut short and, with `get_json`, a ``200`` whose body is not JSON. A request
  gives up after `RetryPolicy.max_retries` retries or `RetryPolicy.retry_window` seconds of
  back-off, whichever comes first (the defaults ride out a 10-minute outage).
* `429` has its own budget (`max_429_retries`) and waits for ``Retry-After``.
* Secrets (query parameters such as ``api_key``, headers such as ``Authorization``) are redacted
  from every message this module logs or raises, and from a bad body kept for inspection.
  Exceptions from `requests` quote the full URL, so they are never re-raised as they are.
"""

from __future__ import annotations

import email.utils
import fcntl
import json
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import requests

log = logging.getLogger(__name__)

VERSION = "0.1.0"
USER_AGENT = f"influence/{VERSION} (open-source campaign-finance and lobbying pipeline)"
RETRY_STATUSES = {500, 502, 503, 504}
REDACTED = "REDACTED"


def user_agent() -> str:
    """The User-Agent sent with every request; names a contact when INFLUENCE_CONTACT is set."""
    contact = os.environ.get("INFLUENCE_CONTACT", "").strip()
    return f"{USER_AGENT[:-1]}; {contact})" if contact else USER_AGENT


class HttpError(RuntimeError):
    """A request failed for good. The message never contains a secret."""

    def __init__(self, message: str, *, status: int | None = None, url: str = ""):
        super().__init__(message)
        self.status = status
        self.url = url


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret (and ``api_key=...`` values) in `text`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return re.sub(r"(api_key=)[^&\s'\"]+", rf"\1{REDACTED}", text)


def public_params(params: dict, secret_params: Iterable[str]) -> dict:
    """The query parameters that may be stored: secrets removed."""
    hidden = set(secret_params)
    return {k: v for k, v in params.items() if k not in hidden}


class RateBudget:
    """At most `calls_per_hour` requests in any rolling window (an hour unless `window` says
    otherwise), across processes.

    The timestamps of recent calls live in a small JSON file guarded by `flock`, so the Airflow
    tasks that extract in parallel share one budget.
    """

    def __init__(self, path: Path, calls_per_hour: int, *, sleep: Callable = time.sleep,
                 clock: Callable = time.time, window: float = 3600.0):
        if calls_per_hour < 1:
            raise ValueError("calls_per_hour must be at least 1")
        self.path = Path(path)
        self.calls_per_hour = calls_per_hour
        self.window = window
        self.sleep = sleep
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def acquire(self) -> float:
        """Block until one more call fits in the budget; return the seconds waited."""
        waited = 0.0
        while True:
            with open(self.path, "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.seek(0)
                try:
                    stamps = json.loads(handle.read() or "[]")
                except json.JSONDecodeError:
                    stamps = []
                now = self.clock()
                stamps = [s for s in stamps if now - s < self.window]
                if len(stamps) < self.calls_per_hour:
                    stamps.append(now)
                    handle.seek(0)
                    handle.truncate()
                    handle.write(json.dumps(stamps))
                    return waited
                wait = self.window - (now - min(stamps)) + 0.01
            log.info("rate budget of %d calls per %.0f s used up: waiting %.0f s",
                     self.calls_per_hour, self.window, wait)
            self.sleep(wait)
            waited += wait


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one request tries. Read from the environment by `ingest.common.settings`.

    Transient faults (5xx, timeouts, dropped connections, truncated or non-JSON bodies) share
    `max_retries` and `retry_window`; 429s have their own `max_429_retries`.
    """

    max_retries: int = 30
    retry_window: float = 900.0
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    jitter: float = 0.5
    max_429_retries: int = 30
    retry_after_default: float = 60.0
    max_retry_after: float = 3600.0

    def client_kwargs(self) -> dict:
        """The keyword arguments of `PoliteClient` this policy sets."""
        return dict(self.__dict__)


@dataclass
class CallStats:
    calls: int = 0
    retries: int = 0
    retries_429: int = 0
    bad_bodies: int = 0
    dropped: int = 0
    waited_seconds: float = 0.0
    by_status: dict = field(default_factory=dict)


class BadBody(HttpError):
    """A successful status whose body stayed unusable (not JSON, cut short) through every retry.

    `body` is the last body received with every secret replaced, kept for quarantine.
    """

    def __init__(self, message: str, *, status: int | None, url: str, body: bytes,
                 content_type: str = "", attempts: int = 0):
        super().__init__(message, status=status, url=url)
        self.body = body
        self.content_type = content_type
        self.attempts = attempts


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# Failures of the transport: the server hung up, sent less than it announced, or never answered.
TRANSIENT_ERRORS = (requests.Timeout, requests.ConnectionError,
                    requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError)


class PoliteClient:
    """GET JSON politely. One instance per source (it holds the `requests.Session`)."""

    def __init__(
        self,
        *,
        secret_params: Iterable[str] = (),
        secret_values: Iterable[str] = (),
        headers: dict | None = None,
        rate_budget: RateBudget | None = None,
        max_retries: int = RetryPolicy.max_retries,
        retry_window: float = RetryPolicy.retry_window,
        backoff_base: float = RetryPolicy.backoff_base,
        backoff_max: float = RetryPolicy.backoff_max,
        jitter: float = RetryPolicy.jitter,
        max_429_retries: int = RetryPolicy.max_429_retries,
        retry_after_default: float = RetryPolicy.retry_after_default,
        max_retry_after: float = RetryPolicy.max_retry_after,
        timeout: float = 60.0,
        sleep: Callable = time.sleep,
        rng: random.Random | None = None,
        session: requests.Session | None = None,
    ):
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.session.headers["Accept"] = "application/json"
        self.session.headers.update(headers or {})
        self.secret_params = tuple(secret_params)
        self.secret_values = tuple(v for v in secret_values if v)
        self.rate_budget = rate_budget
        self.max_retries = max_retries
        self.retry_window = retry_window
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.jitter = min(max(jitter, 0.0), 1.0)
        self.max_429_retries = max_429_retries
        self.retry_after_default = retry_after_default
        self.max_retry_after = max_retry_after
        self.timeout = timeout
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.stats = CallStats()
        # urllib3 logs full request lines (with the api_key) at DEBUG level.
        logging.getLogger("urllib3").setLevel(logging.INFO)

    def _safe(self, text: str) -> str:
        return redact(text, self.secret_values)

    def _safe_bytes(self, body: bytes) -> bytes:
        for secret in self.secret_values:
            body = body.replace(secret.encode(), REDACTED.encode())
        return re.sub(rb"(api_key=)[^&\s'\"]+", rb"\1" + REDACTED.encode(), body)

    def describe(self, url: str, params: dict) -> str:
        """A loggable form of a request: secrets left out."""
        shown = public_params(params, self.secret_params)
        query = urlencode(shown, doseq=True)
        return self._safe(f"{url}?{query}" if query else url)

    def _backoff(self, attempt: int) -> float:
        """Exponential back-off for the `attempt`-th retry (0-based), with jitter: a random
        share (up to `jitter`) is taken off, so clients that failed together do not retry
        together."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** min(attempt, 30)))
        return ceiling * (1.0 - self.jitter * self.rng.random())

    def get(self, url: str, params: dict | None = None, *, headers: dict | None = None,
            budget: bool = True) -> requests.Response:
        """GET `url`; return the successful response or raise `HttpError`.

        `headers` are added to this request only (e.g. credentials for one host); `budget=False`
        skips the rate budget for endpoints the API does not count.
        """
        return self._get(url, params, headers=headers, budget=budget, parse=False)[0]

    def get_json(self, url: str, params: dict | None = None, *, headers: dict | None = None,
                 budget: bool = True) -> tuple[requests.Response, object]:
        """Like `get`, and the body must parse as JSON: one that does not (a body cut short, an
        HTML page from a proxy) is retried like a 5xx. Returns (response, parsed body); raises
        `BadBody` when it stays unparseable."""
        return self._get(url, params, headers=headers, budget=budget, parse=True)

    def _get(self, url: str, params: dict | None, *, headers: dict | None, budget: bool,
             parse: bool) -> tuple[requests.Response, object]:
        params = dict(params or {})
        shown = self.describe(url, params)
        transient = 0  # retries spent on 5xx, transport faults and bad bodies
        limited = 0  # retries spent on 429
        backed_off = 0.0  # seconds of back-off on transient faults, for `retry_window`
        attempts = 0
        while True:
            if self.rate_budget is not None and budget:
                self.stats.waited_seconds += self.rate_budget.acquire()
            self.stats.calls += 1
            attempts += 1
            failure, failed_status, retry_after, bad_body = "", None, None, None
            try:
                response = self.session.get(url, params=params, headers=headers,
                                            timeout=self.timeout)
            except TRANSIENT_ERRORS as exc:
                failure = type(exc).__name__
                self.stats.dropped += 1
            except requests.RequestException as exc:
                raise HttpError(
                    f"GET {shown} failed: {type(exc).__name__}: {self._safe(str(exc))}", url=shown
                ) from None
            else:
                status = response.status_code
                self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                if status == 429:
                    if limited >= self.max_429_retries:
                        raise HttpError(f"GET {shown} answered HTTP 429 {limited + 1} times "
                                        "(rate limited)", status=429, url=shown)
                    limited += 1
                    self.stats.retries_429 += 1
                    delay = min(retry_after if retry_after is not None
                                else self.retry_after_default, self.max_retry_after)
                    log.warning("GET %s: HTTP 429, waiting %.0f s (Retry-After)", shown, delay)
                    self.stats.waited_seconds += delay
                    self.sleep(delay)
                    continue
                if status < 400:
                    if not parse:
                        return response, None
                    try:
                        return response, json.loads(response.content)
                    except ValueError:
                        self.stats.bad_bodies += 1
                        bad_body = response
                        failure = (f"HTTP {status} body is not valid JSON ({len(response.content)} "
                                   f"bytes, {response.headers.get('Content-Type') or 'no type'})")
                elif status in RETRY_STATUSES or (status >= 500 and status != 501):
                    failure, failed_status = f"HTTP {status}", status
                else:
                    excerpt = self._safe(" ".join(response.text[:300].split()))
                    raise HttpError(f"GET {shown} answered HTTP {status}"
                                    + (f": {excerpt}" if excerpt else ""), status=status, url=shown)
            delay = self._backoff(transient)
            if failed_status is not None and retry_after is not None:
                delay = min(max(delay, retry_after), self.backoff_max)
            if transient >= self.max_retries or backed_off + delay > self.retry_window:
                message = (f"GET {shown} failed after {attempts} attempts "
                           f"({backed_off:.0f} s of back-off): {failure}")
                if bad_body is not None:
                    raise BadBody(message, status=bad_body.status_code, url=shown,
                                  body=self._safe_bytes(bad_body.content),
                                  content_type=bad_body.headers.get("Content-Type", ""),
                                  attempts=attempts) from None
                if failed_status is not None:
                    message = (f"GET {shown} answered HTTP {failed_status} after {attempts} "
                               f"attempts ({backed_off:.0f} s of back-off)"
                               + self._excerpt(response))
                # `from None`: an exception of `requests` would quote the URL, key included.
                raise HttpError(message, status=failed_status, url=shown) from None
            log.warning("GET %s: %s; retry %d in %.1f s", shown, failure, transient + 1, delay)
            transient += 1
            backed_off += delay
            self.stats.retries += 1
            self.stats.waited_seconds += delay
            self.sleep(delay)

    def _excerpt(self, response: requests.Response) -> str:
        excerpt = self._safe(" ".join(response.text[:300].split()))
        return f": {excerpt}" if excerpt else ""
