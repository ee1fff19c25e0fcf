"""The landing zone: every API response body, verbatim, with an optional request sidecar.

Contract (also in the README):

* ``$INFLUENCE_DATA_DIR/landing/<source>/<kind>/<query>/<stamp>_p<page>.json`` holds one response
  body exactly as the API sent it.
* Next to it, ``<same name>.meta.json`` may record the request: path, parameters *without* secrets,
  fetch time, HTTP status. It is optional: a body file alone loads, so a user can drop responses
  they saved themselves into ``landing/<source>/<kind>/``.
* Files are never rewritten; a new fetch writes a new file (the stamp orders them), unless it
  repeats the latest file of the same query and page byte for byte, to the same request: then
  nothing is written and that file stands for it (reruns re-read totals and code lists).
* A response that stayed unusable through every retry (a body cut short, not JSON) is not landed:
  `quarantine_response` keeps it, with its request (never a key), under
  ``$INFLUENCE_DATA_DIR/quarantine/extract/``.
* Each kind takes only its own endpoints' responses (`ENDPOINTS`). The sidecar's request path
  decides which endpoint a body came from; a body without a sidecar is judged by its records'
  fields (`SHAPES`). History endpoints (``/committee/{id}/history/``,
  ``/candidate/{id}/committees/history/``, ``/candidate/{id}/history/``) land under
  ``committees`` or ``candidates`` but load into their own tables, keyed with their cycle.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ingest.common.files import atomic_write

SIDECAR_SUFFIX = ".meta.json"
# What a body without a recorded fetch time sorts as: before every recorded fetch.
UNKNOWN_FETCH_TIME = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP = re.compile(r"^(\d{8}T\d{12}Z)_")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


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
    unchanged: bool = False


def latest_landed(query_dir: Path, page: int) -> Path | None:
    """The latest body landed in `query_dir` for `page` (stamps sort in time order), or None."""
    if not query_dir.is_dir():
        return None
    bodies = sorted(p for p in query_dir.glob(f"*_p{page:04d}.json") if is_body_file(p))
    return bodies[-1] if bodies else None


def quarantine_response(quarantine_dir: Path, *, source: str, kind: str, query_dir: str,
                        page: int, body: bytes, request_path: str, params: dict,
                        status: int | None, reason: str, attempts: int,
                        fetched_at: datetime) -> Path:
    """Keep a response that stayed unusable through every retry, with its request, under
    ``<quarantine_dir>/extract/<source>/<kind>/<query>/``; `body` and `params` must already be
    secret-free. Returns the body's path (``.body``, so nothing loads it)."""
    base = Path(quarantine_dir) / "extract" / source / kind / query_dir
    path = base / f"{stamp(fetched_at)}_p{page:04d}.body"
    atomic_write(path, body)
    request = {"source": source, "kind": kind, "path": request_path, "params": params,
               "page": page, "status": status, "attempts": attempts, "reason": reason,
               "fetched_at": fetched_at.isoformat()}
    atomic_write(path.with_suffix(".request.json"),
                 json.dumps(request, indent=1, sort_keys=True).encode())
    return path


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
    skip_unchanged: bool = False,
) -> LandedFile:
    """Save one response body verbatim plus its sidecar; `params` must already be secret-free.

    With `skip_unchanged`, the same body for the same request (path, parameters, base URL) as
    the latest landed file of the query folder and page is not written again; the returned
    `LandedFile` then names that earlier file.
    """
    name = f"{stamp(fetched_at)}_p{page:04d}.json"
    path = landing_dir / source / kind / query_dir / name
    if skip_unchanged:
        previous = latest_landed(path.parent, page)
        if previous is not None and previous.stat().st_size == len(body) \
                and previous.read_bytes() == body:
            # Only the same answer to the same request: the sidecar says which request it was.
            meta = read_sidecar(previous) or {}
            if (meta.get("path"), meta.get("params"), meta.get("base_url")) == (
                    request_path, json.loads(json.dumps(params)), base_url):
                return LandedFile(previous, len(body), unchanged=True)
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
    """The sidecar of `body_path`, or None when it is missing or unreadable (lenient)."""
    try:
        return read_sidecar_strict(body_path)
    except SidecarError:
        return None


class SidecarError(ValueError):
    """A sidecar that exists but cannot be trusted; the message names it and says why."""


