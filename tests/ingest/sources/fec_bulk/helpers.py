"""Small FEC bulk files made by hand, published into a folder in the FEC's layout, then fetched and
loaded through the real code path (`download.fetch`, `as_of.record_as_of`, `load.load_bulk`)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ingest.common.fec_bulk_files import COLUMNS, bulk_file
from ingest.load.bulk import load_bulk
from ingest.sources.fec_bulk.as_of import record_as_of
from ingest.sources.fec_bulk.download import fetch

MEMBER_DATE = (2019, 3, 22, 0, 0, 0)


def indiv_line(sub_id: int | str, *, name: bytes = b"DOE, JANE", amount: str = "100",
               cmte_id: str = "C00000001", fields: int = 21) -> bytes:
    """One itcont.txt line (21 fields unless `fields` says otherwise) ending in LF."""
    values = [cmte_id.encode(), b"N", b"Q1", b"P2020", b"201901019000000001", b"15", b"IND", name,
              b"WASHINGTON", b"DC", b"20001", b"SELF", b"WRITER", b"01152019", amount.encode(),
              b"", f"T{sub_id}".encode(), b"1300000", b"", b"", str(sub_id).encode()]
    values = (values + [b"EXTRA"] * fields)[:fields] if fields > len(values) else values[:fields]
    return b"|".join(values) + b"\n"


def cm_line(cmte_id: str, name: str = "A COMMITTEE") -> bytes:
    values = [cmte_id, name] + [""] * (len(COLUMNS["cm"]) - 2)
    return "|".join(values).encode() + b"\n"


def count_lines(content: bytes) -> int:
    """Lines as a person counts them: LF-ended lines, plus a last line without its LF."""
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def put_zip(base: Path, cycle: int, name: str, content: bytes, *, extra: dict | None = None,
            stored: bool = False) -> Path:
    """Publish `content` as the top-level member of ``{base}/{cycle}/{name}{yy}.zip`` (with any
    `extra` members), with an mtime later than the previous version's so a fetch sees it."""
    spec = bulk_file(name)
    path = Path(base) / spec.zip_path(cycle)
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_mtime_ns if path.exists() else 1_550_000_000 * 10**9
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for member, data in {spec.member(cycle): content, **(extra or {})}.items():
            # A fixed member date: the same content always makes the same bytes (a name alone takes
            # the clock's time, so two publications a second apart would differ in their sha256).
            info = zipfile.ZipInfo(member, date_time=MEMBER_DATE)
            info.compress_type = method
            archive.writestr(info, data)
    os.utime(path, ns=(before + 10**9, before + 10**9))
    return path


def fetch_zip(base: Path, bulk_dir: Path, name: str, cycle: int):
    result = fetch(base, cycle, name, bulk_dir, progress=lambda done, total: None)
    record_as_of(result.local_path, bulk_file(name).zip_path(cycle))
    return result


def fetch_and_load(con, base: Path, bulk_dir: Path, name: str, cycles=(2020,), **kwargs):
    """Fetch `name` for `cycles` from `base` and load it; the load results, one per cycle."""
    for cycle in cycles:
        fetch_zip(base, bulk_dir, name, cycle)
    return load_bulk(con, bulk_dir, [name], list(cycles), **kwargs)
