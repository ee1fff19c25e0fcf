"""Staging one bulk zip member for DuckDB (steps 1-3 of `ingest.load.bulk`): extracted to
``bulk/.staging/`` in parts, one part ahead of the reader (`stage_parts`), with its lines
counted, Windows-1252 decoded losslessly to UTF-8 (`decode_fec`, `encode_fec`), and blank or
carriage-return lines blanked and recorded as rejects.
"""

from __future__ import annotations

import codecs
import logging
import os
import queue
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.sources.fec_bulk.remote import CHUNK_SIZE

log = logging.getLogger(__name__)


# Lines that only the staging pass can reject (blank, carriage return) are kept in memory until
# they are written; a file with more of them is not in the FEC's format.
MAX_STAGING_REJECTS = 100_000
# The first staged part's size: parts then double up to the caller's `part_bytes`.
FIRST_PART_BYTES = 16 * 1024**2
BLANK_LINE = "BLANK LINE: an empty line, no fields"
CARRIAGE_RETURN = ("CARRIAGE RETURN: the line holds a \\r; FEC lines end with LF only, and "
                   "DuckDB's strict parser cannot read one")


class BulkLoadError(RuntimeError):
    """A bulk file that could not be loaded; its cycle keeps the rows it had."""


# -- text ----------------------------------------------------------------------------------------

# The bytes Windows-1252 leaves undefined; WHATWG's windows-1252 maps them to these code points.
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
_ERRORS = "influence-fec-bulk-1252"


def _latin1_for_undefined(error: UnicodeError):
    if isinstance(error, UnicodeDecodeError):
        return error.object[error.start:error.end].decode("latin-1"), error.end
    if isinstance(error, UnicodeEncodeError):
        text = error.object[error.start:error.end]
        if all(ord(char) in _UNDEFINED_1252 for char in text):
            return text.encode("latin-1"), error.end
    raise error


codecs.register_error(_ERRORS, _latin1_for_undefined)


def decode_fec(raw: bytes) -> str:
    """FEC bytes as text: Windows-1252 as browsers decode it (see the module docstring)."""
    return raw.decode("cp1252", errors=_ERRORS)


def encode_fec(text: str) -> bytes:
    """The bytes `decode_fec` read `text` from (its inverse on every byte string)."""
    return text.encode("cp1252", errors=_ERRORS)


# -- staging one member --------------------------------------------------------------------------


@dataclass
class Staged:
    """A member, or one part of it, extracted for reading: its lines (numbered in the whole
    member from `first_line`) and the lines the staging pass rejected (line number in the
    member, raw bytes, reason)."""

    path: Path
    lines: int
    size: int
    rejects: list[tuple[int, bytes, str]] = field(default_factory=list)
    first_line: int = 1


def _blank_bad_lines(block: bytes, first_line: int, rejects: list) -> bytes:
    """`block` (whole lines, each ending in LF) with its empty lines and lines holding a CR
    recorded as rejects; CR lines are blanked so DuckDB's line numbers stay the file's."""
    lines = block.split(b"\n")[:-1]
    for offset, line in enumerate(lines):
        if not line:
            rejects.append((first_line + offset, line, BLANK_LINE))
        elif b"\r" in line:
            rejects.append((first_line + offset, line, CARRIAGE_RETURN))
            lines[offset] = b""
    if len(rejects) > MAX_STAGING_REJECTS:
        raise BulkLoadError(f"more than {MAX_STAGING_REJECTS:,} blank lines or lines with a "
                            "carriage return: not the FEC's pipe-delimited, LF-ended format")
    return b"\n".join(lines) + b"\n"


def _open_member(archive: zipfile.ZipFile, zip_path: Path, member: str, staging_dir: Path,
                 part_bytes: int | None) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise BulkLoadError(f"{zip_path} has no top-level member {member}") from None
    free = shutil.disk_usage(staging_dir).free
    needed = info.file_size if part_bytes is None else min(info.file_size, 3 * part_bytes)
    if needed > free:
        raise BulkLoadError(f"{member} of {zip_path.name} is {info.file_size:,} bytes and needs "
                            f"{needed:,} to stage; {staging_dir} has {free:,} free")
    return info


