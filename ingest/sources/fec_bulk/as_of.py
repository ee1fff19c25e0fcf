"""The date a fetched FEC bulk file is current as of, and how that date is known.

* From fec.gov (http or https): the zip's ``Last-Modified``. The FEC rebuilds the files every
  Sunday, so this is the date of the data, not of our download.
* From a folder: the folder's ``bulk_manifest.json`` when it has one, else the zip's
  modification date. A folder of excerpts copied today would otherwise claim to be today's data::

      {"as_of": "2019-03-22", "note": "excerpts of the FEC files downloaded 2019-03-22",
       "files": {"2016/cn16.zip": {"as_of": "2015-09-19"}}}

  ``files`` (optional) names zips by their path under the folder (``2016/cn16.zip``) or by
  their name alone (``cn16.zip``); its entries win over the folder-wide ``as_of``.

`record_as_of` runs right after a fetch and writes ``{zip}.as_of.json`` beside the zip, so the
date survives even if the source folder is gone by the time the load runs.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from ingest.common.fec_bulk_files import is_url
from ingest.common.files import atomic_write
from ingest.sources.fec_bulk.remote import RECORD_SUFFIX

log = logging.getLogger(__name__)


MANIFEST_NAME = "bulk_manifest.json"
AS_OF_SUFFIX = ".as_of.json"


class AsOfError(ValueError):
    """A bulk_manifest.json that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class AsOf:
    """`as_of` is the data's date; `basis` says how it is known; `note` is the manifest's note."""

    as_of: date | None
    basis: str
    note: str | None = None

    def as_dict(self) -> dict:
        return {**asdict(self), "as_of": self.as_of.isoformat() if self.as_of else None}

    @classmethod
    def from_dict(cls, data: dict) -> AsOf:
        value = data.get("as_of")
        return cls(date.fromisoformat(value) if value else None, data.get("basis") or "unknown",
                   data.get("note"))


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def fetch_record(zip_path: Path) -> dict | None:
    """The download's record (``{zip}.fetch.json``: url, size, sha256, validators), or None."""
    try:
        data = json.loads(_sibling(Path(zip_path), RECORD_SUFFIX).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _manifest_date(value, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AsOfError(f"{where}: as_of {value!r} is not a date (YYYY-MM-DD)") from None


def from_manifest(base: Path, zip_rel: str) -> AsOf | None:
    """The manifest's date for the zip at `zip_rel` under `base`, or None without a manifest."""
    path = Path(base) / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise AsOfError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AsOfError(f"{path} is not a JSON object")
    note = data.get("note") if isinstance(data.get("note"), str) else None
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    entry = files.get(zip_rel, files.get(Path(zip_rel).name))
    if isinstance(entry, dict) and entry.get("as_of"):
        return AsOf(_manifest_date(entry["as_of"], f"{path} files[{zip_rel!r}]"),
                    MANIFEST_NAME, entry.get("note") or note)
    if isinstance(entry, str):
        return AsOf(_manifest_date(entry, f"{path} files[{zip_rel!r}]"), MANIFEST_NAME, note)
    if data.get("as_of"):
        return AsOf(_manifest_date(data["as_of"], str(path)), MANIFEST_NAME, note)
    return None


def resolve_as_of(record: dict, zip_rel: str) -> AsOf:
    """The as-of date of the download described by `record` (a ``.fetch.json``)."""
    source = str(record.get("url") or "")
    if is_url(source):
        modified = record.get("last_modified")
        if modified:
            try:
                return AsOf(parsedate_to_datetime(modified).astimezone(UTC).date(), "Last-Modified")
            except (TypeError, ValueError):
                log.warning("%s: unreadable Last-Modified %r", source, modified)
    else:
        # A folder source is recorded as the zip's absolute path: the folder is two levels up
        # from "{YYYY}/{prefix}{YY}.zip".
        found = from_manifest(Path(source).parent.parent, zip_rel) if source else None
        if found is not None:
            return found
        if record.get("mtime_ns"):
            moment = datetime.fromtimestamp(record["mtime_ns"] / 1e9, UTC)
            return AsOf(moment.date(), "file modification time")
    fetched = record.get("fetched_at")
    if fetched:
        return AsOf(datetime.fromisoformat(fetched).date(),
                    "download date (the source gave no date of its own)")
    return AsOf(None, "unknown")


def record_as_of(zip_path: Path, zip_rel: str) -> AsOf:
    """Resolve the as-of date of a fetched zip and save it as ``{zip}.as_of.json``."""
    record = fetch_record(zip_path)
    if record is None:
        raise FileNotFoundError(f"{zip_path} has no {RECORD_SUFFIX} record: fetch it first")
    found = resolve_as_of(record, zip_rel)
    payload = {**found.as_dict(), "sha256": record.get("sha256")}
    atomic_write(_sibling(Path(zip_path), AS_OF_SUFFIX),
                 (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode())
    return found


def read_as_of(zip_path: Path, zip_rel: str) -> AsOf:
    """The as-of date saved at fetch time for this exact zip, else resolved from its record."""
    record = fetch_record(zip_path) or {}
    try:
        saved = json.loads(_sibling(Path(zip_path), AS_OF_SUFFIX).read_text())
    except (FileNotFoundError, ValueError):
        saved = None
    if isinstance(saved, dict) and saved.get("sha256") == record.get("sha256"):
        return AsOf.from_dict(saved)
    return resolve_as_of(record, zip_rel)
