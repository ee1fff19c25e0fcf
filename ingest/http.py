"""One polite HTTP client for every source: rate budget, retries, honest User-Agent, no leaked keys.

* A `RateBudget` shared by every process on the machine (a sliding one-hour window kept in a
  locked file), so parallel Airflow tasks together stay under the API's hourly limit.
* `429` waits for `Retry-After`; `5xx`, timeouts and dropped connections back off exponentially,
  a bounded number of times.
* Secrets (query parameters such as ``api_key``, headers such as ``Authorization``) are redacted
  from every message this module logs or raises. Exceptions from `requests` quote the full URL,
  so they are never re-raised as they are.
"""

from __future__ import annotations

import email.utils
import fcntl
import json
import logging
import os
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


@dataclass
class CallStats:
    calls: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    by_status: dict = field(default_factory=dict)


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


class PoliteClient:
    """GET JSON politely. One instance per source (it holds the `requests.Session`)."""

    def __init__(
        self,
        *,
        secret_params: Iterable[str] = (),
        secret_values: Iterable[str] = (),
        headers: dict | None = None,
        rate_budget: RateBudget | None = None,
        max_retries: int = 5,
        backoff_base: float = 1.0,
        backoff_max: float = 120.0,
        max_retry_after: float = 3600.0,
        timeout: float = 60.0,
        sleep: Callable = time.sleep,
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
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.timeout = timeout
        self.sleep = sleep
        self.stats = CallStats()
        # urllib3 logs full request lines (with the api_key) at DEBUG level.
        logging.getLogger("urllib3").setLevel(logging.INFO)

    def _safe(self, text: str) -> str:
        return redact(text, self.secret_values)

    def describe(self, url: str, params: dict) -> str:
        """A loggable form of a request: secrets left out."""
        shown = public_params(params, self.secret_params)
        query = urlencode(shown, doseq=True)
        return self._safe(f"{url}?{query}" if query else url)

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff_max, self.backoff_base * (2**attempt))

    def get(self, url: str, params: dict | None = None, *, headers: dict | None = None,
            budget: bool = True) -> requests.Response:
        """GET `url`; return the successful response or raise `HttpError`.

        `headers` are added to this request only (e.g. credentials for one host); `budget=False`
        skips the rate budget for endpoints the API does not count.
        """
        params = dict(params or {})
        shown = self.describe(url, params)
        attempt = 0
        while True:
            if self.rate_budget is not None and budget:
                self.stats.waited_seconds += self.rate_budget.acquire()
            self.stats.calls += 1
            try:
                response = self.session.get(url, params=params, headers=headers,
                                            timeout=self.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                reason = type(exc).__name__
                if attempt >= self.max_retries:
                    raise HttpError(
                        f"GET {shown} failed after {attempt + 1} attempts: {reason}", url=shown
                    ) from None
                delay = self._backoff(attempt)
                log.warning("GET %s: %s; retry %d in %.1f s", shown, reason, attempt + 1, delay)
            except requests.RequestException as exc:
                raise HttpError(
                    f"GET {shown} failed: {type(exc).__name__}: {self._safe(str(exc))}", url=shown
                ) from None
            else:
                status = response.status_code
                self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                if status < 400:
                    return response
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                retryable = status == 429 or status in RETRY_STATUSES
                if not retryable or attempt >= self.max_retries:
                    excerpt = self._safe(" ".join(response.text[:300].split()))
                    raise HttpError(
                        f"GET {shown} answered HTTP {status}"
                        + (f" after {attempt + 1} attempts" if retryable else "")
                        + (f": {excerpt}" if excerpt else ""),
                        status=status,
                        url=shown,
                    )
                if status == 429:
                    delay = min(retry_after if retry_after is not None else 60.0,
                                self.max_retry_after)
                    log.warning("GET %s: HTTP 429, Retry-After %.0f s", shown, delay)
                else:
                    delay = retry_after if retry_after is not None else self._backoff(attempt)
                    delay = min(delay, self.backoff_max)
                    log.warning("GET %s: HTTP %d; retry %d in %.1f s", shown, status,
                                attempt + 1, delay)
            attempt += 1
            self.stats.retries += 1
            self.stats.waited_seconds += delay
            self.sleep(delay)
