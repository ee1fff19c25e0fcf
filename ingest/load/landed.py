"""One landed file: its sidecar (request path, fetch time, origin), the raw table its kind and
endpoint route it to, or why it is quarantined; and the landed files of a source, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ingest.landing.zone import (
    SIDECAR_SUFFIX,
    UNKNOWN_FETCH_TIME,
    SidecarError,
    fetch_time_from_name,
    normalize_request_path,
    parse_fetched_at,
    public_base_url,
    read_sidecar_strict,
    sidecar_for,
)
from ingest.load.records import (
    KINDS,
    Parsed,
    QuarantineError,
    constants_list_name,
    origin_of,
    read_body,
    route,
)

# -- one landed file -----------------------------------------------------------------------------


@dataclass
class Landed:
    """A landed body's place and sidecar (its body is read later, in a batch)."""

    path: Path
    rel: str
    digest: str
    size: int
    kind: str
    origin: str
    base_url: str | None
    fetched_at: datetime
    request_path: str | None
    table: str | None  # from the request path; None: each record's shape decides
    list_name: str


@dataclass
class LandedBody:
    rel: str
    digest: str
    kind: str
    origin: str
    base_url: str | None
    fetched_at: datetime
    request_path: str | None
    parsed: Parsed


def inspect_landed(path: Path, rel: str, digest: str, root: Path, source: str) -> Landed:
    """A landed body's sidecar and route, without reading the body; or `QuarantineError`."""
    parts = path.relative_to(root).parts
    kind = parts[0]
    if kind not in KINDS[source] or len(parts) < 2:
        raise QuarantineError(
            f"not under landing/{source}/<kind>/ with kind one of {', '.join(KINDS[source])}")
    try:
        meta = read_sidecar_strict(path)
        fetched_at = (parse_fetched_at(meta, sidecar_for(path).name) if meta is not None
                      else fetch_time_from_name(path) or UNKNOWN_FETCH_TIME)
    except SidecarError as exc:
        raise QuarantineError(str(exc)) from None
    request_path = normalize_request_path((meta or {}).get("path"))
    table = route(source, kind, request_path)
    list_name = ""
    if source == "lda" and kind == "constants":
        list_name = constants_list_name({"path": request_path}, parts[1] if len(parts) > 2 else "")
    return Landed(path, rel, digest, path.stat().st_size, kind, origin_of(meta),
                  public_base_url((meta or {}).get("base_url")), fetched_at, request_path, table,
                  list_name)


def read_landed(path: Path, rel: str, digest: str, root: Path, source: str) -> LandedBody:
    """One landed body with its sidecar, parsed in Python; or raise `QuarantineError`."""
    landed = inspect_landed(path, rel, digest, root, source)
    return LandedBody(rel, digest, landed.kind, landed.origin, landed.base_url,
                      landed.fetched_at, landed.request_path, _read_in_python(source, landed))


def _read_in_python(source: str, landed: Landed) -> Parsed:
    return read_body(source, landed.kind, landed.path.read_bytes(),
                     request_path=landed.request_path, list_name=landed.list_name)


def stray_reason(path: Path) -> str:
    """Why a file that is not a ``.json`` body does not load."""
    suffix = path.suffix
    if suffix.lower() in (".html", ".htm"):
        return f"an HTML page ({suffix}), likely an error page the API returned; not a JSON body"
    if suffix.lower() == ".http":
        return "a raw HTTP recording (.http: status line and headers); save only its JSON body"
    if suffix.lower() == ".json":
        return f"the name ends in {suffix!r}, not '.json'; rename it to load it"
    return f"not a .json response body ({suffix or 'no extension'})"


def _landed_files(root: Path) -> list[Path]:
    """Every file under `root` except sidecars, reason notes and hidden files."""
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
        and not p.name.endswith((SIDECAR_SUFFIX, ".reason.txt"))
    )
