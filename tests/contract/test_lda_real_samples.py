"""Contract tests: every real Lobbying Disclosure API response in ../shared/real-samples/ is
handled (read in place, never copied into the repository; skipped when the folder is absent)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from ingest.common.settings import REPO_ROOT
from ingest.load.records import QuarantineError, parse_lda_body
from ingest.load.responses import load_landing

SAMPLES = REPO_ROOT.parent / "shared" / "real-samples" / "lda_api"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/real-samples is absent")

KIND_BY_STEM = {
    "filings": "filings", "contribution_reports": "contributions", "registrants": "registrants",
    "clients": "clients", "lobbyists": "lobbyists", "constants": "constants",
    "lda_gov_filings": "filings",
}
ERROR_BODIES = ("invalid_api_key", "rate_limit_error")


def kind_of(path: Path) -> str | None:
    stem = path.name.split("__", 1)[1]
    stem = stem.removeprefix("v1_")
    for prefix, kind in KIND_BY_STEM.items():
        if stem.startswith(prefix):
            return kind
    return None


def constants_list(path: Path) -> str:
    """'filing/filingtypes' style name for a constants sample, from its recorded request."""
    names = {"list_filing_types": "filing/filingtypes",
             "list_lobbying_activity_general_issues": "filing/lobbyingactivityissues",
             "list_government_entities": "filing/governmententities",
             "list_countries": "general/countries", "list_states": "general/states",
             "list_lobbyist_prefixes": "lobbyist/prefixes",
             "list_lobbyist_suffixes": "lobbyist/suffixes",
             "list_contribution_item_types": "contribution/itemtypes"}
    return next(v for k, v in names.items() if k in path.name)


def samples():
    return sorted(SAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", samples(), ids=lambda p: p.name)
def test_every_sample_is_loaded_or_refused_with_a_reason(path: Path):
    kind = kind_of(path)
    if any(name in path.name for name in ERROR_BODIES):
        with pytest.raises(QuarantineError, match="an LDA error body"):
            parse_lda_body("filings", path.read_bytes())
    elif kind is None:  # the API root: a map of endpoints, not data
        assert "filings" in json.loads(path.read_text())
        with pytest.raises(QuarantineError, match="not an LDA response"):
            parse_lda_body("filings", path.read_bytes())
    else:
        list_name = constants_list(path) if kind == "constants" else ""
        records = parse_lda_body(kind, path.read_bytes(), list_name)
        data = json.loads(path.read_text())
        expected = len(data["results"]) if isinstance(data, dict) and "results" in data else (
            len(data) if isinstance(data, list) else 1)
        assert len(records) == expected > 0


def test_pages_carry_absolute_next_links_we_can_follow():
    for path in samples():
        data = json.loads(path.read_text())
        if isinstance(data, dict) and data.get("next"):
            parts = urlsplit(data["next"])
            assert parts.scheme == "https" and parts.path.startswith("/api/v1/")
            assert parse_qs(parts.query)["page"] == ["2"]
    lda_gov = json.loads((SAMPLES / "laxsmenon__lda_gov_filings_2017q1_page1_size2.json"
                          ).read_text())
    assert urlsplit(lda_gov["next"]).hostname == "lda.gov"


def test_samples_dropped_into_the_landing_zone_load(tmp_path: Path):
    landing = tmp_path / "landing"
    expected = 0
    for path in samples():
        kind = kind_of(path)
        if kind is None or any(name in path.name for name in ERROR_BODIES):
            continue
        folder = constants_list(path).replace("/", "-") if kind == "constants" else "samples"
        target = landing / "lda" / kind / folder / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)  # a temporary folder only, never the repository
        expected += 1
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    summary = load_landing(con, landing, tmp_path / "quarantine", source="lda")
    uuids = con.execute("select count(*) from raw_lda.filings").fetchone()[0]
    constants = con.execute("select count(distinct split_part(record_key, '|', 1)) "
                            "from raw_lda.constants").fetchone()[0]
    con.close()
    assert summary.files_loaded == expected and summary.files_quarantined == 0
    assert uuids >= 25 and constants == 8
