"""FEC extraction against a real HTTP server (the fake OpenFEC in tests/fakes)."""

from __future__ import annotations

import logging

import duckdb
import pytest

from ingest.common.http import HttpError
from ingest.common.settings import REPO_ROOT
from ingest.common.watchlist import load_watchlist, parse_watchlist
from ingest.load.responses import load_landing
from ingest.sources.fec.api import FecApi
from ingest.sources.fec.extract import extract_kind, plan, resolve
from ingest.sources.fec.settings import EXTRACT_KINDS
from ingest.sources.query import make_query
from tests.fakes.fec_api import FakeFecApi
from tests.fakes.fec_universe import DWS_COMMITTEE_ID, NULL_DATE_SUB_IDS

KEY = "k3y-that-must-never-be-stored-7f3a9c"
WATCHLIST = load_watchlist(REPO_ROOT / "watchlist.yml")


@pytest.fixture(scope="module")
def fake():
    with FakeFecApi(api_key=KEY) as server:
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


def api_for(fake, tmp_path, **kwargs) -> FecApi:
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("backoff_base", 0.0)
    return FecApi.live(base_url=fake.base_url, api_key=KEY, landing_dir=tmp_path / "landing",
                       state_dir=tmp_path / "state", **kwargs)


DWS_2016 = make_query("schedule_a", "/schedules/schedule_a/", "receipts dws 2016",
                      committee_id=DWS_COMMITTEE_ID, two_year_transaction_period=2016)


def schedule_requests(fake):
    return [r.params for r in fake.requests_log if r.path.endswith("/schedule_a/")]


def test_keyset_walk_follows_both_cursor_values_and_stops_on_an_empty_page(fake, tmp_path):
    rows = list(api_for(fake, tmp_path).iter_keyset(DWS_2016))
    assert len(rows) == len({r["sub_id"] for r in rows}) == 130
    first, second, third = schedule_requests(fake)
    for params in (first, second, third):
        assert params["sort"] == ["contribution_receipt_date"]
        assert params["two_year_transaction_period"] == ["2016"]
        assert params["per_page"] == ["100"]
    assert "last_index" not in first
    # Page 1 ended on a null date: continue with sort_null_only, not last_<date>.
    assert second["last_index"] == [NULL_DATE_SUB_IDS[4]]
    assert second["sort_null_only"] == ["true"]
    assert "last_contribution_receipt_date" not in second
    assert third["sort_null_only"] == ["true"]


def test_keyset_walk_passes_last_sort_value_with_last_index(fake, tmp_path):
    api = FecApi(base_url=fake.base_url, api_key=KEY, landing_dir=tmp_path / "landing",
                 state_dir=tmp_path / "state", per_page=40)
    rows = list(api.iter_keyset(DWS_2016))
    assert len(rows) == 130
    second = schedule_requests(fake)[1]
    assert second["last_index"] and second["last_contribution_receipt_date"][0][:4] in ("2015", "2016")
    # The API's count is an estimate (larger than the truth here); paging ends on the empty page.
    assert len(schedule_requests(fake)) == 5


def test_killed_run_resumes_from_the_saved_cursor(fake, tmp_path):
    rows = []
    walk = api_for(fake, tmp_path, max_retries=1).iter_keyset(DWS_2016)
    for _ in range(100):  # page 1 is landed and its cursor saved before its rows are yielded
        rows.append(next(walk))
    fake.fail_next(503, times=5, path_contains="schedule_a")
    with pytest.raises(HttpError, match="HTTP 503 after 2 attempts"):
        next(walk)
    fake.clear_faults()
    fake.reset_log()

    resumed = list(api_for(fake, tmp_path).iter_keyset(DWS_2016))
    assert len(resumed) == 30
    assert {r["sub_id"] for r in rows} | {r["sub_id"] for r in resumed} == (
        {r["sub_id"] for r in rows + resumed})
    assert len({r["sub_id"] for r in rows + resumed}) == 130
    assert schedule_requests(fake)[0]["last_index"] == [NULL_DATE_SUB_IDS[4]]

    fake.reset_log()
    assert list(api_for(fake, tmp_path).iter_keyset(DWS_2016)) == []
    assert len(schedule_requests(fake)) == 1


def test_429_with_retry_after_is_honoured_during_extraction(fake, tmp_path):
    sleeps = Sleeps()
    fake.fail_next(429, headers={"Retry-After": "3"}, path_contains="schedule_a")
    rows = list(api_for(fake, tmp_path, sleep=sleeps).iter_keyset(DWS_2016))
    assert len(rows) == 130 and sleeps == [3.0]


def test_resolution_pins_verified_ids_and_resolves_searches_without_decoys(fake, tmp_path):
    res = resolve(api_for(fake, tmp_path), WATCHLIST)
    assert res.problems == []
    warren = {(lk.candidate_id, lk.committee_id, lk.method)
              for lk in res.links if lk.owner_id == "elizabeth_warren"}
    assert ("P00009621", None, "api_name_search") in warren
    assert not {"S2MA00139", "P60009354"} & set(res.candidates())
    assert DWS_COMMITTEE_ID in res.committees("figure", "debbie_wasserman_schultz")
    banks = res.committees("industry", "wall_street_banks")
    assert banks and "C99000099" not in banks


def test_ambiguous_search_is_reported_not_guessed(fake, tmp_path):
    watchlist = parse_watchlist({"figures": [{"id": "some_warren", "name": "Some Warren",
                                              "search": [{"q": "Warren"}]}], "industries": []})
    res = resolve(api_for(fake, tmp_path), watchlist)
    assert res.links == []
    assert "ambiguous" in res.problems[0] and "pin the right candidate_id" in res.problems[0]


def test_plan_sends_one_period_per_request_and_at_most_ten_filter_values(fake, tmp_path):
    res = resolve(api_for(fake, tmp_path), WATCHLIST)
    for kind in EXTRACT_KINDS:
        for query in plan(kind, res, WATCHLIST, (2014, 2016)):
            params = query.param_dict
            periods = [k for k in ("two_year_transaction_period", "cycle") if k in params]
            assert len(periods) == 1 and not isinstance(params[periods[0]], list)
            employers = params.get("contributor_employer", [])
            assert len(employers if isinstance(employers, list) else [employers]) <= 10


def test_the_key_never_reaches_disk_duckdb_logs_or_errors(fake, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    api = api_for(fake, tmp_path)
    res = resolve(api, WATCHLIST)
    for kind in EXTRACT_KINDS:
        extract_kind(api, kind, res, WATCHLIST, (2016,))
    fake.fail_next(500, times=99, path_contains="totals")  # more than every retry
    with pytest.raises(HttpError) as excinfo:
        api.fetch_one(make_query("totals", f"/committee/{DWS_COMMITTEE_ID}/totals/", cycle=2016))
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    load_landing(con, tmp_path / "landing", tmp_path / "quarantine")
    con.close()

    assert all(r.params.get("api_key") == [KEY] for r in fake.requests_log)  # it was used
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(stored) > 100
    for path in stored:
        assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in caplog.text
    assert KEY not in str(excinfo.value) and KEY not in repr(excinfo.value)
