"""Download FEC bulk zips and header files from fec.gov or from a local mirror folder.

`fetch` copies ``{base}/{YYYY}/{prefix}{YY}.zip`` to ``{dest_dir}/{YYYY}/{prefix}{YY}.zip``:

* **streamed** in chunks to ``{zip}.part``, hashed (sha256) on the way, never held in memory;
* **resumable**: a ``.part`` left by a dropped connection is continued with ``Range: bytes=N-``
  (guarded by ``If-Range``, and by ``{zip}.part.json``, which records the version the part
  belongs to). A server that answers 200 instead of 206 is followed from byte 0;
* **conditional**: ``{zip}.fetch.json`` records url (never a password or query), size, sha256,
  ETag, Last-Modified and fetched_at. A rerun sends ``If-None-Match``/``If-Modified-Since``; a 304,
  or for a folder an unchanged size and mtime, copies nothing and returns ``changed=False``;
* **atomic**: the part is renamed only when its size matches the announced size and the zip holds
  its member at top level. A bad zip is kept as ``{zip}.rejected`` and never replaces a good one;
* **retried**: dropped connections, 5xx and truncated bodies are retried with backoff, each retry
  resuming from the part file.

A folder base and an http(s) base share every step except `Remote.open`.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import requests

from ingest.fec_bulk.files import (
    BY_DATE_PREFIX,
    COLUMNS,
    HEADER_DIR,
    bulk_file,
    file_location,
    header_location,
    is_url,
    public_location,
    validate_cycle,
)
from ingest.http import user_agent
from ingest.landing import atomic_write

log = logging.getLogger(__name__)

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


# --- progress ------------------------------------------------------------------------------------


_UNITS = (("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("bytes", 1.0))


def _unit(scale: float) -> tuple[str, float]:
    return next(((unit, size) for unit, size in _UNITS if scale >= size), _UNITS[-1])


def _rate(per_second: float) -> str:
    unit, size = _unit(per_second)
    value = per_second / size
    return f"{value:.0f} {unit}/s" if value >= 10 else f"{value:.1f} {unit}/s"


class LogProgress:
    """Progress as log lines, which is what an Airflow task log shows:
    ``indiv20.zip: 1.2 of 5.5 GB (22 %), 48 MB/s``. A line each time another `every_fraction` is
    done (but not within `min_seconds` of the last) or `every_seconds` have passed, and at the end."""

    def __init__(self, label: str, *, every_fraction: float = 0.10, every_seconds: float = 30.0,
                 min_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger = log):
        self.label = label
        self.every_fraction = every_fraction
        self.every_seconds = every_seconds
        self.min_seconds = min_seconds
        self.clock = clock
        self.logger = logger
        self._began: tuple[float, int] | None = None
        self._last: tuple[float, int] = (0.0, 0)

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        if self._began is None or done < self._last[1]:
            self._began = self._last = (now, done)
            if total is None or done < total:
                return
        since = now - self._last[0]
        grown = (done - self._last[1]) / total if total else 0.0
        finished = total is not None and done >= total
        if finished or since >= self.every_seconds or (grown >= self.every_fraction
                                                        and since >= self.min_seconds):
            self.logger.info("%s", self.line(done, total, now))
            self._last = (now, done)

    def line(self, done: int, total: int | None, now: float) -> str:
        began_at, began_with = self._began or (now, done)
        elapsed = now - began_at
        speed = f", {_rate((done - began_with) / elapsed)}" if elapsed > 0 else ""
        unit, size = _unit(total or done)
        if not total:
            return f"{self.label}: {done / size:.1f} {unit}{speed}"
        share = 100 * done // total
        return f"{self.label}: {done / size:.1f} of {total / size:.1f} {unit} ({share} %){speed}"


class TqdmProgress:
    """A tqdm bar on stderr, for a person at a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, initial=done, desc=self.label, unit="B", unit_scale=True,
                            unit_divisor=1024, leave=True)
            return
        if done < self.bar.n:
            self.bar.reset(total=total)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def default_progress(label: str) -> Progress:
    """A tqdm bar when stderr is a terminal (and tqdm is installed), else `LogProgress`."""
    if sys.stderr is not None and sys.stderr.isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            pass
        else:
            return TqdmProgress(label)
    return LogProgress(label)


