"""The bundled offline snapshot is current and has the shapes the brief asks for."""

import json
from pathlib import Path

from ingest.common.settings import PACKAGE_DIR
from tests.fakes.build_snapshot import build

SNAPSHOT_ROOT = PACKAGE_DIR / "snapshot" / "landing"
SNAPSHOT = SNAPSHOT_ROOT / "fec"


def tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.json"))}


def test_snapshot_is_what_the_extractor_lands_from_the_universe(tmp_path):
    build(tmp_path)
    assert tree(tmp_path / "landing") == tree(SNAPSHOT_ROOT), "run `make snapshot`"


def test_snapshot_has_the_real_envelopes_and_pagination_shapes():
    bodies = [json.loads(p.read_text()) for p in SNAPSHOT.rglob("snapshot_*.json")
              if not p.name.endswith(".meta.json")]
    assert all(body["api_version"] == "1.0" and isinstance(body["results"], list)
               for body in bodies)
    keyset = [b["pagination"] for b in bodies if "last_indexes" in b["pagination"]]
    assert any(p["last_indexes"] and p["last_indexes"].get("sort_null_only") for p in keyset)
    assert any(p["last_indexes"] and "last_contribution_receipt_date" in p["last_indexes"]
               for p in keyset)
    assert any(p["last_indexes"] is None for p in keyset)  # the empty page that ends a walk
    assert all(p["is_count_exact"] is False for p in keyset)
    metas = [json.loads(p.read_text()) for p in SNAPSHOT.rglob("*.meta.json")]
    assert all("api_key" not in m["params"] for m in metas)
    assert max(m["page"] for m in metas if m["kind"] == "schedule_a") >= 3


def test_lobbying_snapshot_has_next_chains_on_lda_gov_and_constants_lists():
    lda = SNAPSHOT_ROOT / "lda"
    pages = [json.loads(p.read_text()) for p in (lda / "filings").rglob("snapshot_*.json")
             if not p.name.endswith(".meta.json")]
    assert any(page["next"] and page["next"].startswith("https://lda.gov/api/v1/filings/?")
               for page in pages)
    assert all(set(page) == {"count", "next", "previous", "results"} for page in pages)
    constants = [json.loads(p.read_text()) for p in (lda / "constants").rglob("snapshot_*.json")
                 if not p.name.endswith(".meta.json")]
    assert len(constants) == 8 and all(isinstance(c, list) for c in constants)
    assert "127.0.0.1" not in "".join(p.read_text() for p in lda.rglob("*.json"))