def read_sidecar_strict(body_path: Path) -> dict | None:
    """The sidecar of `body_path`; None when there is none; `SidecarError` when it is broken."""
    meta_path = sidecar_for(body_path)
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(f"its sidecar {meta_path.name} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise SidecarError(f"its sidecar {meta_path.name} is not a JSON object")
    return meta


def parse_fetched_at(meta: dict, sidecar_name: str) -> datetime:
    """The sidecar's ``fetched_at`` as an aware UTC time, or `SidecarError`."""
    value = meta.get("fetched_at")
    if not isinstance(value, str) or not value.strip():
        raise SidecarError(f"its sidecar {sidecar_name} has no fetched_at")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise SidecarError(f"its sidecar {sidecar_name} has fetched_at {value[:40]!r}, "
                           "not an ISO 8601 time") from None
    if moment.utcoffset() is None:
        raise SidecarError(f"its sidecar {sidecar_name} has fetched_at {value[:40]!r} without a "
                           "time zone (write it in UTC, e.g. 2026-11-01T00:00:00+00:00)")
    return moment.astimezone(UTC)


def fetch_time_from_name(path: Path) -> datetime | None:
    """The fetch time in a landed file's name (``<stamp>_p<page>.json``), if it has one."""
    match = _STAMP.match(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match[1], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def normalize_request_path(raw) -> str | None:
    """``/committee/C1/totals/`` from a recorded path or URL (query string and /v1 prefix
    dropped, so no parameter, and no key, is ever kept); None when there is none."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    path = urlsplit(raw.strip()).path or "/"
    for prefix in ("/api/v1/", "/v1/"):
        if path.startswith(prefix):
            path = path[len(prefix) - 1:]
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


def public_base_url(raw) -> str | None:
    """The sidecar's ``base_url`` without credentials or query (scheme, host, port, path)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    parts = urlsplit(raw.strip())
    if not parts.scheme or not parts.hostname:
        return raw.strip()[:80]
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path.rstrip('/')}"


# -- which responses each kind takes ---------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """An API path pattern, the landing kind it feeds and the raw table it loads into."""

    pattern: str
    kind: str
    table: str

    @property
    def regex(self) -> re.Pattern:
        body = re.escape(self.pattern).replace(r"\{id\}", "[^/]+").replace(r"\{cycle\}", r"\d{4}")
        body = body.replace(r"\{list\}", "[^/]+/[^/]+")
        return re.compile(f"^{body}$")


def _endpoints(kind: str, table: str, *patterns: str) -> tuple[Endpoint, ...]:
    return tuple(Endpoint(pattern, kind, table) for pattern in patterns)


ENDPOINTS: dict[str, tuple[Endpoint, ...]] = {
    "fec": (
        *_endpoints("schedule_a", "schedule_a", "/schedules/schedule_a/"),
        *_endpoints("schedule_b", "schedule_b", "/schedules/schedule_b/"),
        *_endpoints("schedule_e", "schedule_e", "/schedules/schedule_e/"),
        *_endpoints("committees", "committees", "/committee/{id}/", "/committees/",
                    "/candidate/{id}/committees/"),
        *_endpoints("committees", "committee_history", "/committee/{id}/history/",
                    "/committee/{id}/history/{cycle}/", "/candidate/{id}/committees/history/",
                    "/candidate/{id}/committees/history/{cycle}/"),
        *_endpoints("candidates", "candidates", "/candidate/{id}/", "/candidates/",
                    "/candidates/search/"),
        *_endpoints("candidates", "candidate_history", "/candidate/{id}/history/",
                    "/candidate/{id}/history/{cycle}/"),
        *_endpoints("totals", "totals", "/committee/{id}/totals/"),
    ),
    "lda": (
        *_endpoints("filings", "filings", "/filings/", "/filings/{id}/"),
        *_endpoints("contributions", "contributions", "/contributions/", "/contributions/{id}/"),
        *_endpoints("registrants", "registrants", "/registrants/", "/registrants/{id}/"),
        *_endpoints("clients", "clients", "/clients/", "/clients/{id}/"),
        *_endpoints("lobbyists", "lobbyists", "/lobbyists/", "/lobbyists/{id}/"),
        *_endpoints("constants", "constants", "/constants/{list}/"),
    ),
}


def tables_of(source: str, kind: str) -> tuple[str, ...]:
    """The raw tables a landing kind loads into (``committees`` -> committees and history)."""
    return tuple(dict.fromkeys(e.table for e in ENDPOINTS[source] if e.kind == kind))


def endpoint_for(source: str, path: str) -> Endpoint | None:
    return next((e for e in ENDPOINTS[source] if e.regex.match(path)), None)


@dataclass(frozen=True)
class Shape:
    """How a record of one raw table looks, for bodies that arrived without a sidecar.

    `key`: fields that must be present and non-empty (joined with ``|`` they are the record
    key); `any_of`: at least one must be present; `none_of`: none may be present;
    `max_fields`: at most this many fields (the small LDA code lists).
    """

    key: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    max_fields: int | None = None

    def mismatch(self, record: dict) -> str | None:
        """Why `record` is not of this shape (fields named), or None when it is."""
        if self.any_of and not any(f in record for f in self.any_of):
            return f"it has none of {', '.join(self.any_of)}"
        present = [f for f in self.none_of if f in record]
        if present:
            return f"it has {', '.join(present)}"
        if self.max_fields is not None and len(record) > self.max_fields:
            return f"it has {len(record)} fields, more than a code list's {self.max_fields}"
        return None


SHAPES: dict[str, dict[str, Shape]] = {
    "fec": {
        "schedule_a": Shape(("sub_id",), ("contribution_receipt_amount", "contributor_name")),
        "schedule_b": Shape(("sub_id",), ("disbursement_amount", "recipient_name")),
        "schedule_e": Shape(("sub_id",), ("expenditure_amount", "payee_name")),
        "committees": Shape(("committee_id",), ("name",), ("cycle",)),
        "committee_history": Shape(("committee_id", "cycle"), ("name",)),
        "candidates": Shape(("candidate_id",), ("name",), ("two_year_period",)),
        "candidate_history": Shape(("candidate_id", "two_year_period"), ("name",)),
        # /reports/ and /filings/ rows also carry committee_id and cycle, but no `receipts`.
        "totals": Shape(("committee_id", "cycle"), ("receipts",), ("report_type",
                                                                   "document_type")),
    },
    "lda": {
        "filings": Shape(("filing_uuid",), ("lobbying_activities", "income", "expenses",
                                            "client"), ("contribution_items",)),
        "contributions": Shape(("filing_uuid",), ("contribution_items",)),
        "registrants": Shape(("id",), ("house_registrant_id",)),
        "clients": Shape(("id",), ("client_id",)),
        "lobbyists": Shape(("id",), ("first_name", "last_name"), ("client_id",)),
        "constants": Shape(("value",), ("name",), max_fields=3),
    },
}
