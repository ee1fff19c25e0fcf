"""The copy loop a folder and an HTTP base share: a ``.part`` file hashed on the way, resumed after
a dropped connection, renamed only when whole; the ``.fetch.json`` record of what was copied.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from ingest.common.fec_bulk_files import (
    is_url,
)
from ingest.common.files import atomic_write
from ingest.sources.fec_bulk.progress import default_progress
from ingest.sources.fec_bulk.remote import (
    BACKOFF_MAX,
    CHUNK_SIZE,
    PART_STATE_SUFFIX,
    PART_SUFFIX,
    RECORD_SUFFIX,
    REJECTED_SUFFIX,
    FetchError,
    HttpRemote,
    Progress,
    Remote,
    Reply,
    Version,
    _Restart,
    _Transient,
    open_remote,
)

log = logging.getLogger(__name__)


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
