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

A folder base and an http(s) base share every step except `Remote.open`. The parts: `remote`
(where the bytes come from: a folder or HTTP, the constants and errors), `transfer` (the shared
copy loop: parts, resume, records), `progress` (what a long copy reports); this module checks
zips and headers and is what callers use (`fetch`, `fetch_header`).
"""

from __future__ import annotations

import csv
import io
import logging
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from ingest.common.fec_bulk_files import (
    BY_DATE_PREFIX,
    COLUMNS,
    HEADER_DIR,
    bulk_file,
    file_location,
    header_location,
    validate_cycle,
)
from ingest.sources.fec_bulk.remote import BACKOFF, CHUNK_SIZE, RETRIES, TIMEOUT, FetchError, Progress
from ingest.sources.fec_bulk.transfer import _transfer

log = logging.getLogger(__name__)


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
