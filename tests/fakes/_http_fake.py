"""Plumbing the fake HTTP APIs (`fec_api`, `lda_api`) share: `HttpFake`, their base class.

It runs a ThreadingHTTPServer on a local port in a daemon thread, keeps the request log, queues
faults and delays for retry and timeout tests, and turns a fake's answer (or its exception) into a
response. Each fake subclasses it and keeps only its API's semantics: routes, parameters, error
bodies and the headers it sends.
"""

from __future__ import annotations

import json
import sys
import threading
import time
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
        status, headers, body = self.fake_response()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fake_response(self) -> Response:
        """The fake's (status, headers, body) for this request."""
        return self.server.fake.handle(self.command, self.path, dict(self.headers))

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; the fake's `requests_log` records every request."""
