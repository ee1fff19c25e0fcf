"""Staging one bulk zip member for DuckDB (steps 1-3 of `ingest.load.bulk`): extracted to
``bulk/.staging/`` with its lines counted, Windows-1252 decoded losslessly to UTF-8
(`decode_fec`, `encode_fec`), and blank or carriage-return lines blanked and recorded as rejects.
"""

from __future__ import annotations

import codecs
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.sources.fec_bulk.remote import CHUNK_SIZE

log = logging.getLogger(__name__)


# Lines that only the staging pass can reject (blank, carriage return) are kept in memory until
# they are written; a file with more of them is not in the FEC's format.
MAX_STAGING_REJECTS = 100_000
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
    """A member extracted for reading: its lines and the lines the staging pass rejected
    (line number, raw bytes, reason)."""

    path: Path
    lines: int
    size: int
    rejects: list[tuple[int, bytes, str]] = field(default_factory=list)


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


def stage_member(zip_path: Path, member: str, staging_dir: Path,
                 chunk_size: int = CHUNK_SIZE) -> Staged:
    """Extract the top-level `member` of `zip_path` into `staging_dir`, counting its lines.

    Only the exact top-level name is opened; ``by_date/`` members are never read. Raises
    `BulkLoadError` when the member is missing, unreadable or larger than the free disk.
    """
    zip_path, staging_dir = Path(zip_path), Path(staging_dir)
    staging_dir.mkdir(parents=True, exist_ok=True)
    target = staging_dir / f"{zip_path.stem}_{member}.{os.getpid()}"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                raise BulkLoadError(f"{zip_path} has no top-level member {member}") from None
            free = shutil.disk_usage(staging_dir).free
            if info.file_size > free:
                raise BulkLoadError(
                    f"{member} of {zip_path.name} is {info.file_size:,} bytes; {staging_dir} has "
                    f"{free:,} free")
            staged = Staged(target, 0, 0)
            carry = b""
            with archive.open(info) as source, open(target, "wb") as out:
                for chunk in iter(lambda: source.read(chunk_size), b""):
                    staged.size += len(chunk)
                    data = carry + chunk if carry else chunk
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        carry = data
                        continue
                    block, carry = data[:cut + 1], data[cut + 1:]
                    if b"\r" in block or b"\n\n" in block or block[:1] == b"\n":
                        block = _blank_bad_lines(block, staged.lines + 1, staged.rejects)
                    staged.lines += block.count(b"\n")
                    out.write(block if block.isascii() else decode_fec(block).encode())
                if carry:  # a last line without its LF
                    staged.lines += 1
                    if b"\r" in carry:
                        staged.rejects.append((staged.lines, carry, CARRIAGE_RETURN))
                    else:
                        out.write(carry if carry.isascii() else decode_fec(carry).encode())
    except BulkLoadError:
        target.unlink(missing_ok=True)
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, an unsupported method, OSError...
        target.unlink(missing_ok=True)
        raise BulkLoadError(f"cannot read {member} from {zip_path}: {type(exc).__name__}: {exc}"
                            ) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return staged


def clear_staging(staging_dir: Path) -> None:
    """Remove members left by a killed load (called under the writer lock, so none is in use)."""
    if Path(staging_dir).is_dir():
        for path in Path(staging_dir).iterdir():
            if path.is_file():
                log.info("removing %s, left by an earlier load", path)
                path.unlink()