# --- the shared copy loop ------------------------------------------------------------------------


@dataclass
class _Done:
    version: Version
    sha256: str
    size: int
    resumed_from: int


@dataclass
class _Outcome:
    record: dict
    changed: bool
    copied: int
    resumed_from: int
    attempts: int
    checked: object


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict) -> None:
    atomic_write(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())


def _hash_file(path: Path, digest) -> None:
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(block)


@contextlib.contextmanager
def _locked(path: Path):
    """One fetch of a given file at a time (parallel Airflow tasks would interleave the part file)."""
    with open(_sibling(path, ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Copier:
    def __init__(self, remote: Remote, final: Path, progress: Progress):
        self.remote = remote
        self.final = final
        self.part = _sibling(final, PART_SUFFIX)
        self.part_state = _sibling(final, PART_STATE_SUFFIX)
        self.progress = progress
        self.copied = 0

    def discard_part(self) -> None:
        self.part.unlink(missing_ok=True)
        self.part_state.unlink(missing_ok=True)

    def part_size(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0

    def attempt(self, unless: Version | None) -> _Done | None:
        """One request: None when the remote is unchanged, else the completed part file."""
        offset = self.part_size()
        part_version = None
        if offset:
            state = _read_json(self.part_state) or {}
            if state.get("url") == self.remote.public:
                part_version = Version.from_dict(state)
            else:
                # A part without a record of its version could splice two versions together.
                log.info("%s: %s has no usable version record: starting from byte 0", self.label, self.part)
                offset = 0
        reply = self.remote.open(offset, if_range=part_version, unless=unless)
        try:
            if reply.not_modified:
                self.discard_part()
                return None
            return self._copy(reply, offset, part_version)
        finally:
            reply.close()

    @property
    def label(self) -> str:
        return self.final.name

    def _copy(self, reply: Reply, offset: int, part_version: Version | None) -> _Done:
        start, version = reply.start, reply.version
        if start and part_version is not None and not _same_version(part_version, version):
            raise _Restart(f"the file changed since byte {start} was saved")
        if offset and not start:
            log.info("%s: the source sent the whole file instead of bytes %d-: starting from byte 0",
                     self.label, offset)
        digest = hashlib.sha256()
        if start:
            _hash_file(self.part, digest)
        _write_json(self.part_state, {"url": self.remote.public, **version.as_dict()})
        received = start
        with open(self.part, "r+b" if start else "wb") as out:
            out.seek(start)
            out.truncate()
            for chunk in reply.chunks:
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                self.copied += len(chunk)
                self.progress(received, version.size)
            out.flush()
            os.fsync(out.fileno())
        if version.size is not None and received != version.size:
            if received > version.size:
                raise _Restart(f"received {received} bytes, more than the {version.size} announced")
            raise _Transient(f"truncated after {received} of {version.size} bytes")
        if version.size is None:
            log.warning("%s: %s announced no size; accepting the %d bytes received", self.label,
                        self.remote.public, received)
        return _Done(version, digest.hexdigest(), received, start)


def _same_version(a: Version, b: Version) -> bool:
    pairs = [(a.size, b.size), (a.etag, b.etag), (a.last_modified, b.last_modified), (a.mtime_ns, b.mtime_ns)]
    return all(x == y for x, y in pairs if x is not None and y is not None)


def _transfer(
    location: str | Path,
    final: Path,
    check: Callable[[Path, str], object],
    *,
    progress: Progress | None,
    session: requests.Session | None,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
    timeout,
    chunk_size: int,
    extra: dict | None = None,
) -> _Outcome:
    """Bring `final` up to date with `location`; `check(path, label)` vets a download (raising
    `FetchError`) before it replaces anything, and vets the local copy before a conditional request."""
    own_session = session is None and is_url(location)
    remote = open_remote(location, session=session, timeout=timeout, chunk_size=chunk_size)
    final.parent.mkdir(parents=True, exist_ok=True)
    record_path = _sibling(final, RECORD_SUFFIX)
    progress = progress if progress is not None else default_progress(final.name)
    copier = _Copier(remote, final, progress)
    try:
        with _locked(final):
            previous, checked = _usable_record(record_path, final, remote.public, check)
            unless = Version.from_dict(previous) if previous else None
            attempt = failures = 0
            while True:
                attempt += 1
                had = copier.part_size()
                try:
                    done = copier.attempt(unless)
                    break
                except _Transient as exc:
                    if isinstance(exc, _Restart):
                        copier.discard_part()
                    have = copier.part_size()
                    # `retries` bounds failures in a row: an attempt that saved more bytes resets
                    # the count, so a long download over a flaky line still finishes.
                    failures = 1 if have > had else failures + 1
                    if failures > retries:
                        where = f"; {have} bytes kept in {copier.part} for the next run" if have else ""
                        raise FetchError(f"fetching {remote.public} failed after {attempt} attempts: {exc} "
                                         f"({copier.copied} bytes received{where})") from None
                    delay = min(BACKOFF_MAX, backoff * 2 ** (failures - 1))
                    log.warning("%s: %s; retry %d of %d in %.1f s, from byte %d", final.name, exc, failures,
                                retries, delay, have)
                    sleep(delay)
            if done is None:
                log.info("%s: unchanged at %s (fetched %s); nothing copied", final.name, remote.public,
                         previous.get("fetched_at"))
                return _Outcome(previous, False, 0, 0, attempt, checked)
            try:
                checked = check(copier.part, remote.public)
            except FetchError as exc:
                rejected = _sibling(final, REJECTED_SUFFIX)
                os.replace(copier.part, rejected)
                copier.part_state.unlink(missing_ok=True)
                raise FetchError(f"{exc}; the download was kept as {rejected}") from None
            os.replace(copier.part, final)
            copier.part_state.unlink(missing_ok=True)
            record = {
                "url": remote.public,
                **done.version.as_dict(),
                "size": done.size,
                "sha256": done.sha256,
                "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
                **(extra or {}),
            }
            _write_json(record_path, record)
            resumed = f" (resumed from byte {done.resumed_from})" if done.resumed_from else ""
            log.info("%s: %d bytes from %s, sha256 %s%s", final.name, done.size, remote.public,
                     done.sha256[:12], resumed)
            return _Outcome(record, True, copier.copied, done.resumed_from, attempt, checked)
    finally:
        close = getattr(progress, "close", None)
        if close is not None:
            close()
        if own_session and isinstance(remote, HttpRemote):
            remote.session.close()


def _usable_record(record_path: Path, final: Path, public: str, check) -> tuple[dict | None, object]:
    """The record of the local copy, if it may back a conditional request, and the copy's check result.

    Not when the copy is missing, has another size than recorded, came from another source, or fails
    its check: then the file is fetched unconditionally."""
    record = _read_json(record_path)
    if record is None or record.get("url") != public or not final.is_file():
        return None, None
    if final.stat().st_size != record.get("size"):
        log.warning("%s: local size differs from %s: fetching it again", final.name, record_path.name)
        return None, None
    try:
        return record, check(final, str(final))
    except FetchError as exc:
        log.warning("%s: the local copy fails its check (%s): fetching it again", final.name, exc)
        return None, None


# --- zips and headers ----------------------------------------------------------------------------


def inspect_zip(path: Path, member: str, label: str | None = None) -> int:
    """Check that the zip at `path` holds `member` at top level; return its number of ``by_date/``
    members (which repeat every row of the top-level member and are never read)."""
    label = label or str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FetchError(f"{label} is not a readable zip: {exc}") from None
    if member not in names:
        shown = ", ".join(names[:10]) + (f", ... ({len(names)} members)" if len(names) > 10 else "")
        raise FetchError(f"{label} has no top-level member {member}; it holds: {shown or 'nothing'}")
    return sum(1 for n in names if n.startswith(BY_DATE_PREFIX) and not n.endswith("/"))


@dataclass(frozen=True)
class FetchResult:
    """What `fetch` did. `bytes` counts what this call copied (0 when unchanged); `size` and `sha256`
    describe the local zip; `resumed_from` is the byte the completing attempt continued from."""

    cycle: int
    name: str
    source: str
    local_path: Path
    member: str
    bytes: int
    size: int
    sha256: str
    changed: bool
    resumed_from: int
    by_date_members: int
    fetched_at: str
    attempts: int

    def as_dict(self) -> dict:
        """JSON-ready (for an Airflow XCom or a run report)."""
        return {**asdict(self), "local_path": str(self.local_path)}


def fetch(
    base: str | Path,
    cycle: int,
    name: str,
    dest_dir: Path,
    *,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
    timeout=TIMEOUT,
    chunk_size: int = CHUNK_SIZE,
) -> FetchResult:
    """Bring ``dest_dir/{YYYY}/{prefix}{YY}.zip`` up to date with the same file under `base`.

    `base` is ``FEC_BULK_BASE_URL``: an http(s) URL such as ``https://www.fec.gov/files/bulk-downloads``
    or a folder (path or ``file://`` URL) with the same layout. `progress(done, total)` is called
    per chunk (default: `default_progress`). `retries` bounds transient failures in a row (an attempt
    that saved more bytes resets the count); waits double from `backoff` seconds, through `sleep`.
    Raises ValueError for an unknown name or bad cycle and `FetchError` when the file cannot be had.
    """
    spec = bulk_file(name)
    cycle = validate_cycle(cycle)
    member = spec.member(cycle)
    final = Path(dest_dir) / str(cycle) / spec.zip_name(cycle)

    def check(path: Path, label: str) -> int:
        return inspect_zip(path, member, label)

    outcome = _transfer(
        file_location(base, cycle, name), final, check, progress=progress, session=session,
        retries=retries, backoff=backoff, sleep=sleep, timeout=timeout, chunk_size=chunk_size,
        extra={"cycle": cycle, "name": name, "member": member},
    )
    by_date = int(outcome.checked)
    if by_date:
        log.info("%s also holds %d %s members: they repeat every row of %s, the only member read",
                 final.name, by_date, BY_DATE_PREFIX, member)
    record = outcome.record
    return FetchResult(
        cycle=cycle, name=name, source=record["url"], local_path=final, member=member,
        bytes=outcome.copied, size=record["size"], sha256=record["sha256"], changed=outcome.changed,
        resumed_from=outcome.resumed_from, by_date_members=by_date, fetched_at=record["fetched_at"],
        attempts=outcome.attempts,
    )


def parse_header(data: bytes, label: str = "header") -> list[str]:
    """Column names from a header file: one comma-separated line (a UTF-8 BOM is tolerated)."""
    text = data.decode("utf-8-sig", errors="replace")
    line = next((row for row in text.splitlines() if row.strip()), "")
    columns = [c.strip() for c in next(csv.reader(io.StringIO(line)), [])]
    if not columns or not all(columns):
        raise FetchError(f"{label} holds no comma-separated column names (first line {line[:80]!r})")
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise FetchError(f"{label} repeats columns: {', '.join(duplicates)}")
    return columns


def fetch_header(
    base: str | Path,
    name: str,
    dest_dir: Path,
    *,
    session: requests.Session | None = None,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
    timeout=TIMEOUT,
) -> list[str]:
    """The column names of bulk file `name`.

    For files with a published header, ``{base}/data_dictionaries/{name}_header_file.csv`` is fetched
    to ``dest_dir/data_dictionaries/`` (conditionally, like a zip) and parsed; a difference from the
    columns in `files.COLUMNS` is logged as a warning, and the published list wins. weball, webl and
    webk have no published header: their columns come from `files.COLUMNS` without any request.
    """
    spec = bulk_file(name)
    location = header_location(base, name)
    if location is None:
        return list(COLUMNS[name])
    final = Path(dest_dir) / HEADER_DIR / spec.header_name

    def check(path: Path, label: str) -> list[str]:
        return parse_header(path.read_bytes(), label)

    outcome = _transfer(
        location, final, check, progress=lambda done, total: None, session=session, retries=retries,
        backoff=backoff, sleep=sleep, timeout=timeout, chunk_size=CHUNK_SIZE, extra={"name": name},
    )
    columns = list(outcome.checked)
    if tuple(columns) != spec.columns:
        log.warning("%s differs from the columns the pipeline knows for %s: published %s, known %s",
                    spec.header_name, name, columns, list(spec.columns))
    return columns
