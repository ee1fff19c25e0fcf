"""Plumbing the fake HTTP APIs (`fec_api`, `lda_api`) share: `HttpFake`, their base class.

It runs a ThreadingHTTPServer on a local port in a daemon thread, keeps the request log, queues
faults and delays for retry and timeout tests, and turns a fake's answer (or its exception) into a
response. Each fake subclasses it and keeps only its API's semantics: routes, parameters, error
bodies and the headers it sends.

`Chaos` adds random faults for load and fault tests: seeded (the same seed gives the same faults
for the same sequence of requests) and bounded (no request fails more than `max_consecutive`
times in a row, so a client with enough retries always gets through).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Generic, NamedTuple, Self, TypeVar

Params = dict[str, list[str]]
Response = tuple[int, dict[str, str], bytes]

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


class LoggedRequest(NamedTuple):
    """One request as the fake saw it."""

    method: str
    path: str
    params: Params
    headers: dict[str, str]


@dataclass
class Fault:
    status: int
    remaining: int
    headers: dict[str, str]
    body: bytes
    content_type: str
    path_contains: str | None


@dataclass
class Delay:
    seconds: float
    remaining: int
    path_contains: str | None


@dataclass
class Chaos:
    """Random faults a fake injects in front of its real answers.

    Each request, in order: every `every_nth_429`-th request is answered 429 with
    ``Retry-After: retry_after``; otherwise, with probability `error_rate`, a 500/502/503/504 HTML
    page; `drop_rate`, the connection is dropped (before any byte, or halfway through the body
    with the full Content-Length announced); `truncate_rate`, a 200 body is cut short (with a
    Content-Length to match, so only the JSON is broken). A request (method and URL) that has
    failed `max_consecutive` times in a row is answered for real.
    """

    seed: int = 0
    error_rate: float = 0.10
    every_nth_429: int = 7
    truncate_rate: float = 0.05
    drop_rate: float = 0.05
    retry_after: int = 1
    max_consecutive: int = 3


ERROR_PAGES = {
    500: "<html><head><title>500 Internal Server Error</title></head></html>",
    502: "<html><head><title>502 Bad Gateway</title></head></html>",
    503: "<html><head><title>503 Service Unavailable</title></head></html>",
    504: "<html><head><title>504 Gateway Time-out</title></head></html>",
}


class ApiError(Exception):
    """An error response: `body` is sent as JSON, or as it is when it is a str (an HTML page)."""

    def __init__(self, status: int, body: Any, content_type: str = JSON_TYPE,
                 headers: dict[str, str] | None = None):
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


class Answer(NamedTuple):
    """What a fake answered, before it adds the headers its API sends with every response."""

    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


def take(queue: list, path: str) -> Any:
    """Pop one use of the first queued fault or delay that matches `path`."""
    for item in queue:
        if item.path_contains is None or item.path_contains in path:
            item.remaining -= 1
            if item.remaining <= 0:
                queue.remove(item)
            return item
    return None


EntryT = TypeVar("EntryT", bound=tuple)


class HttpFake(Generic[EntryT]):
    """A fake API served on a local port (0 picks a free one) from a daemon thread.

    Subclasses set `handler_class`, `api_path` (what `base_url` adds to the origin) and
    `thread_name`, and implement `handle` and `_describe`. Their `handle` logs each request and
    picks up queued delays and faults through `_admit`, and runs the real answer through
    `_answer`; their `fail_next` queues faults through `_queue_fault`.
    """

    handler_class: ClassVar[type[FakeRequestHandler]]
    api_path: ClassVar[str]
    thread_name: ClassVar[str]

    def __init__(self, api_key: str, host: str, port: int):
        self.api_key = api_key
        self.host = host
        self.port = port
        self.base_url: str | None = None
        self.requests_log: list[EntryT] = []
        self.server_errors: list[BaseException] = []
        self._faults: list[Fault] = []
        self._delays: list[Delay] = []
        self._lock = threading.Lock()
        self.chaos: Chaos | None = None
        self._rng = random.Random(0)
        self._streak: Counter = Counter()
        self.calls_received = 0  # every request, the faulted ones included
        self.chaos_counts: Counter = Counter()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._server = _Server((self.host, self.port), self.handler_class)
        self._server.fake = self
        self.port = self._server.server_address[1]
        self.base_url = f"http://{self.host}:{self.port}{self.api_path}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"{self.thread_name}-{self.port}", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- test controls ---------------------------------------------------------------------------

    def reset_log(self) -> None:
        """Forget the requests seen so far."""
        with self._lock:
            self.requests_log.clear()

    def delay_next(self, seconds: float, times: int = 1, path_contains: str | None = None) -> None:
        """Sleep `seconds` before answering the next `times` matching requests."""
        with self._lock:
            self._delays.append(Delay(seconds, times, path_contains))

    def clear_faults(self) -> None:
        """Drop queued failures and delays that no request has consumed."""
        with self._lock:
            self._faults.clear()
            self._delays.clear()

    def set_chaos(self, chaos: Chaos | None) -> None:
        """Start (or with None stop) injecting random faults; resets their counters."""
        with self._lock:
            self.chaos = chaos
            self._rng = random.Random(chaos.seed if chaos else 0)
            self._streak.clear()
            self.calls_received = 0
            self.chaos_counts.clear()

    def _chaos_pick(self, method: str, target: str) -> str | None:
        """Count the request and pick its fault: "429", "5xx", "drop", "drop_mid", "truncate"
        or None."""
        with self._lock:
            self.calls_received += 1
            chaos = self.chaos
            if chaos is None:
                return None
            key = f"{method} {target}"
            roll = self._rng.random()
            if self._streak[key] >= chaos.max_consecutive:
                fault = None
            elif chaos.every_nth_429 and self.calls_received % chaos.every_nth_429 == 0:
                fault = "429"
            elif roll < chaos.error_rate:
                fault = "5xx"
            elif roll < chaos.error_rate + chaos.drop_rate:
                fault = "drop" if self._rng.random() < 0.5 else "drop_mid"
            elif roll < chaos.error_rate + chaos.drop_rate + chaos.truncate_rate:
                fault = "truncate"
            else:
                fault = None
            if fault is None:
                self._streak.pop(key, None)
            else:
                self._streak[key] += 1
            return fault

    def _chaos_done(self, method: str, target: str, fault: str | None) -> None:
        """Record what was injected; a fault that did not apply (a truncation of an empty or
        non-200 answer) does not count as one."""
        with self._lock:
            if fault is None:
                self._streak.pop(f"{method} {target}", None)
            else:
                self.chaos_counts[fault] += 1

    def _queue_fault(self, status: int, times: int, headers: dict[str, str],
                     body: str | bytes | dict | list, content_type: str | None,
                     path_contains: str | None) -> None:
        """Queue a fault; without `content_type`, a body that looks like JSON is sent as JSON and
        any other as HTML."""
        if isinstance(body, (dict, list)):
            raw, guessed = json.dumps(body).encode(), JSON_TYPE
        else:
            raw = body.encode() if isinstance(body, str) else body
            guessed = JSON_TYPE if raw.lstrip()[:1] in (b"{", b"[") else HTML_TYPE
        with self._lock:
            self._faults.append(
                Fault(status, times, headers, raw, content_type or guessed, path_contains))

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str]) -> Response:
        """Answer one request: (status, headers, body). Used by the HTTP handler."""
        raise NotImplementedError

    def _admit(self, entry: EntryT, path: str) -> Fault | None:
        """Log a request, wait out the first queued delay matching `path`, and return the first
        queued fault matching it (None: answer for real)."""
        with self._lock:
            self.requests_log.append(entry)
            delay = take(self._delays, path)
            fault = take(self._faults, path)
        if delay is not None:
            time.sleep(delay.seconds)
        return fault

    def _answer(self, respond: Callable[[], Any], error_page: str) -> Answer:
        """Run `respond`: its result is a 200 JSON answer, an `ApiError` the error it describes,
        and any other exception a 500 with `error_page` (recorded in `server_errors`)."""
        headers: dict[str, str] = {}
        try:
            payload = respond()
            status, content_type = 200, JSON_TYPE
        except ApiError as error:
            status, payload = error.status, error.body
            content_type, headers = error.content_type, error.headers
        except Exception as error:  # a bug in the fake must not kill the server
            self.server_errors.append(error)
            status, payload, content_type = 500, error_page, HTML_TYPE
        body = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        return Answer(status, content_type, headers, body)

    # -- running as a script ---------------------------------------------------------------------

    def _describe(self) -> str:
        """What `serve_until_interrupted` announces: the fake, its base URL and its key."""
        raise NotImplementedError

    def serve_until_interrupted(self) -> None:
        """Start, print the base URL, and serve until Ctrl-C."""
        self.start()
        print(f"{self._describe()}; Ctrl-C to stop", flush=True)
        try:
            while True:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: HttpFake[Any]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out hang up before a delayed answer is written; that is expected.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeRequestHandler(BaseHTTPRequestHandler):
    """Passes requests to the server's fake; subclasses name the methods served (`do_GET = forward`)
    and the Server header (`server_version`)."""

    server: _Server
    sys_version = ""

    def forward(self) -> None:
        fake = self.server.fake
        fault = fake._chaos_pick(self.command, self.path)
        if fault == "drop":
            self.close_connection = True  # hang up without a byte
            fake._chaos_done(self.command, self.path, fault)
            return
        if fault == "429":
            retry_after = str(fake.chaos.retry_after if fake.chaos else 1)
            status, headers = 429, {"Content-Type": JSON_TYPE, "Retry-After": retry_after}
            body = json.dumps({"error": {"code": "OVER_RATE_LIMIT"}}).encode()
        elif fault == "5xx":
            status = fake._rng.choice(sorted(ERROR_PAGES))
            headers, body = {"Content-Type": HTML_TYPE}, ERROR_PAGES[status].encode()
        else:
            status, headers, body = self.fake_response()
        announced = len(body)
        if fault in ("truncate", "drop_mid"):
            if status != 200 or len(body) < 2:
                fault = None
            else:
                body = body[:max(1, len(body) * fake._rng.randint(10, 90) // 100)]
                announced = len(body) if fault == "truncate" else announced
        fake._chaos_done(self.command, self.path, fault)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(announced))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if fault == "drop_mid":
            self.wfile.flush()
            self.close_connection = True  # hang up before the announced length

    def fake_response(self) -> Response:
        """The fake's (status, headers, body) for this request."""
        return self.server.fake.handle(self.command, self.path, dict(self.headers))

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; the fake's `requests_log` records every request."""
