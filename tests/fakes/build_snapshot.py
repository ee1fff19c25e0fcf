"""Regenerate the offline snapshot bundled in `ingest/snapshot/` (run `make snapshot`).

The snapshot is what the real extractor lands when it runs, in live mode, against the fake OpenFEC
server over the project's synthetic universe (`tests/fakes/fec_universe.py`). The landed bodies
and sidecars are copied under stable names, so regenerating an unchanged universe changes nothing.
Every record in it is invented except public IDs and names of the watchlist's figures and PACs.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from ingest import pipeline
from ingest.fec.settings import EXTRACT_KINDS
from ingest.settings import PACKAGE_DIR, Settings
from tests.fakes.fec_api import FakeFecApi

SNAPSHOT_DIR = PACKAGE_DIR / "snapshot"
FIXED_FETCHED_AT = "2026-11-01T00:00:00+00:00"
KEY = "snapshot-build-key"


def record(data_dir: Path, base_url: str) -> Settings:
    """Run resolve and every extract kind live against `base_url` into `data_dir`."""
    settings = Settings.from_env(data_dir=data_dir, mode="live", fec_base_url=base_url)
    pipeline.resolve_step(settings, KEY, base_url)
    for kind in EXTRACT_KINDS:
        pipeline.extract_step(settings, kind, KEY, base_url)
    return settings


def copy_stable(landing_fec: Path, out_fec: Path) -> int:
    """Copy landed files under `out_fec` with stable names and a fixed fetch time."""
    if out_fec.exists():
        shutil.rmtree(out_fec)
    count = 0
    for body in sorted(landing_fec.rglob("*_p[0-9][0-9][0-9][0-9].json")):
        rel = body.relative_to(landing_fec)
        page = body.stem.rsplit("_p", 1)[1]
        target = out_fec / rel.parent / f"snapshot_p{page}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Re-serialise so the snapshot is stable and readable; the shape is untouched.
        target.write_text(json.dumps(json.loads(body.read_bytes()), indent=1) + "\n")
        meta = json.loads(body.with_name(body.stem + ".meta.json").read_text())
        meta.update(fetched_at=FIXED_FETCHED_AT, base_url="synthetic-universe")
        target.with_name(target.stem + ".meta.json").write_text(
            json.dumps(meta, indent=1, sort_keys=True) + "\n")
        count += 1
    return count


def build(out_dir: Path = SNAPSHOT_DIR) -> int:
    with FakeFecApi(api_key=KEY) as fake, tempfile.TemporaryDirectory() as tmp:
        settings = record(Path(tmp), fake.base_url)
        return copy_stable(settings.landing_dir / "fec", Path(out_dir) / "landing" / "fec")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT_DIR
    print(f"wrote {build(out)} response bodies to {out}")
