"""Fixtures for the FEC bulk downloader: zips in the FEC layout and a small bulk-downloads server.

The server (`BulkServer`) is a threaded `http.server` on 127.0.0.1 that does what fec.gov's CDN does
(ETag, Last-Modified, 304 on If-None-Match/If-Modified-Since, Range with If-Range, 206 with
Content-Range) and can misbehave on request: drop the connection after N bytes, answer an error
status once, or ignore Range. It logs every request it saw.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]  # tests/ingest/sources/fec_bulk/ -> the repository
REAL_BULK = REPO_ROOT.parent / "shared" / "real-samples" / "fec_bulk"
REAL_2020 = REAL_BULK / "cycle2020_201903"


def sample_lines(filename: str, count: int = 300) -> bytes:
    """The first `count` lines of a real 2020-cycle bulk file, or synthetic pipe-delimited lines."""
    path = REAL_2020 / filename
    if path.is_file():
        with open(path, "rb") as handle:
            return b"".join(line for _, line in zip(range(count), handle, strict=False))
    return b"".join(
        f"C{i:08d}|N|Q1|P2020|2019{i:014d}|15|IND|DOE, JANE {i}|CITY|DC|20001|EMPLOYER|JOB|01152019|"
        f"{i * 7}||T{i}|1300000||| 4{i:018d}\n".encode()
        for i in range(count)
    )


def make_zip(path: Path, members: dict[str, bytes]) -> bytes:
    """Write a zip holding `members` (name -> content) and return its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            # A fixed member date, so the same members always make the same bytes.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2019, 3, 22, 0, 0, 0)), content,
                             compress_type=zipfile.ZIP_DEFLATED)
    return path.read_bytes()


@dataclass
class Served:
    body: bytes
    etag: str
    last_modified: str


@dataclass
class BulkServer:
    """Files served under ``/<path>``; `requests` lists what clients sent and what they got."""

    files: dict[str, Served] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> body bytes sent, once
    fail: dict[str, list[int]] = field(default_factory=dict)  # path -> statuses answered first
    ignore_range: bool = False
    mislabel_range: bool = False  # answer a Range request with 206 and the whole file from byte 0
    ignore_if_range: bool = False  # honour Range even when If-Range names another version
    range_cap: int | None = None  # at most this many bytes per 206 answer, as some CDNs do
    port: int = 0
    _version: int = 0

    def put(self, path: str, body: bytes) -> Served:
        """Serve `body` at `path` as a new version (new ETag and a later Last-Modified)."""
        self._version += 1
        served = Served(
            body,
            etag=f'"{hashlib.sha256(body).hexdigest()[:16]}-{self._version}"',
            last_modified=email.utils.formatdate(1_550_000_000 + self._version * 86_400, usegmt=True),
        )
        self.files[path] = served
        return served

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def seen(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


def _handler_for(server: BulkServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def _answer(self, entry: dict, status: int, headers: dict, body: bytes = b"") -> None:
            entry["status"] = status
            server.requests.append(entry)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            parts = urlsplit(self.path)
            path = parts.path.lstrip("/")
            entry = {"path": path, "query": parts.query, "headers": dict(self.headers.items())}
            failures = server.fail.get(path)
            if failures:
                self._answer(entry, failures.pop(0), {"Content-Length": "0"})
                return
            served = server.files.get(path)
            if served is None:
                self._answer(entry, 404, {"Content-Length": "0"})
                return
            validators = {"ETag": served.etag, "Last-Modified": served.last_modified}
            none_match = self.headers.get("If-None-Match")
            modified_since = self.headers.get("If-Modified-Since")
            if none_match == served.etag or (none_match is None and modified_since == served.last_modified):
                self._answer(entry, 304, validators)
                return
            body, status, headers = served.body, 200, dict(validators, **{"Accept-Ranges": "bytes"})
            wanted = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if_range = self.headers.get("If-Range")
            if wanted and server.mislabel_range:
                status = 206
                headers["Content-Range"] = f"bytes 0-{len(body) - 1}/{len(body)}"
            elif wanted and not server.ignore_range and (
                server.ignore_if_range or if_range in (None, served.etag, served.last_modified)
            ):
                start = int(wanted[1])
                if start >= len(body):
                    self._answer(entry, 416, {"Content-Range": f"bytes */{len(body)}", "Content-Length": "0"})
                    return
                end = len(body) if server.range_cap is None else min(len(body), start + server.range_cap)
                status = 206
                headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(body)}"
                body = body[start:end]
            headers["Content-Length"] = str(len(body))
            drop = server.drop_after.pop(path, None)
            if drop is not None:
                entry["dropped_after"] = drop
                self._answer(entry, status, headers, body[:drop])
                self.wfile.flush()
                self.close_connection = True
                return
            self._answer(entry, status, headers, body)

    return Handler


@pytest.fixture
def bulk_server():
    state = BulkServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def sleeps() -> list[float]:
    """Pass ``sleep=sleeps.append``: backoffs are recorded, not waited."""
    return []


@pytest.fixture
def quiet():
    """A progress callback that records calls instead of logging."""
    calls: list[tuple[int, int | None]] = []

    def progress(done, total):
        calls.append((done, total))

    progress.calls = calls
    return progress
