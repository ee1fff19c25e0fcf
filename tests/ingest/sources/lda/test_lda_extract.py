"""LDA extraction against a real HTTP server (the fake LDA.gov API in tests/fakes)."""

from __future__ import annotations

import logging

import duckdb
import pytest

from ingest.common.http import HttpError
from ingest.common.settings import REPO_ROOT
from ingest.common.watchlist import load_watchlist
from ingest.load.responses import load_landing
from ingest.sources.lda.api import LdaApi
from ingest.sources.lda.extract import extract_lda_kind, plan
from ingest.sources.query import make_query
from tests.fakes.lda_api import FakeLdaApi
from tests.fakes.lda_universe import SPECIAL_CASES

TOKEN = "lda-t0ken-that-must-never-be-stored-91c2"
WATCHLIST = load_watchlist(REPO_ROOT / "watchlist.yml")
BUSY_YEAR = SPECIAL_CASES["busy_year"]
PAYDAY = make_query("filings", "/filings/", "payday busy year", filing_year=BUSY_YEAR,
                    filing_specific_lobbying_issues="payday")


@pytest.fixture(scope="module")
def fake():
    with FakeLdaApi(api_key=TOKEN, public_host="localhost") as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(fake):
    fake.clear_faults()
    fake.reset_log()
    yield
    fake.clear_faults()


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def api_for(fake, tmp_path, token=TOKEN, **kwargs) -> LdaApi:
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("backoff_base", 0.0)
    return LdaApi.live(base_url=fake.base_url, api_key=token, landing_dir=tmp_path / "landing",
                       state_dir=tmp_path / "state", calls_per_minute=10_000, **kwargs)


def filings_requests(fake):
    return [r for r in fake.requests_log if r.path.rstrip("/").endswith("/filings")]


def test_next_links_are_followed_as_given_even_to_another_host(fake, tmp_path):
    rows = list(api_for(fake, tmp_path).iter_pages(PAYDAY))
    assert len(rows) == len({r["filing_uuid"] for r in rows})
    assert len(rows) == SPECIAL_CASES["payday_filings_in_busy_year"] > 25
    first, second = filings_requests(fake)
    assert first.params["page_size"] == ["25"] and first.params["filing_year"] == [str(BUSY_YEAR)]
    assert first.headers.get("Host", "").startswith("127.0.0.1")
    assert second.headers.get("Host", "").startswith("localhost")
    assert second.params["page"] == ["2"]
    # The token goes to the configured host only, not to a host a `next` link names.
    assert (first.auth, second.auth) == ("token", "anonymous")


def test_429_retry_after_is_honoured(fake, tmp_path):
    sleeps = Sleeps()
    fake.fail_next(429, headers={"Retry-After": "2"}, path_contains="filings")
    rows = list(api_for(fake, tmp_path, sleep=sleeps).iter_pages(PAYDAY))
    assert len(rows) == SPECIAL_CASES["payday_filings_in_busy_year"] and sleeps == [2.0]


def test_killed_run_resumes_from_the_saved_next_link(fake, tmp_path):
    walk = api_for(fake, tmp_path, max_retries=1).iter_pages(PAYDAY)
    first_page = [next(walk) for _ in range(25)]
    fake.fail_next(503, times=5, path_contains="filings")
    with pytest.raises(HttpError, match="HTTP 503"):
        next(walk)
    fake.clear_faults()
    fake.reset_log()
    rest = list(api_for(fake, tmp_path).iter_pages(PAYDAY))
    assert filings_requests(fake)[0].params["page"] == ["2"]
    uuids = [r["filing_uuid"] for r in first_page + rest]
    assert len(uuids) == len(set(uuids)) == SPECIAL_CASES["payday_filings_in_busy_year"]


def test_a_finished_query_is_asked_only_for_newly_posted_filings(fake, tmp_path):
    list(api_for(fake, tmp_path).iter_pages(PAYDAY))
    fake.reset_log()
    again = list(api_for(fake, tmp_path).iter_pages(PAYDAY))
    [request] = filings_requests(fake)
    assert request.params["ordering"] == ["dt_posted"]
    assert request.params["filing_dt_posted_after"][0].startswith(str(BUSY_YEAR + 1)[:3])
    assert len(again) < 25


def test_every_filings_and_contributions_query_carries_a_filter(tmp_path):
    for kind in ("filings", "contributions"):
        queries = plan(kind, WATCHLIST, (2016,), tmp_path)
        assert queries
        for query in queries:
            params = query.param_dict
            assert params["filing_year"] == "2016"
            assert set(params) - {"filing_year"}, query


def test_the_token_never_reaches_disk_duckdb_logs_or_errors(fake, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    api = api_for(fake, tmp_path)
    for kind in ("constants", "filings", "contributions", "entities"):
        extract_lda_kind(api, kind, WATCHLIST, (2016,))
    fake.fail_next(401, times=1, body={"detail": f"Invalid token {TOKEN}"})
    with pytest.raises(HttpError) as excinfo:
        list(api.iter_pages(make_query("clients", "/clients/", client_name="x")))
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    summary = load_landing(con, tmp_path / "landing", tmp_path / "quarantine", source="lda")
    con.close()

    assert summary.files_quarantined == 0 and summary.rows_by_kind["filings"] > 0
    assert any(r.auth == "token" for r in fake.requests_log)
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(stored) > 50
    for path in stored:
        assert TOKEN.encode() not in path.read_bytes(), path
    assert TOKEN not in caplog.text
    assert TOKEN not in str(excinfo.value) and "HTTP 401" in str(excinfo.value)


def test_anonymous_use_works_without_a_token(fake, tmp_path):
    rows = list(api_for(fake, tmp_path, token=None).iter_pages(
        make_query("registrants", "/registrants/", registrant_name="COMMUNITY FINANCIAL")))
    assert rows and all(r.auth == "anonymous" for r in fake.requests_log)
