"""Where the bytes of a bulk file come from: a local mirror folder or fec.gov over HTTP (`Remote`),
with the download's constants and errors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import requests

from ingest.common.fec_bulk_files import (
    is_url,
    public_location,
)
from ingest.common.http import user_agent

CHUNK_SIZE = 1 << 20
RETRIES = 4
BACKOFF = 2.0
BACKOFF_MAX = 60.0
TIMEOUT = (30.0, 120.0)  # (connect, read) seconds
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
RECORD_SUFFIX = ".fetch.json"
PART_SUFFIX = ".part"
PART_STATE_SUFFIX = ".part.json"
REJECTED_SUFFIX = ".rejected"

Progress = Callable[[int, int | None], None]


class FetchError(RuntimeError):
    """A bulk file could not be fetched. The message names the public URL or path, never a secret."""


class _Transient(Exception):
    """A failure worth another attempt, resuming from the part file."""


class _Restart(_Transient):
    """A failure that makes the part file useless: discard it, then try again from byte 0."""


# --- where the bytes come from -------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """What identifies one version of a remote file: HTTP validators, or a folder file's size+mtime."""

    size: int | None
    etag: str | None = None
    last_modified: str | None = None
    mtime_ns: int | None = None

    def as_dict(self) -> dict:
        return {"size": self.size, "etag": self.etag, "last_modified": self.last_modified,
                "mtime_ns": self.mtime_ns}

    @classmethod
    def from_dict(cls, data: dict) -> Version:
        return cls(data.get("size"), data.get("etag"), data.get("last_modified"), data.get("mtime_ns"))


@dataclass
class Reply:
    """An opened remote file. `start` is the offset of the first byte `chunks` yields: the offset
    asked for, or 0 when the source sends the whole file instead."""

    not_modified: bool
    start: int
    version: Version
    chunks: Iterator[bytes]
    close: Callable[[], None]


class Remote(Protocol):
    """A file under the bulk base. `open` is the only primitive: for HTTP the size and validators
    arrive with the GET itself (a separate HEAD would cost a request and may disagree behind a CDN),
    and for a folder `open` stats the handle it opened."""

    public: str

    def open(self, offset: int, *, if_range: Version | None, unless: Version | None) -> Reply: ...


def _not_modified(version: Version) -> Reply:
    return Reply(True, 0, version, iter(()), lambda: None)


class FolderRemote:
    """A file in a local folder (a mirror of the bulk-downloads tree). Its validator is size+mtime."""

    def __init__(self, path: Path, chunk_size: int = CHUNK_SIZE):
        self.path = Path(path).expanduser().absolute()
        self.public = str(self.path)
        self.chunk_size = chunk_size

    def open(self, offset: int, *, if_range: Version | None = None, unless: Version | None = None) -> Reply:
        try:
            handle = open(self.path, "rb")  # closed by Reply.close
        except FileNotFoundError:
            raise FetchError(f"{self.public} does not exist") from None
        except OSError as exc:
            raise _Transient(f"cannot open {self.public}: {exc.strerror}") from None
        stat = os.fstat(handle.fileno())
        version = Version(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        if unless is not None and (unless.size, unless.mtime_ns) == (version.size, version.mtime_ns):
            handle.close()
            return _not_modified(version)
        if offset and (if_range is None or (if_range.size, if_range.mtime_ns) != (version.size,
                                                                                    version.mtime_ns)):
            offset = 0
        handle.seek(offset)
        return Reply(False, offset, version, self._chunks(handle), handle.close)

    def _chunks(self, handle) -> Iterator[bytes]:
        while True:
            try:
                block = handle.read(self.chunk_size)
            except OSError as exc:
                raise _Transient(f"reading {self.public} failed: {exc.strerror}") from None
            if not block:
                return
            yield block


class HttpRemote:
    """A file on an http(s) server. The URL may carry credentials or a query: both are sent, neither is
    ever logged, raised or recorded (`public` is the URL without them)."""

    def __init__(self, url: str, session: requests.Session, *, timeout=TIMEOUT, chunk_size: int = CHUNK_SIZE):
        self.url = url
        self.public = public_location(url)
        self.session = session
        self.timeout = timeout
        self.chunk_size = chunk_size

    def _headers(self, offset: int, if_range: Version | None, unless: Version | None) -> dict:
        # identity: a gzip-encoded answer would break both the byte count and Range offsets.
        headers = {"Accept-Encoding": "identity"}
        if self.session.headers.get("User-Agent", "").startswith("python-requests"):
            headers["User-Agent"] = user_agent()
        if unless is not None:
            if unless.etag:
                headers["If-None-Match"] = unless.etag
            if unless.last_modified:
                headers["If-Modified-Since"] = unless.last_modified
        if offset:
            headers["Range"] = f"bytes={offset}-"
            # If-Range takes a strong ETag only; a weak one falls back to the date.
            if if_range is not None and if_range.etag and not if_range.etag.startswith("W/"):
                headers["If-Range"] = if_range.etag
            elif if_range is not None and if_range.last_modified:
                headers["If-Range"] = if_range.last_modified
        return headers

    def open(self, offset: int, *, if_range: Version | None = None, unless: Version | None = None) -> Reply:
        try:
            response = self.session.get(self.url, headers=self._headers(offset, if_range, unless),
                                        stream=True, timeout=self.timeout)
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise FetchError(f"{self.public} is not a usable URL: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            # requests' messages quote the full URL (with any secret): only the type is kept.
            raise _Transient(f"GET failed: {type(exc).__name__}") from None
        status = response.status_code
        version = Version(size=None, etag=response.headers.get("ETag"),
                          last_modified=response.headers.get("Last-Modified"))
        if status == 304:
            response.close()
            if unless is None:
                raise FetchError(f"{self.public} answered 304 Not Modified to an unconditional request")
            return _not_modified(version)
        if status in RETRY_STATUSES:
            response.close()
            raise _Transient(f"HTTP {status}")
        if status == 416:
            response.close()
            raise _Restart(f"HTTP 416: the server refused the range from byte {offset}")
        if status not in (200, 206):
            response.close()
            raise FetchError(f"GET {self.public} answered HTTP {status}")
        if status == 206:
            match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", response.headers.get("Content-Range", ""))
            if match is None or int(match[1]) != offset:
                response.close()
                raise _Restart(f"HTTP 206 with Content-Range {response.headers.get('Content-Range')!r} "
                               f"for a request from byte {offset}")
            start, size = offset, None if match[3] == "*" else int(match[3])
        else:
            length = response.headers.get("Content-Length")
            start, size = 0, int(length) if length and length.isdigit() else None
        version = Version(size=size, etag=version.etag, last_modified=version.last_modified)
        return Reply(False, start, version, self._chunks(response), response.close)

    def _chunks(self, response: requests.Response) -> Iterator[bytes]:
        try:
            yield from response.iter_content(self.chunk_size)
        except requests.RequestException as exc:
            raise _Transient(f"connection broken: {type(exc).__name__}") from None


def open_remote(location: str | Path, *, session: requests.Session | None = None,
                timeout=TIMEOUT, chunk_size: int = CHUNK_SIZE) -> Remote:
    if is_url(location):
        return HttpRemote(str(location), session or requests.Session(), timeout=timeout,
                          chunk_size=chunk_size)
    return FolderRemote(Path(location), chunk_size=chunk_size)
