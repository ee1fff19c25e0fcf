"""The fake OpenFEC API behaves like the real one where the pipeline depends on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import yaml

from .fec_api import FakeFecApi
from .fec_universe import DECOYS, NULL_DATE_SUB_IDS, SPECIAL_CASES, build_universe

WATCHLIST = Path(__file__).resolve().parents[2] / "watchlist.yml"
DWS = "C00385773"


@pytest.fixture(scope="module")
def api():
    with FakeFecApi() as fake:
        yield fake
    assert not fake.server_errors


@pytest.fixture(autouse=True)
def _clean_queues(api):
    yield
    api.clear_faults()


def get(api: FakeFecApi, path: str, timeout: float = 5, **params) -> requests.Response:
    params.setdefault("api_key", api.api_key)
    return requests.get(f"{api.base_url}{path}", params=params, timeout=timeout)


def walk(api: FakeFecApi, path: str, **params) -> list[requests.Response]:
    """Follow last_indexes until an empty page, returning every response."""
    responses = []
    cursor: dict = {}
    for _ in range(200):
        response = get(api, path, **params, **cursor)
        assert response.status_code == 200, response.text
        responses.append(response)
        body = response.json()
        if not body["results"]:
            assert body["pagination"]["last_indexes"] is None
            return responses
        cursor = body["pagination"]["last_indexes"]
    raise AssertionError("keyset walk did not end")


def watchlist_committee_ids() -> set[str]:
    watchlist = yaml.safe_load(WATCHLIST.read_text())
    ids = {cid for figure in watchlist["figures"] for cid in figure.get("committee_ids", [])}
    for industry in watchlist["industries"]:
        ids.update(industry.get("pac_committee_ids", []))
    return ids


# -- the universe ----------------------------------------------------------------------------------


def test_universe_is_deterministic_and_small():
    first, second = build_universe(), build_universe()
    assert first == second
    assert first.all_totals() == second.all_totals()
    rows = first.schedule_a + first.schedule_b + first.schedule_e
    assert len(rows) < 1500
    sub_ids = [row["sub_id"] for row in rows]
    assert len(set(sub_ids)) == len(sub_ids)
    assert all(len(s) == 19 and s.isdigit() for s in sub_ids)
    assert {len(row["image_number"]) for row in rows} <= {11, 18}


def test_universe_has_every_watchlist_id():
    universe = build_universe()
    watchlist = yaml.safe_load(WATCHLIST.read_text())
    for figure in watchlist["figures"]:
        for candidate_id in figure.get("candidate_ids", []):
            assert universe.candidate(candidate_id), candidate_id
    for committee_id in watchlist_committee_ids():
        assert universe.committee(committee_id), committee_id
    bank_pac_names = next(i["pac_names"] for i in watchlist["industries"]
                          if i["id"] == "wall_street_banks")
    names = {c["name"]: c for c in universe.committees}
    for name in bank_pac_names:
        assert names[name]["committee_id"].startswith("C99")
        assert names[name]["connected_organization_name"]


def test_special_cases_are_what_they_claim():
    universe = build_universe()
    rows = {row["sub_id"]: row for row in universe.schedule_a}
    for name, value in SPECIAL_CASES.items():
        for sub_id in (value,) if isinstance(value, str) else value:
            assert sub_id in rows or any(
                r["sub_id"] == sub_id for r in universe.schedule_b + universe.schedule_e
            ), name

    individual = rows[SPECIAL_CASES["earmark_individual"]]
    memo = rows[SPECIAL_CASES["earmark_memo"]]
    assert individual["receipt_type"] == "15E" and individual["memo_code"] is None
    assert individual["conduit_committee_id"] == "C00401224"
    assert memo["memo_code"] == "X" and memo["entity_type"] == "PAC"
    assert memo["back_reference_transaction_id"] == individual["transaction_id"]
    assert memo["contribution_receipt_amount"] == individual["contribution_receipt_amount"]

    original = rows[SPECIAL_CASES["amended_original"]]
    amendment = rows[SPECIAL_CASES["amended_amendment"]]
    assert original["transaction_id"] == amendment["transaction_id"]
    assert original["file_number"] < amendment["file_number"]
    assert (original["amendment_indicator"], amendment["amendment_indicator"]) == ("N", "A")
    assert original["contribution_receipt_amount"] != amendment["contribution_receipt_amount"]

    refund, gift = rows[SPECIAL_CASES["refund"]], rows[SPECIAL_CASES["refund_original_gift"]]
    assert refund["contribution_receipt_amount"] == -250.0 and refund["memo_text"] == "REFUND"
    assert refund["contributor_name"] == gift["contributor_name"]
    assert gift["contribution_receipt_date"] < refund["contribution_receipt_date"]

    for sub_id in SPECIAL_CASES["sparse_rows"]:
        assert not {"contributor_employer", "committee", "memo_text"} & set(rows[sub_id])


def test_decoys_exist():
    universe = build_universe()
    setti, west = (universe.candidate(c) for c in DECOYS["candidates"])
    assert setti["name"] == "WARREN, SETTI" and setti["office"] == "S"
    assert west["office"] == "P" and 2016 in west["election_years"]
    park = universe.committee("C99000099")
    assert park["name"] == "FRIENDS OF JPMORGAN PARK"
    assert park["connected_organization_name"] is None


# -- reference endpoints ---------------------------------------------------------------------------


def test_candidate_search_needs_filters_to_avoid_decoys(api):
    everyone = get(api, "/candidates/search/", q="Warren").json()["results"]
    assert {"S2MA00170", "P00009621", "S2MA00139", "P60009354"} <= {
        c["candidate_id"] for c in everyone
    }
    body = get(api, "/candidates/search/", q="Warren, Elizabeth", office="P",
               election_year=2020).json()
    assert [c["candidate_id"] for c in body["results"]] == ["P00009621"]
    assert body["results"][0]["principal_committees"][0]["committee_id"] == "C99000009"
    assert body["pagination"] == {"count": 1, "is_count_exact": True, "page": 1, "pages": 1,
                                  "per_page": 20}


def test_committee_search_finds_the_decoy_too(api):
    results = get(api, "/committees/", q="jpmorgan").json()["results"]
    by_id = {c["committee_id"]: c for c in results}
    assert by_id["C99000099"]["connected_organization_name"] is None
    assert by_id["C99000012"]["connected_organization_name"] == "JPMORGAN CHASE & CO."
    assert "street_1" not in by_id["C99000012"]
    assert "street_1" in get(api, "/committee/C99000012/").json()["results"][0]


def test_candidate_committees_and_names(api):
    committees = get(api, "/candidate/H4FL20023/committees/", designation="P").json()
    assert [c["committee_id"] for c in committees["results"]] == [DWS]
    names = get(api, "/names/committees/", q="community financial services").json()
    assert "pagination" not in names
    assert names["results"][0]["id"] == "C00432534"
    candidates = get(api, "/names/candidates/", q="sanders").json()["results"]
    assert {c["office_sought"] for c in candidates} == {"H", "S", "P"}


def test_totals_reconcile_with_hand_computed_itemized_sum(api):
    universe = build_universe()
    rows = [r for r in universe.schedule_a
            if r["committee_id"] == DWS and r["two_year_transaction_period"] == 2016]
    latest: dict[str, int] = {}
    for row in rows:
        latest[row["transaction_id"]] = max(latest.get(row["transaction_id"], 0),
                                            row["file_number"])
    counted = 0.0
    for row in rows:
        if not row["line_number"].startswith("11A") or row.get("memo_code") == "X":
            continue
        if row["file_number"] != latest[row["transaction_id"]]:
            continue
        counted += row["contribution_receipt_amount"]
    naive = sum(r["contribution_receipt_amount"] for r in rows)
    assert naive - counted == pytest.approx(500.0 + 27000.0)

    body = get(api, f"/committee/{DWS}/totals/").json()
    assert [t["cycle"] for t in body["results"]] == [2018, 2016, 2014]
    totals = get(api, f"/committee/{DWS}/totals/", cycle=2016).json()["results"][0]
    assert totals["individual_itemized_contributions"] == pytest.approx(counted)
    assert totals["individual_contributions"] == pytest.approx(
        totals["individual_itemized_contributions"]
        + totals["individual_unitemized_contributions"]
    )
    from_pacs = sum(r["disbursement_amount"] for r in universe.schedule_b
                    if r["recipient_committee_id"] == DWS
                    and r["two_year_transaction_period"] == 2016)
    assert totals["other_political_committee_contributions"] == pytest.approx(from_pacs)


# -- keyset pagination -----------------------------------------------------------------------------


def test_keyset_walk_ascending_ends_on_null_dates(api):
    responses = walk(api, "/schedules/schedule_a/", committee_id=DWS,
                     two_year_transaction_period=2016, sort="contribution_receipt_date",
                     per_page=100)
    pages = [r.json() for r in responses]
    assert [len(p["results"]) for p in pages] == [100, 30, 0]
    assert pages[0]["pagination"]["last_indexes"] == {
        "last_index": SPECIAL_CASES["keyset_page1_last"], "sort_null_only": True
    }
    assert pages[0]["pagination"]["is_count_exact"] is False
    assert pages[0]["pagination"]["count"] != 130
    rows = [row for page in pages for row in page["results"]]
    assert len({row["sub_id"] for row in rows}) == 130
    dates = [row["contribution_receipt_date"] for row in rows]
    assert dates[:95] == sorted(dates[:95]) and None not in dates[:95]
    assert [row["sub_id"] for row in rows[95:]] == list(NULL_DATE_SUB_IDS)


def test_first_dated_page_carries_the_last_date(api):
    body = get(api, "/schedules/schedule_a/", committee_id=DWS, two_year_transaction_period=2016,
               sort="contribution_receipt_date", per_page=10).json()
    last = body["results"][-1]
    assert body["pagination"]["last_indexes"] == {
        "last_index": last["sub_id"],
        "last_contribution_receipt_date": last["contribution_receipt_date"],
    }
    assert last["contribution_receipt_date"].endswith("T00:00:00")


@pytest.mark.parametrize(
    "sort",
    ["contribution_receipt_date", "-contribution_receipt_date", "contribution_receipt_amount",
     "-contribution_receipt_amount"],
)
def test_small_pages_visit_every_row_once(api, sort):
    responses = walk(api, "/schedules/schedule_a/", committee_id=DWS,
                     two_year_transaction_period=2016, sort=sort, per_page=7)
    rows = [row for r in responses for row in r.json()["results"]]
    assert len(rows) == 130 and len({row["sub_id"] for row in rows}) == 130
    field = sort.lstrip("-")
    values = [row[field] for row in rows if row.get(field) is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))
    nulls_at = [i for i, row in enumerate(rows) if row.get(field) is None]
    if nulls_at:
        expected = list(range(95, 130)) if not sort.startswith("-") else list(range(35))
        assert nulls_at == expected


def test_default_sort_is_descending_date_with_nulls_first(api):
    results = get(api, "/schedules/schedule_e/", candidate_id="H4FL20023",
                  cycle=2016).json()["results"]
    assert results[0]["sub_id"] == SPECIAL_CASES["schedule_e_null_date"]
    dates = [r["expenditure_date"] for r in results[1:]]
    assert dates == sorted(dates, reverse=True)


def test_schedule_b_walk_by_recipient(api):
    responses = walk(api, "/schedules/schedule_b/", recipient_committee_id=DWS, per_page=5,
                     sort="disbursement_date")
    rows = [row for r in responses for row in r.json()["results"]]
    expected = [r for r in api.universe.schedule_b if r["recipient_committee_id"] == DWS]
    assert sorted(r["sub_id"] for r in rows) == sorted(r["sub_id"] for r in expected)


def test_last_index_alone_is_rejected(api):
    response = get(api, "/schedules/schedule_a/", committee_id=DWS, last_index="4000000000000000001",
                   sort="contribution_receipt_date")
    assert response.status_code == 422
    assert "both values" in response.json()["message"]


def test_period_or_secondary_filter_required(api):
    response = get(api, "/schedules/schedule_a/", sort="contribution_receipt_date")
    assert response.status_code == 400
    assert "two_year_transaction_period" in response.json()["message"]
    two_periods = get(api, "/schedules/schedule_a/", two_year_transaction_period=[2014, 2016])
    assert two_periods.status_code == 400
    assert get(api, "/schedules/schedule_a/", two_year_transaction_period=2016).status_code == 200
    assert get(api, "/schedules/schedule_b/", recipient_committee_id=DWS).status_code == 200


def test_parameter_limits(api):
    too_big = get(api, "/schedules/schedule_a/", committee_id=DWS, per_page=101)
    assert too_big.status_code == 422
    assert too_big.json()["message"] == "Parameter 'per_page' must be between 1 and 100"
    assert get(api, "/candidates/", per_page=0).status_code == 422
    eleven = get(api, "/schedules/schedule_a/", committee_id=[f"C{n:08d}" for n in range(11)])
    assert eleven.status_code == 422


def test_employer_filter_returns_other_recipients_too(api):
    results = []
    for response in walk(api, "/schedules/schedule_a/", contributor_employer="GOLDMAN SACHS",
                         two_year_transaction_period=2016, per_page=100):
        results += response.json()["results"]
    assert results
    assert all("GOLDMAN" in r["contributor_employer"] and "SACHS" in r["contributor_employer"]
               for r in results)
    recipients = {r["committee_id"] for r in results}
    assert recipients - watchlist_committee_ids()
    assert SPECIAL_CASES["industry_to_non_watchlist"][0] in {r["sub_id"] for r in results}


def test_is_individual_drops_memo_rows(api):
    params = dict(committee_id=DWS, two_year_transaction_period=2016, per_page=100)
    everything = [row for r in walk(api, "/schedules/schedule_a/", **params)
                  for row in r.json()["results"]]
    individual = [row for r in walk(api, "/schedules/schedule_a/", is_individual="true",
                                    **params) for row in r.json()["results"]]
    assert len(everything) - len(individual) == 1
    assert SPECIAL_CASES["earmark_memo"] not in {row["sub_id"] for row in individual}


# -- auth, faults, plumbing ------------------------------------------------------------------------


def test_api_key_is_required(api):
    missing = requests.get(f"{api.base_url}/candidates/", timeout=5)
    assert missing.status_code == 403
    assert missing.json()["error"]["code"] == "API_KEY_MISSING"
    wrong = get(api, "/candidates/", api_key="nope")
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "API_KEY_INVALID"


def test_rate_limit_fault_then_recovery(api):
    api.fail_next(429, headers={"Retry-After": "2"}, path_contains="schedule_a")
    params = dict(committee_id=DWS, two_year_transaction_period=2016)
    unrelated = get(api, "/candidates/")
    assert unrelated.status_code == 200
    throttled = get(api, "/schedules/schedule_a/", **params)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "2"
    assert throttled.json()["error"]["code"] == "OVER_RATE_LIMIT"
    assert get(api, "/schedules/schedule_a/", **params).status_code == 200


def test_server_errors_in_order_with_html_bodies(api):
    api.fail_next(502, times=2)
    api.fail_next(500)
    statuses = [get(api, "/candidates/") for _ in range(4)]
    assert [r.status_code for r in statuses] == [502, 502, 500, 200]
    assert statuses[0].headers["Content-Type"].startswith("text/html")
    assert "<html>" in statuses[2].text


def test_delay_triggers_client_timeout(api):
    api.delay_next(1.0)
    with pytest.raises(requests.Timeout):
        get(api, "/candidates/", timeout=0.2)
    assert get(api, "/candidates/").status_code == 200


def test_unknown_path_is_an_html_404(api):
    response = get(api, "/schedules/schedule_z/")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Not Found" in response.text


def test_requests_are_logged(api):
    api.reset_log()
    get(api, "/committee/C00385773/totals/", cycle=2016)
    method, path, params, headers = api.requests_log[-1]
    assert (method, path) == ("GET", "/v1/committee/C00385773/totals/")
    assert params == {"cycle": ["2016"], "api_key": [api.api_key]}
    assert "User-Agent" in headers
