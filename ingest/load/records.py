"""One response body: the raw tables and origins there are, which table each record goes to and
its key, and the Python reader (`read_body`) whose reasons and rules decide when DuckDB cannot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ingest.common.files import slug
from ingest.landing.zone import (
    ENDPOINTS,
    SHAPES,
    endpoint_for,
    normalize_request_path,
    tables_of,
)
from ingest.sources.fec import settings as fec
from ingest.sources.lda import settings as lda

RAW_SCHEMA = "raw_fec"
CONFIG_SCHEMA = "raw_config"
KINDS = {"fec": fec.KINDS, "lda": lda.KINDS}
TABLES = {source: tuple(SHAPES[source]) for source in KINDS}
SHOW = 10  # lines of quarantined files, rejects and conflicts shown before "and N more"

ORIGINS = {
    "offline-snapshot": "the offline snapshot bundled with the project (sample data)",
    "live-api": "the live API",
    "hand-dropped": "response files dropped into the landing zone by hand",
    "bulk-files": "the FEC's bulk data files",
}
SAMPLE_ORIGINS = frozenset({"offline-snapshot"})
# The bundled snapshot's own sidecars say "synthetic-universe"; replayed pages say
# "offline-snapshot".
SNAPSHOT_BASE_URLS = frozenset({"offline-snapshot", "synthetic-universe"})
UNRECORDED = "unrecorded"


class QuarantineError(ValueError):
    """A landed file that cannot be loaded; the message is the reason recorded."""


class RecordRejected(ValueError):
    """One record that cannot be loaded; the message is the reason recorded."""


# -- one body ------------------------------------------------------------------------------------


@dataclass
class Parsed:
    """What one response body holds: (table, key, record, index) rows and (index, reason,
    value) rejects."""

    rows: list = field(default_factory=list)
    rejects: list = field(default_factory=list)


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def table_key(source: str, table: str, record: dict, list_name: str = "") -> str:
    """The natural key of one record of a raw table, or raise `RecordRejected`."""
    if source == "lda" and table == "constants":
        value = record.get("value", record.get("id"))
        if _blank(value):
            raise RecordRejected("a record has no value or id")
        return f"{list_name}|{value}"
    fields = SHAPES[source][table].key
    values = [record.get(name) for name in fields]
    if any(_blank(value) for value in values):
        raise RecordRejected(f"a record has no {' and '.join(fields)}")
    return "|".join(str(value) for value in values)


def route(source: str, kind: str, request_path: str | None) -> str | None:
    """The raw table a `kind` body fetched from `request_path` loads into; None when the path is
    unknown (the records' shape decides); `QuarantineError` when the endpoint is not the kind's."""
    if kind not in KINDS[source]:
        raise QuarantineError(
            f"not under landing/{source}/<kind>/ with kind one of {', '.join(KINDS[source])}")
    request_path = normalize_request_path(request_path)
    if request_path is None:
        return None
    endpoint = endpoint_for(source, request_path)
    if endpoint is None:
        accepted = ", ".join(e.pattern for e in ENDPOINTS[source] if e.kind == kind)
        raise QuarantineError(f"a response from {request_path}, which {kind} does not take "
                              f"(it takes {accepted})")
    if endpoint.kind != kind:
        raise QuarantineError(
            f"a response from {request_path}, which feeds {endpoint.kind}, not {kind}")
    return endpoint.table


def _table_by_shape(source: str, kind: str, record: dict, list_name: str) -> str:
    reasons = []
    for table in tables_of(source, kind):
        try:
            table_key(source, table, record, list_name)
        except RecordRejected as exc:
            reasons.append(str(exc))
            continue
        why = SHAPES[source][table].mismatch(record)
        if why is None:
            return table
        reasons.append(f"not a {table} record: {why}")
    raise RecordRejected(reasons[0])


def split_records(source: str, kind: str, items: list, table: str | None,
                  list_name: str = "") -> Parsed:
    """Sort a body's records into loadable rows and rejects.

    With a known `table` (from the request path) only the key is checked. Without one, each record
    must look like one of the kind's tables; a body none of whose records does is quarantined.
    """
    parsed = Parsed()
    for index, record in enumerate(items):
        try:
            if not isinstance(record, dict):
                raise RecordRejected("not a JSON object")
            chosen = table or _table_by_shape(source, kind, record, list_name)
            parsed.rows.append((chosen, table_key(source, chosen, record, list_name), record,
                                index))
        except RecordRejected as exc:
            parsed.rejects.append((index, str(exc), record))
    if table is None and items and not parsed.rows:
        raise QuarantineError(
            f"no record looks like a {kind} record (results[0]: {parsed.rejects[0][1]}); "
            "a body without a sidecar is judged by its records' fields")
    return parsed


def _decode(raw: bytes):
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuarantineError(f"not valid JSON: {exc}") from None


def _fec_items(data) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise QuarantineError("not an OpenFEC response: no 'results' list")
    return data["results"]


def _lda_items(data) -> list:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and ("filing_uuid" in data or "id" in data):
        return [data]
    if isinstance(data, dict) and "detail" in data:
        raise QuarantineError(f"an LDA error body, not data: {str(data['detail'])[:200]}")
    raise QuarantineError("not an LDA response: no 'results', list or record")


def read_body(source: str, kind: str, raw: bytes, *, request_path: str | None = None,
              list_name: str = "") -> Parsed:
    """Rows and rejects of one response body, or raise `QuarantineError` for the whole file."""
    table = route(source, kind, request_path)
    if source == "lda" and kind == "constants" and not list_name:
        list_name = constants_list_name({"path": request_path}, "")
    data = _decode(raw)
    items = _fec_items(data) if source == "fec" else _lda_items(data)
    return split_records(source, kind, items, table, list_name)


def parse_body(kind: str, raw: bytes, request_path: str | None = None) -> list[tuple[str, dict]]:
    """(key, record) pairs of an OpenFEC body's loadable records, or raise `QuarantineError`."""
    parsed = read_body("fec", kind, raw, request_path=request_path)
    return [(key, record) for _, key, record, _ in parsed.rows]


def parse_lda_body(kind: str, raw: bytes, list_name: str = "",
                   request_path: str | None = None) -> list[tuple[str, dict]]:
    """(key, record) pairs from an LDA response: a page, one object, or a constants list."""
    parsed = read_body("lda", kind, raw, request_path=request_path, list_name=list_name)
    return [(key, record) for _, key, record, _ in parsed.rows]


def constants_list_name(meta: dict, query_dir: str) -> str:
    """'filing/filingtypes' from the request path (/constants/filing/filingtypes/) or, for a file
    dropped in by hand, from its folder name ('filing-filingtypes')."""
    path = (normalize_request_path(meta.get("path")) or "").strip("/")
    if path.startswith("constants/"):
        return path[len("constants/"):]
    return query_dir.replace("-", "/", 1)


def origin_of(meta: dict | None) -> str:
    """Where a landed body came from (see `ORIGINS`), from its sidecar."""
    if not meta:
        return "hand-dropped"
    label = meta.get("origin")
    if isinstance(label, str) and label.strip():
        return slug(label)
    base = meta.get("base_url")
    if not isinstance(base, str) or not base.strip():
        return "hand-dropped"
    return "offline-snapshot" if base.strip() in SNAPSHOT_BASE_URLS else "live-api"
