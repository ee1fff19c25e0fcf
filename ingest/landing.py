"""The landing zone: every API response body, verbatim, with an optional request sidecar.

Contract (also in the README):

* ``$INFLUENCE_DATA_DIR/landing/<source>/<kind>/<query>/<stamp>_p<page>.json`` holds one response
  body exactly as the API sent it.
* Next to it, ``<same name>.meta.json`` may record the request: path, parameters *without* secrets,
  fetch time, HTTP status. It is optional: a body file alone loads, so a user can drop responses
  they saved themselves into ``landing/<source>/<kind>/``.
* Files are never rewritten; a new fetch writes a new file (the stamp orders them).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SIDECAR_SUFFIX = ".meta.json"


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "query"


def is_body_file(path: Path) -> bool:
    return (
        path.suffix == ".json"
        and not path.name.endswith(SIDECAR_SUFFIX)
        and not path.name.startswith(".")
    )


def sidecar_for(body_path: Path) -> Path:
    return body_path.with_name(body_path.name[: -len(".json")] + SIDECAR_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class LandedFile:
    path: Path
    bytes: int


def land_response(
    landing_dir: Path,
    *,
    source: str,
    kind: str,
    query_dir: str,
    page: int,
    body: bytes,
    request_path: str,
    params: dict,
    status: int,
    fetched_at: datetime,
    base_url: str,
) -> LandedFile:
    """Save one response body verbatim plus its sidecar; `params` must already be secret-free."""
    name = f"{stamp(fetched_at)}_p{page:04d}.json"
    path = landing_dir / source / kind / query_dir / name
    atomic_write(path, body)
    meta = {
        "source": source,
        "kind": kind,
        "base_url": base_url,
        "path": request_path,
        "params": params,
        "page": page,
        "status": status,
        "fetched_at": fetched_at.isoformat(),
    }
    atomic_write(sidecar_for(path), json.dumps(meta, indent=1, sort_keys=True).encode())
    return LandedFile(path, len(body))


def read_sidecar(body_path: Path) -> dict | None:
    meta_path = sidecar_for(body_path)
    if not meta_path.exists():
        return None
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
