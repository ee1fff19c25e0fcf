"""A logical API query (endpoint plus filters), walked page by page, and what a walk returned."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ingest.landing import slug


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
