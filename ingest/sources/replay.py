"""Offline mode: answer HTTP requests from the bundled snapshot instead of the network.

The snapshot is a landing zone (bodies plus sidecars) recorded by running the real extractors
against the project's fake APIs. `SnapshotAdapter` is mounted under the same `requests` session a
live run uses, so offline runs exercise the real pagination, cursor and landing code. Requests are
matched on path (below the API prefix) and parameters, whatever the host; a request the snapshot
does not hold is answered with 404 and a message saying so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import requests


def canonical_request(path: str, params: dict, secret_params: Iterable[str] = ()) -> str:
    """A stable key for a request: path plus sorted secret-free parameters."""
    hidden = set(secret_params)
    items = []
    for key, value in params.items():
        if key in hidden:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            items.append((key, str(item)))
    return json.dumps([path.rstrip("/") + "/", sorted(items)])


class SnapshotAdapter(requests.adapters.BaseAdapter):
    """A `requests` transport adapter serving recorded bodies by request."""

    def __init__(self, snapshot_source_dir: Path, *, api_prefix: str,
                 secret_params: Iterable[str] = ()):
        super().__init__()
        self.api_prefix = api_prefix
        self.secret_params = tuple(secret_params)
        self.index: dict[str, Path] = {}
        for meta_path in sorted(Path(snapshot_source_dir).rglob("*.meta.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = meta_path.with_name(meta_path.name.replace(".meta.json", ".json"))
            if body.exists():
                key = canonical_request(meta["path"], meta["params"], self.secret_params)
                self.index[key] = body

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        path = parts.path.split(self.api_prefix, 1)[-1] or "/"
        params: dict = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        params = {k: v[0] if len(v) == 1 else v for k, v in params.items()}
        body_path = self.index.get(canonical_request(path, params, self.secret_params))
        response = requests.Response()
        response.request = request
        response.url = request.url
        if body_path is None:
            shown = {k: v for k, v in params.items() if k not in self.secret_params}
            response.status_code = 404
            response._content = json.dumps(
                {"message": f"not in the offline snapshot: {path} {shown}"}).encode()
        else:
            response.status_code = 200
            response._content = body_path.read_bytes()
            response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass
