"""Contract tests: every real OpenFEC response in ../shared/real-samples/ is handled.

The samples are read in place (never copied into the repository); the module is skipped when the
folder is absent, e.g. outside the project's workspace.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ingest.common.settings import REPO_ROOT
from ingest.load.records import QuarantineError, parse_body
from ingest.sources.fec.api import FecApi
from ingest.sources.fec.settings import KEYSET_SORT

SAMPLES = REPO_ROOT.parent / "shared" / "real-samples" / "fec_api"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/real-samples is absent")


def kind_of(name: str) -> str | None:
    """The landing kind a sample's endpoint maps to, or None for endpoints the pipeline skips."""
    stem = name.split("__", 1)[1]
    if stem.startswith("schedules_schedule_a.") or stem == "schedules_schedule_a.json":
        return "schedule_a"
    if stem.startswith(("candidate_", "candidates")) and "committees" in stem:
        return "committees"
    if stem.startswith("committees") or (stem.startswith("committee_") and "history" in stem):
        return "committees"
    if stem.startswith("committee_") and stem.endswith("_totals.json"):
        return "totals"
    if stem.startswith(("candidates", "candidate_")):
        return "candidates"
    return None


def json_samples():
    return sorted(p for p in SAMPLES.glob("*.json"))


def test_the_samples_cover_every_kind_the_pipeline_reads():
    kinds = {kind_of(p.name) for p in json_samples()}
    assert {"candidates", "committees", "schedule_a", "totals"} <= kinds


@pytest.mark.parametrize("path", json_samples(), ids=lambda p: p.name)
def test_every_json_sample_is_an_openfec_envelope_we_understand(path: Path):
    data = json.loads(path.read_text())
    assert isinstance(data["results"], list)
    pagination = data.get("pagination")
    if pagination is not None:
        assert "per_page" in pagination and "count" in pagination
        assert ("page" in pagination) != ("last_indexes" in pagination)
    kind = kind_of(path.name)
    if kind:
        records = parse_body(kind, path.read_bytes())
        assert len(records) == len(data["results"])


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.html")), ids=lambda p: p.name)
def test_html_error_pages_are_quarantined_not_loaded(path: Path):
    with pytest.raises(QuarantineError, match="not valid JSON"):
        parse_body("schedule_a", path.read_bytes())


def test_raw_http_recording_body_loads():
    raw = (SAMPLES / "ruby-openfec__candidates_all.http").read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert len(parse_body("candidates", body)) == 20


def test_quoted_pagination_fragments_continue_correctly():
    fragments = json.loads((SAMPLES / "quoted_fragments" /
                            "openFEC_issue_pagination_fragments.json").read_text())
    seen_null_only = False
    for fragment in fragments:
        quoted = fragment.get("pagination_quoted_json")
        if not quoted:
            continue
        kind = "schedule_e" if "schedule_e" in fragment["endpoint"] else "schedule_a"
        params = FecApi.cursor_params(KEYSET_SORT[kind], quoted["last_indexes"])
        assert params["last_index"] == quoted["last_indexes"]["last_index"]
        assert params[f"last_{KEYSET_SORT[kind]}"].startswith(("20", "19"))
    reprs = [r for f in fragments for r in f.get("pagination_quoted_python_repr", [])]
    for text in reprs:
        last_indexes = eval(text, {"True": True})["last_indexes"]  # noqa: S307 - a quoted dict
        params = FecApi.cursor_params("contribution_receipt_date", last_indexes)
        if last_indexes.get("sort_null_only"):
            seen_null_only = True
            assert params == {"last_index": last_indexes["last_index"], "sort_null_only": "true"}
    assert seen_null_only


def test_no_sample_was_copied_into_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True)
    sample_bytes = {p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    for name in tracked.stdout.split():
        path = REPO_ROOT / name
        if path.is_file() and path.stat().st_size > 200:
            assert path.read_bytes() not in sample_bytes, name