def _extract(zip_path: Path, member: str, staging_dir: Path, part_bytes: int | None,
             chunk_size: int, emit) -> None:
    """Extract `member` into part files of whole lines, calling `emit(Staged)` as each part is
    complete: the first of about `FIRST_PART_BYTES` (so the reader starts early), each next one
    twice the last, up to `part_bytes` (None: one file)."""
    target = staging_dir / f"{zip_path.stem}_{member}.{os.getpid()}.{threading.get_ident()}"
    lines = total_size = 0
    rejects: list = []
    part = Staged(target.with_name(target.name + ".0"), 0, 0, rejects)
    out = open(part.path, "wb")
    limit = None if part_bytes is None else min(FIRST_PART_BYTES, part_bytes)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            info = _open_member(archive, zip_path, member, staging_dir, part_bytes)
            carry = b""
            with archive.open(info) as source:
                for chunk in iter(lambda: source.read(chunk_size), b""):
                    total_size += len(chunk)
                    data = carry + chunk if carry else chunk
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        carry = data
                        continue
                    block, carry = data[:cut + 1], data[cut + 1:]
                    if b"\r" in block or b"\n\n" in block or block[:1] == b"\n":
                        block = _blank_bad_lines(block, lines + 1, rejects)
                    count = block.count(b"\n")
                    lines += count
                    part.lines += count
                    out.write(block if block.isascii() else decode_fec(block).encode())
                    if limit is not None and out.tell() >= limit:
                        limit = min(2 * limit, part_bytes)
                        out.close()
                        part.size = total_size - len(carry)  # the member's bytes so far
                        emit(part)
                        part = Staged(target.with_name(f"{target.name}.{lines}"), 0, 0, [],
                                      lines + 1)
                        rejects = part.rejects
                        out = open(part.path, "wb")
                if carry:  # a last line without its LF
                    lines += 1
                    part.lines += 1
                    if b"\r" in carry:
                        rejects.append((lines, carry, CARRIAGE_RETURN))
                    else:
                        out.write(carry if carry.isascii() else decode_fec(carry).encode())
        out.close()
        part.size = total_size
        if part.lines or part.first_line == 1:  # no empty part after the last line
            emit(part)
        else:
            part.path.unlink()
    except BulkLoadError:
        out.close()
        part.path.unlink(missing_ok=True)
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, an unsupported method, OSError...
        out.close()
        part.path.unlink(missing_ok=True)
        raise BulkLoadError(f"cannot read {member} from {zip_path}: {type(exc).__name__}: {exc}"
                            ) from None
    except BaseException:
        out.close()
        part.path.unlink(missing_ok=True)
        raise


class _Stop(Exception):
    """The reader stopped early; the extracting thread ends without emitting more parts."""


def stage_parts(zip_path: Path, member: str, staging_dir: Path, *,
                part_bytes: int | None = None, chunk_size: int = CHUNK_SIZE):
    """Extract the top-level `member` of `zip_path` into `staging_dir`, yielding it as parts of
    whole lines (about `part_bytes` each; None: the whole member as one part), counting lines.

    A thread extracts the next part while the caller reads the one yielded (inflating is
    single-threaded, and DuckDB's reader leaves a core partly idle on this machine's two), so
    at most three parts are on disk at once; the caller deletes each part once read. Only the
    exact top-level name is opened; ``by_date/`` members are never read. Raises `BulkLoadError`
    when the member is missing, unreadable or larger than the free disk. `Staged.size` of a
    part is the member's bytes up to its end; the last part's is the member's size.
    """
    zip_path, staging_dir = Path(zip_path), Path(staging_dir)
    staging_dir.mkdir(parents=True, exist_ok=True)
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    done = object()

    def emit(part: Staged) -> None:
        while True:
            if stop.is_set():
                part.path.unlink(missing_ok=True)
                raise _Stop
            try:
                ready.put(part, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            _extract(zip_path, member, staging_dir, part_bytes, chunk_size, emit)
            item = done
        except _Stop:
            return
        except BaseException as exc:  # handed to the reader, raised there
            item = exc
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=work, name=f"stage {zip_path.name}", daemon=True)
    thread.start()
    try:
        while True:
            item = ready.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
        while not ready.empty():
            item = ready.get_nowait()
            if isinstance(item, Staged):
                item.path.unlink(missing_ok=True)


def stage_member(zip_path: Path, member: str, staging_dir: Path,
                 chunk_size: int = CHUNK_SIZE) -> Staged:
    """Extract the top-level `member` of `zip_path` into `staging_dir` as one file, counting
    its lines (`stage_parts` with a single part)."""
    [staged] = stage_parts(zip_path, member, staging_dir, chunk_size=chunk_size)
    return staged


def clear_staging(staging_dir: Path) -> None:
    """Remove members left by a killed load (called under the writer lock, so none is in use)."""
    if Path(staging_dir).is_dir():
        for path in Path(staging_dir).iterdir():
            if path.is_file():
                log.info("removing %s, left by an earlier load", path)
                path.unlink()
