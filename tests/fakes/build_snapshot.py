"""Regenerate the offline snapshot bundled in `ingest/snapshot/` (run `make snapshot`).

The snapshot is what the real extractors land when they run, in live mode, against the fake
OpenFEC and LDA servers over the project's synthetic universes (`tests/fakes/*_universe.py`):
twice, so that the requests of an incremental rerun are recorded too. Bodies and sidecars are
copied under names derived from the request, with a fixed fetch time, and the fake server's
address in LDA `next` links is replaced by lda.gov's, so regenerating an unchanged universe changes
nothing. Every record is invented except public IDs and names of the watchlist's figures, PACs and
lobbying organisations.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from ingest import pipeline
from ingest.common.settings import PACKAGE_DIR, Settings
from ingest.sources.fec.settings import EXTRACT_KINDS
from ingest.sources.lda.settings import DEFAULT_BASE_URL as LDA_PUBLIC_BASE
from ingest.sources.lda.settings import EXTRACT_KINDS as LDA_EXTRACT_KINDS
from ingest.sources.replay import canonical_request
from tests.fakes.fec_api import FakeFecApi
from tests.fakes.lda_api import FakeLdaApi

SNAPSHOT_DIR = PACKAGE_DIR / "snapshot"
FIXED_FETCHED_AT = "2026-11-01T00:00:00+00:00"
FEC_KEY = "snapshot-build-key"


def record(data_dir: Path, fec_url: str, lda_url: str) -> None:
    """Run every extract step live against the fake servers, twice, into `data_dir`."""
    settings = Settings.from_env(data_dir=data_dir, mode="live", fec_base_url=fec_url,
                                 lda_base_url=lda_url, lda_years=(2015, 2016, 2017, 2018),
                                 # The fake servers have no rate limit to respect.
                                 fec_rate_limit_per_hour=1_000_000,
                                 lda_rate_limit_per_minute=1_000_000)
    for _ in range(2):
        pipeline.resolve_step(settings, FEC_KEY, fec_url)
        for kind in EXTRACT_KINDS:
            pipeline.extract_step(settings, kind, FEC_KEY, fec_url)
        for kind in ("constants", "filings", "contributions", "entities"):
            assert kind in LDA_EXTRACT_KINDS
            pipeline.lda_extract_step(settings, kind, None, lda_url)


def _rewrite_links(value, fake_base: str):
    if isinstance(value, str):
        return value.replace(fake_base, LDA_PUBLIC_BASE)
    if isinstance(value, list):
        return [_rewrite_links(v, fake_base) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite_links(v, fake_base) for k, v in value.items()}
    return value


def copy_stable(landing_source: Path, out_source: Path, fake_base: str | None = None) -> int:
    """Copy landed files under `out_source`, named by request, with a fixed fetch time."""
    if out_source.exists():
        shutil.rmtree(out_source)
    count = 0
    for body in sorted(landing_source.rglob("*_p[0-9][0-9][0-9][0-9].json")):
        meta = json.loads(body.with_name(body.stem + ".meta.json").read_text())
        request = canonical_request(meta["path"], meta["params"])
        name = "snapshot_" + hashlib.sha1(request.encode()).hexdigest()[:12]
        target = out_source / body.relative_to(landing_source).parent / f"{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = json.loads(body.read_bytes())
        if fake_base:
            data = _rewrite_links(data, fake_base)
        # Re-serialised so the snapshot is stable and readable; the shape is untouched.
        target.write_text(json.dumps(data, indent=1) + "\n")
        meta.update(fetched_at=FIXED_FETCHED_AT, base_url="synthetic-universe")
        target.with_name(target.stem + ".meta.json").write_text(
            json.dumps(meta, indent=1, sort_keys=True) + "\n")
        count += 1
    return count


def build(out_dir: Path = SNAPSHOT_DIR) -> int:
    with (FakeFecApi(api_key=FEC_KEY) as fec_fake, FakeLdaApi() as lda_fake,
          tempfile.TemporaryDirectory() as tmp):
        record(Path(tmp), fec_fake.base_url, lda_fake.base_url)
        landing = Path(tmp) / "landing"
        out = Path(out_dir) / "landing"
        return (copy_stable(landing / "fec", out / "fec")
                + copy_stable(landing / "lda", out / "lda", lda_fake.base_url))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT_DIR
    print(f"wrote {build(target)} response bodies to {target}")
