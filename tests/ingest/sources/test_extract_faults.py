"""A response that stays bad fails its query, not the run: the body is kept in quarantine with
its request (never the key), the other queries land, the step reports it and a rerun resumes.
Reruns neither resolve the watchlist again (within its time to live) nor land unchanged responses
again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.common.files import utc_now
from ingest.common.settings import REPO_ROOT, Settings
from ingest.common.watchlist import load_watchlist
from ingest.sources.fec.api import FecApi
from ingest.sources.fec.extract import cached_resolution, extract_kind, load_resolution, resolve
from ingest.sources.lda.api import LdaApi
from ingest.sources.lda.extract import extract_lda_kind
from ingest.sources.query import make_query
from tests.fakes.fec_api import FakeFecApi
from tests.fakes.fec_universe import DWS_COMMITTEE_ID
from tests.fakes.lda_api import FakeLdaApi
from tests.fakes.lda_universe import SPECIAL_CASES

KEY = "fault-k3y-that-must-never-be-stored-5e1d"
TOKEN = "fault-lda-t0ken-never-stored-77aa"
WATCHLIST = load_watchlist(REPO_ROOT / "watchlist.yml")
CUT = '{"api_version": "1.0", "results": [{"committee_id": "C0'  # a body cut short


@pytest.fixture(scope="module")
def fec():
    with FakeFecApi(api_key=KEY) as server:
        yield server


@pytest.fixture(scope="module")
def lda():
    with FakeLdaApi(api_key=TOKEN) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(fec, lda):
    for fake in (fec, lda):
        fake.clear_faults()
        fake.reset_log()
    yield


def fec_api(fec, tmp_path) -> FecApi:
    return FecApi.live(base_url=fec.base_url, api_key=KEY, landing_dir=tmp_path / "landing",
                       state_dir=tmp_path / "state", max_retries=2, backoff_base=0.0,
                       sleep=lambda s: None)


def no_key_anywhere(root, *secrets):
    for path in root.rglob("*"):
        if path.is_file():
            for secret in secrets:
                assert secret.encode() not in path.read_bytes(), path


def test_a_body_that_stays_bad_fails_its_query_only_and_is_kept_with_its_request(fec, tmp_path):
    api = fec_api(fec, tmp_path)
    res = resolve(api, WATCHLIST)
    bad = f"/committee/{DWS_COMMITTEE_ID}/totals/"
    fec.fail_next(200, times=3, body=CUT, path_contains=bad)  # every attempt: 1 + 2 retries
    summary = extract_kind(api, "totals", res, WATCHLIST, (2016,))

    assert [f["query"] for f in summary.failed] == [f"totals {DWS_COMMITTEE_ID} 2016"]
    assert "not valid JSON" in summary.failed[0]["error"] and "FAILED" in str(summary)
    assert summary.queries > 10 and summary.rows >= summary.queries - 3  # the others landed
    [body] = (tmp_path / "quarantine" / "extract" / "fec" / "totals").rglob("*.body")
    assert body.read_bytes() == CUT.encode()
    request = json.loads(body.with_suffix(".request.json").read_text())
    assert request["path"] == bad and request["params"]["cycle"] == "2016"
    assert request["attempts"] == 3 and request["status"] == 200 and "api_key" not in request["params"]
    no_key_anywhere(tmp_path, KEY)

    fec.reset_log()
    again = extract_kind(api, "totals", res, WATCHLIST, (2016,))  # the fault is gone: it resumes
    assert again.failed == [] and len(fec.requests_log) == again.queries


def test_a_keyset_query_resumes_at_the_page_that_failed(fec, tmp_path):
    api = fec_api(fec, tmp_path)
    query = make_query("schedule_a", "/schedules/schedule_a/", "receipts dws 2016",
                       committee_id=DWS_COMMITTEE_ID, two_year_transaction_period=2016)
    walk = api.iter_keyset(query)
    first = [next(walk) for _ in range(100)]  # page 1 landed, its cursor saved
    fec.fail_next(200, times=3, body=CUT, path_contains="schedule_a")
    with pytest.raises(Exception, match="not valid JSON"):
        next(walk)
    fec.reset_log()
    rest = list(fec_api(fec, tmp_path).iter_keyset(query))
    assert "last_index" in fec.requests_log[0].params  # page 2 asked again, not page 1
    assert len({r["sub_id"] for r in first + rest}) == 130


def test_an_lda_query_that_stays_bad_fails_alone(lda, tmp_path):
    api = LdaApi.live(base_url=lda.base_url, api_key=TOKEN, landing_dir=tmp_path / "landing",
                      state_dir=tmp_path / "state", calls_per_minute=100_000, max_retries=1,
                      backoff_base=0.0, sleep=lambda s: None)
    year = SPECIAL_CASES["busy_year"]
    lda.fail_next(200, times=2, body='{"count": 3, "next": null, "results": [{"filing_uu',
                  path_contains="/filings/")
    summary = extract_lda_kind(api, "filings", WATCHLIST, (year,))
    assert len(summary.failed) == 1 and summary.queries > 1 and summary.rows > 0
    [body] = (tmp_path / "quarantine" / "extract" / "lda" / "filings").rglob("*.body")
    request = json.loads(body.with_suffix(".request.json").read_text())
    assert request["path"] == "/filings/" and request["params"]["filing_year"] == str(year)
    no_key_anywhere(tmp_path, TOKEN)


def test_the_cli_reports_a_failed_query_and_exits_non_zero(fec, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFLUENCE_", "FEC_"))}
    env.update(FEC_API_BASE_URL=fec.base_url, FEC_API_KEY=KEY, FEC_RATE_LIMIT_PER_HOUR="100000",
               INFLUENCE_HTTP_MAX_RETRIES="1", INFLUENCE_HTTP_BACKOFF_BASE="0",
               INFLUENCE_CYCLES="2016")
    fec.fail_next(200, times=2, body=CUT, path_contains=f"/committee/{DWS_COMMITTEE_ID}/totals/")
    command = [str(Path(sys.executable).with_name("influence")), "--data-dir", str(tmp_path),
               "--mode", "live", "extract", "--source", "fec"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "FAILED          1 query(ies)" in done.stdout
    assert f"totals {DWS_COMMITTEE_ID} 2016" in done.stdout
    assert "1 query(ies) failed; rerun to resume them" in done.stderr
    # every kind ran, and the other totals landed
    for kind in ("schedule_a", "schedule_b", "schedule_e"):
        assert list((tmp_path / "landing" / "fec" / kind).rglob("*.json")), kind
    assert len(list((tmp_path / "landing" / "fec" / "totals").iterdir())) > 10
    no_key_anywhere(tmp_path, KEY)
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "reusing the resolution" in rerun.stderr  # (the log goes to stderr)


def test_a_rerun_reuses_the_resolution_and_lands_no_unchanged_response(fec, tmp_path):
    settings = Settings.from_env(data_dir=tmp_path, mode="live", fec_base_url=fec.base_url,
                                 fec_rate_limit_per_hour=100_000, cycles=(2016,))
    first = pipeline.resolve_step(settings, KEY)
    pipeline.extract_step(settings, "totals", KEY)
    landed = sorted(p.name for p in (tmp_path / "landing").rglob("*.json"))
    assert not first["cached"] and first["calls"] > 10

    fec.reset_log()
    again = pipeline.resolve_step(settings, KEY)
    totals = pipeline.extract_step(settings, "totals", KEY)
    assert again["cached"] and again["calls"] == 0
    assert totals["calls"] == totals["queries"] == len(fec.requests_log)
    assert sorted(p.name for p in (tmp_path / "landing").rglob("*.json")) == landed

    key = load_resolution(settings.state_dir).key
    assert cached_resolution(settings.state_dir, key, 168.0) is not None
    assert cached_resolution(settings.state_dir, key, 168.0,
                             now=utc_now() + timedelta(hours=169)) is None  # too old
    assert cached_resolution(settings.state_dir, "another watchlist", 168.0) is None
    assert not pipeline.resolve_step(settings, KEY, full_refresh=True)["cached"]
    assert not pipeline.resolve_step(replace(settings, resolve_ttl_hours=0), KEY)["cached"]
