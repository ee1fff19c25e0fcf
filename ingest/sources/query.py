"""A logical API query (endpoint plus filters), walked page by page, and what a walk returned."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.common.files import atomic_write, slug, utc_now


@dataclass(frozen=True)
class Query:
    """One logical query. Its `query_id` names its landing folder and its saved cursor."""

    kind: str
    path: str
    params: tuple = ()
    label: str = ""

    @property
    def param_dict(self) -> dict:
        out: dict = {}
        for key, value in self.params:
            if key in out:
                existing = out[key] if isinstance(out[key], list) else [out[key]]
                out[key] = [*existing, value]
            else:
                out[key] = value
        return out

    @property
    def query_id(self) -> str:
        canon = json.dumps([self.path, sorted(map(list, self.params))], sort_keys=True)
        digest = hashlib.sha1(canon.encode()).hexdigest()[:10]
        return f"{slug(self.label or self.path)}-{digest}"


def make_query(kind: str, path: str, label: str = "", **params) -> Query:
    """A `Query`; list values become repeated parameters and None values are dropped."""
    flat = []
    for key, value in params.items():
        if value is None:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            flat.append((key, str(item)))
    return Query(kind, path, tuple(sorted(flat)), label)


@dataclass
class QueryResult:
    query: Query
    pages: int = 0
    rows: int = 0
    calls: int = 0
    resumed: bool = False
    files: list = field(default_factory=list)


class CursorStore:
    """Per-query cursors in ``<state_dir>/<source>/cursors/<query_id>.json``, written atomically
    after every page so that a killed run resumes where it stopped."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def path(self, query: Query) -> Path:
        return self.directory / f"{query.query_id}.json"

    def load(self, query: Query) -> dict | None:
        path = self.path(query)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def reset(self, query: Query) -> None:
        self.path(query).unlink(missing_ok=True)

    def save(self, query: Query, state: dict) -> None:
        state = {**state, "updated_at": utc_now().isoformat(), "path": query.path,
                 "params": query.param_dict}
        atomic_write(self.path(query), json.dumps(state, indent=1).encode())
