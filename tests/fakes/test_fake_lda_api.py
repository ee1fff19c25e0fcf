"""The fake LDA API behaves like the real one where the pipeline depends on it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .lda_api import FILTER_REQUIRED_DETAIL, FakeLdaApi, TextQuery
from .lda_universe import SPECIAL_CASES, build_lda_universe

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "real-samples" / "lda_api"
BUSY_YEAR = SPECIAL_CASES["busy_year"]


@pytest.fixture(scope="module")
def api():
    with FakeLdaApi() as fake:
        yield fake
    assert not fake.server_errors


@pytest.fixture(autouse=True)
def _clean_queues(api):
    yield
    api.clear_faults()


def get(api: FakeLdaApi, path: str, token: str | None = "default", timeout: float = 5,
        **params) -> requests.Response:
    """GET `path` under the base URL, with the right token unless told otherwise."""
    token = api.api_key if token == "default" else token
    headers = {"Authorization": f"Token {token}"} if token else {}
    return requests.get(f"{api.base_url}{path}", params=params, headers=headers, timeout=timeout)


def walk(api: FakeLdaApi, path: str, **params) -> list[dict]:
    """Follow `next` from the first page to the last, returning every page body."""
    pages = [get(api, path, **params).json()]
    while pages[-1]["next"]:
        assert len(pages) < 50, "pagination did not end"
        response = requests.get(pages[-1]["next"], timeout=5,
                                headers={"Authorization": f"Token {api.api_key}"})
        assert response.status_code == 200, response.text
        pages.append(response.json())
    return pages


def mentions_payday(filing: dict) -> bool:
    return any(re.search(r"\bpayday\b", activity["description"], re.IGNORECASE)
               for activity in filing["lobbying_activities"])


# -- the universe ----------------------------------------------------------------------------------


def test_universe_is_deterministic_and_well_formed():
    first, second = build_lda_universe(), build_lda_universe()
    assert first == second
    assert json.dumps(first.filings) == json.dumps(second.filings)
    for rows in (first.filings, first.contributions):
        uuids = [row["filing_uuid"] for row in rows]
        assert len(set(uuids)) == len(uuids)
        for row in rows:
            assert row["url"].startswith("https://lda.gov/api/v1/")
            assert row["filing_document_url"].startswith("https://lda.gov/filings/public/")
            assert row["filing_uuid"] in row["url"]
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?-0[45]:00",
                                row["dt_posted"])
    amounts = [f[k] for f in first.filings for k in ("income", "expenses") if f[k] is not None]
    assert amounts and all(re.fullmatch(r"\d+\.00", a) for a in amounts)
    assert all(f["filing_year"] in (2015, 2016, 2017, 2018) for f in first.filings)
    payday = [f for f in first.filings if mentions_payday(f)]
    assert len(payday) >= 60
    assert sum(f["filing_year"] == BUSY_YEAR for f in payday) == SPECIAL_CASES[
        "payday_filings_in_busy_year"] >= 30
    assert not any(mentions_payday(first.filing(u)) for u in SPECIAL_CASES["payday_word_absent"])


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/real-samples is absent")
def test_records_have_the_keys_of_the_real_samples():
    universe = build_lda_universe()

    def sample(name: str) -> dict:
        return json.loads((SAMPLES / f"dl-ee_lobbying_client__{name}__00.json").read_text())

    filing = sample("v1_filings_retrieve_filing")
    ours = universe.filing(SPECIAL_CASES["amendment"])
    assert list(ours) == list(filing)
    assert list(ours["registrant"]) == list(filing["registrant"])
    assert list(ours["client"]) == list(filing["client"])
    activity, real_activity = ours["lobbying_activities"][0], filing["lobbying_activities"][0]
    assert list(activity) == list(real_activity)
    assert list(activity["lobbyists"][0]) == list(real_activity["lobbyists"][0])
    assert list(activity["lobbyists"][0]["lobbyist"]) == list(
        real_activity["lobbyists"][0]["lobbyist"])
    report = sample("v1_contribution_reports_retrieve_contribution_report")
    ours = universe.contribution(SPECIAL_CASES["ld203_dws_lobbyist"])
    assert list(ours) == list(report)
    assert list(ours["contribution_items"][0]) == list(report["contribution_items"][0])
    assert list(universe.clients[0]) == list(sample("v1_clients_retrieve_client"))
    assert list(universe.lobbyists[0]) == list(sample("v1_lobbyists_retrieve_lobbyist"))
    assert list(universe.registrants[0]) == list(sample("v1_registrants_retrieve_registrant"))
    assert [f"constants/{name}" for name in universe.constants] == [
        key for key in sample("v1_anonymous") if key.startswith("constants/")]


def test_amendment_is_a_later_filing_for_the_same_period():
    universe = build_lda_universe()
    original = universe.filing(SPECIAL_CASES["amendment_original"])
    amendment = universe.filing(SPECIAL_CASES["amendment"])
    same = ("filing_year", "filing_period")
    assert [original[k] for k in same] == [amendment[k] for k in same] == [2016, "second_quarter"]
    assert original["registrant"]["id"] == amendment["registrant"]["id"]
    assert original["client"]["id"] == amendment["client"]["id"]
    assert (original["filing_type"], amendment["filing_type"]) == ("Q2", "2A")
    assert amendment["dt_posted"] > original["dt_posted"]
    assert (original["income"], amendment["income"]) == ("60000.00", "70000.00")
    codes = [a["general_issue_code"] for a in amendment["lobbying_activities"]]
    assert codes == [a["general_issue_code"] for a in original["lobbying_activities"]] + ["BAN"]


def test_special_cases_are_what_they_claim():
    universe = build_lda_universe()
    registration = universe.filing(SPECIAL_CASES["registration"])
    assert registration["filing_type"] == "RR" and registration["income"] is None
    termination = universe.filing(SPECIAL_CASES["termination"])
    assert termination["filing_type"] == "4T" and termination["termination_date"] == "2017-12-15"

    cfsa = next(f for f in universe.filings if f["registrant"]["id"] == 40871)
    assert cfsa["income"] is None and cfsa["expenses"] and cfsa["expenses_method"] == "a"
    assert cfsa["client"]["client_self_select"] is True

    revolving = SPECIAL_CASES["revolving_door_lobbyist_id"]
    entries = [e for f in universe.filings for a in f["lobbying_activities"]
               for e in a["lobbyists"] if e["lobbyist"]["id"] == revolving]
    assert {e["covered_position"] for e in entries} == {
        "Former Legislative Director, Rep. Debbie Wasserman Schultz"}
    assert [e["new"] for e in entries].count(True) > 0 and not all(e["new"] for e in entries)
    first, second = (universe.lobbyist(i) for i in SPECIAL_CASES["same_person_two_registrant_ids"])
    assert (first["first_name"], first["last_name"]) == (second["first_name"], second["last_name"])
    assert first["registrant"]["id"] != second["registrant"]["id"]

    no_items = universe.contribution(SPECIAL_CASES["ld203_no_contributions"])
    assert no_items["no_contributions"] is True and no_items["contribution_items"] == []
    pac_report = universe.contribution(SPECIAL_CASES["ld203_pac_report"])
    assert pac_report["lobbyist"] is None and pac_report["filer_type"] == "organization"
    assert pac_report["pacs"]
    honorary = universe.contribution(SPECIAL_CASES["ld203_honorary_expense"])
    assert [i["contribution_type"] for i in honorary["contribution_items"]] == ["he"]
    honorees = {i["honoree_name"] for c in universe.contributions for i in c["contribution_items"]}
    assert {"Debbie Wasserman Schultz", "Sen. Bernie Sanders", "None", "Hillary Clinton",
            "Warren Davidson"} <= honorees
    for figure, uuids in SPECIAL_CASES["ld203_by_figure"].items():
        for report_uuid in uuids:
            assert universe.contribution(report_uuid)["contribution_items"], figure

    without, null_poster = (universe.filing(u) for u in SPECIAL_CASES["sparse_filings"])
    assert "affiliated_organizations" not in without
    assert null_poster["posted_by_name"] is None
    (ola,) = SPECIAL_CASES["sparse_clients"]
    assert "general_description" not in universe.client(ola)
    assert all("general_description" not in f["client"]
               for f in universe.filings if f["client"]["id"] == ola)
    (sparse_report,) = SPECIAL_CASES["sparse_contributions"]
    assert "comments" not in universe.contribution(sparse_report)
    for filing_uuid in SPECIAL_CASES["affiliated_organization_filings"]:
        assert len(universe.filing(filing_uuid)["affiliated_organizations"]) == 1


def test_text_query_semantics():
    text = "CFPB proposed rule on payday, vehicle title and certain high-cost installment loans"
    assert TextQuery.parse("payday").matches(text)
    assert TextQuery.parse("mortgage payday").matches(text)  # unquoted words are OR'd
    assert TextQuery.parse('"vehicle title"').matches(text)
    assert not TextQuery.parse('"title vehicle"').matches(text)
    assert TextQuery.parse('"installment loan"').matches(text)  # plural stemmed
    assert not TextQuery.parse("payday -vehicle").matches(text)
    assert TextQuery.parse('"estate tax" OR payday').matches(text)
    assert not TextQuery.parse("pay").matches(text)


# -- pagination ------------------------------------------------------------------------------------


def test_walking_next_returns_every_matching_filing_once(api):
    pages = walk(api, "/filings/", filing_specific_lobbying_issues="payday",
                 filing_year=BUSY_YEAR)
    assert len(pages) >= 2
    assert [len(p["results"]) for p in pages] == [25, SPECIAL_CASES[
        "payday_filings_in_busy_year"] - 25]
    uuids = [row["filing_uuid"] for page in pages for row in page["results"]]
    expected = {f["filing_uuid"] for f in api.universe.filings
                if f["filing_year"] == BUSY_YEAR and mentions_payday(f)}
    assert len(uuids) == len(set(uuids)) == pages[0]["count"]
    assert set(uuids) == expected
    assert pages[0]["previous"] is None
    assert "page=" not in pages[1]["previous"]


def test_next_links_keep_the_query_and_use_the_requested_host(api):
    body = get(api, "/filings/", filing_year=BUSY_YEAR, client_name="advance america").json()
    assert body["next"] is None
    first = get(api, "/contributions/", filing_year=BUSY_YEAR, page_size=10).json()
    link = urlsplit(first["next"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{api.base_url}/contributions/"
    assert parse_qs(link.query) == {"filing_year": [str(BUSY_YEAR)], "page": ["2"],
                                    "page_size": ["10"]}


@pytest.mark.parametrize("public_host", ["localhost", "http://lda-mirror.test:8080"])
def test_public_host_changes_the_host_of_next(public_host):
    with FakeLdaApi(public_host=public_host) as fake:
        body = requests.get(f"{fake.base_url}/filings/", timeout=5,
                            params={"filing_year": BUSY_YEAR}).json()
        root = requests.get(f"{fake.base_url}/", timeout=5).json()
    expected = (f"http://localhost:{fake.port}" if "://" not in public_host else public_host)
    assert body["next"].startswith(f"{expected}/api/v1/filings/?")
    assert root["filings"] == f"{expected}/api/v1/filings/"


def test_public_localhost_links_can_be_followed():
    with FakeLdaApi(public_host="localhost") as fake:
        body = requests.get(f"{fake.base_url}/filings/", params={"filing_year": BUSY_YEAR},
                            timeout=5).json()
        second = requests.get(body["next"], timeout=5)
        assert second.status_code == 200
        assert second.json()["previous"].startswith(f"http://localhost:{fake.port}/")


@pytest.mark.parametrize("path", ["/filings/", "/contributions/"])
def test_paging_past_page_one_needs_a_filter(api, path):
    assert get(api, path).status_code == 200
    for params in ({"page": 2}, {"page": 2, "page_size": 10, "ordering": "-dt_posted"},
                   {"page": 2, "filing_year": ""}):
        response = get(api, path, **params)
        assert response.status_code == 400
        assert response.json() == {"detail": FILTER_REQUIRED_DETAIL}
    assert get(api, path, page=2, filing_year=BUSY_YEAR).status_code == 200
    assert get(api, "/lobbyists/", page=1).status_code == 200


def test_page_size_is_capped_at_25(api):
    body = get(api, "/filings/", filing_year=BUSY_YEAR, page_size=100).json()
    assert len(body["results"]) == 25
    assert parse_qs(urlsplit(body["next"]).query)["page_size"] == ["100"]
    assert len(get(api, "/filings/", filing_year=BUSY_YEAR, page_size=5).json()["results"]) == 5
    assert len(get(api, "/filings/", filing_year=BUSY_YEAR, page_size=0).json()["results"]) == 25


def test_page_past_the_end_is_a_404(api):
    count = get(api, "/filings/", filing_year=BUSY_YEAR).json()["count"]
    last = -(-count // 25)
    assert get(api, "/filings/", filing_year=BUSY_YEAR, page=last).status_code == 200
    for page in (last + 1, 0, "a"):
        response = get(api, "/filings/", filing_year=BUSY_YEAR, page=page)
        assert response.status_code == 404
        assert response.json() == {"detail": "Invalid page."}


# -- filters and ordering --------------------------------------------------------------------------


def test_advance_america_has_two_client_ids(api):
    found = get(api, "/clients/", client_name="advance america").json()["results"]
    assert {c["id"] for c in found} == set(SPECIAL_CASES["advance_america_client_ids"])
    assert {c["name"] for c in found} == {"ADVANCE AMERICA",
                                          "Advance America, Cash Advance Centers, Inc."}
    assert len({c["registrant"]["id"] for c in found}) == 2
    naive = get(api, "/clients/", client_name="advance").json()["results"]
    assert SPECIAL_CASES["advance_auto_parts_client_id"] in {c["id"] for c in naive}
    for client_id in SPECIAL_CASES["advance_america_client_ids"]:
        filings = get(api, "/filings/", client_id=client_id, filing_year=BUSY_YEAR).json()
        assert filings["count"] >= 4
        assert {f["client"]["id"] for f in filings["results"]} == {client_id}


def test_contribution_honoree_finds_the_wasserman_schultz_ld203(api):
    found = get(api, "/contributions/", contribution_honoree="Wasserman Schultz").json()
    uuids = {r["filing_uuid"] for r in found["results"]}
    assert SPECIAL_CASES["ld203_dws_lobbyist"] in uuids
    assert SPECIAL_CASES["ld203_dws_pac"] in uuids
    # "Rep. Debbie Wasserman-Schultz" (hyphenated) escapes a contains-match.
    assert SPECIAL_CASES["ld203_dws_honorary"] not in uuids
    in_2016 = get(api, "/contributions/", contribution_honoree="wasserman schultz",
                  filing_year=2016).json()["results"]
    assert [r["filing_uuid"] for r in in_2016] == [SPECIAL_CASES["ld203_dws_lobbyist"]]
    report = get(api, f"/contributions/{SPECIAL_CASES['ld203_dws_lobbyist']}/").json()
    assert report["lobbyist"]["id"] == SPECIAL_CASES["revolving_door_lobbyist_id"]
    dnc = get(api, "/contributions/", contribution_payee="democratic national").json()["results"]
    assert {i["honoree_name"] for r in dnc for i in r["contribution_items"]
            if "DEMOCRATIC NATIONAL" in i["payee_name"]} == {"None"}


def test_filing_filters(api):
    amendment = SPECIAL_CASES["amendment"]
    assert [f["filing_uuid"] for f in get(api, "/filings/", filing_uuid=amendment).json()[
        "results"]] == [amendment]
    q2 = get(api, "/filings/", filing_year=2016, filing_period="second_quarter",
             client_id=SPECIAL_CASES["advance_america_client_ids"][0]).json()["results"]
    assert {f["filing_uuid"] for f in q2} == {SPECIAL_CASES["amendment_original"], amendment}
    assert get(api, "/filings/", filing_type="2A").json()["count"] == 1
    revolving = get(api, "/filings/", lobbyist_id=SPECIAL_CASES["revolving_door_lobbyist_id"],
                    filing_year=2017).json()
    assert revolving["count"] == 12
    by_name = get(api, "/filings/", lobbyist_name="reinholt", filing_year=2017).json()
    assert by_name["count"] == revolving["count"]
    window = get(api, "/filings/", filing_dt_posted_after="2016-08-09",
                 filing_dt_posted_before="2016-08-09").json()["results"]
    assert [f["filing_uuid"] for f in window] == [amendment]
    big = get(api, "/filings/", filing_amount_reported_min=1000000).json()["results"]
    assert big and all(float(f["expenses"]) >= 1000000 for f in big)
    payday = get(api, "/filings/", filing_specific_lobbying_issues="payday", filing_year=2018)
    excluded = get(api, "/filings/", filing_specific_lobbying_issues='payday -"H.R. 4018"',
                   filing_year=2018).json()
    assert 0 < excluded["count"] < payday.json()["count"]
    for filing in excluded["results"]:
        assert any("payday" in a["description"] and "4018" not in a["description"]
                   for a in filing["lobbying_activities"])


def test_ordering(api):
    rows = get(api, "/filings/", filing_year=BUSY_YEAR, ordering="-dt_posted").json()["results"]
    posted = [r["dt_posted"] for r in rows]
    default = get(api, "/filings/", filing_year=BUSY_YEAR).json()["results"]
    assert posted[0] > default[0]["dt_posted"]
    unknown = get(api, "/filings/", filing_year=BUSY_YEAR, ordering="nonsense").json()["results"]
    assert [r["filing_uuid"] for r in unknown] == [r["filing_uuid"] for r in default]


def test_bad_filter_values_are_400s(api):
    response = get(api, "/filings/", registrant_id="a")
    assert response.status_code == 400
    assert response.json() == {"registrant_id": ["Enter a number."]}
    assert get(api, "/filings/", filing_period="q2").status_code == 400
    assert get(api, "/filings/", filing_uuid="not-a-uuid").status_code == 400


def test_entity_endpoints(api):
    registrants = get(api, "/registrants/", registrant_name="community financial").json()
    assert [r["id"] for r in registrants["results"]] == [40871]
    registrant = get(api, "/registrants/40871/").json()
    assert registrant == registrants["results"][0]
    lobbyists = get(api, "/lobbyists/", lobbyist_name="talbot").json()["results"]
    assert {lob["id"] for lob in lobbyists} == set(SPECIAL_CASES["same_person_two_registrant_ids"])
    assert all("registrant" in lob for lob in lobbyists)
    client = get(api, f"/clients/{SPECIAL_CASES['advance_auto_parts_client_id']}/").json()
    assert client["name"] == "ADVANCE AUTO PARTS, INC." and "registrant" in client
    assert get(api, "/clients/", registrant_id=40871).json()["count"] == 1
    for path in ("/filings/00000000-0000-0000-0000-000000000000/", "/registrants/1/",
                 "/clients/1/", "/lobbyists/1/", "/contributions/nope/"):
        response = get(api, path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}


# -- constants, auth, faults -----------------------------------------------------------------------


def test_constants_are_bare_lists_and_the_root_lists_endpoints(api):
    for name in api.universe.constants:
        body = get(api, f"/constants/{name}/").json()
        assert isinstance(body, list) and body
    issues = {c["value"]: c["name"] for c in get(api, "/constants/filing/lobbyingactivityissues/")
              .json()}
    assert issues["FIN"] == "Financial Institutions/Investments/Securities"
    assert issues["BAN"] == "Banking" and issues["CSP"] == "Consumer Issues/Safety/Products"
    types = {c["value"] for c in get(api, "/constants/filing/filingtypes/").json()}
    assert {"Q1", "Q2", "Q3", "Q4", "1A", "2A", "RR", "RA", "MM", "YY", "MA", "YA"} <= types
    items = get(api, "/constants/contribution/itemtypes/").json()
    assert [c["value"] for c in items] == ["feca", "he", "me", "ple", "pic"]
    root = get(api, "/").json()
    assert root["filings"] == f"{api.base_url}/filings/"
    assert root["constants/contribution/itemtypes"].endswith("/constants/contribution/itemtypes/")
    assert get(api, "/constants/filing/nope/").status_code == 404


def test_wrong_token_is_401_and_anonymous_works(api):
    api.reset_log()
    wrong = get(api, "/filings/", token="nope")
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "Invalid token."}
    assert wrong.headers["WWW-Authenticate"] == "Token"
    spaced = requests.get(f"{api.base_url}/constants/general/states/", timeout=5,
                          headers={"Authorization": "Token Invalid key"})
    assert spaced.status_code == 401
    assert "should not contain spaces" in spaced.json()["detail"]
    anonymous = get(api, "/filings/", token=None, filing_year=BUSY_YEAR)
    assert anonymous.status_code == 200 and anonymous.json()["count"] > 0
    assert get(api, "/filings/", filing_year=BUSY_YEAR).status_code == 200
    assert [r.auth for r in api.requests_log] == ["invalid", "invalid", "anonymous", "token"]


def test_fail_next_429_carries_retry_after(api):
    api.fail_next(429, path_contains="/filings/")
    assert get(api, "/registrants/").status_code == 200
    throttled = get(api, "/filings/", filing_year=BUSY_YEAR)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "2"
    assert throttled.json()["detail"].startswith("Request was throttled.")
    assert get(api, "/filings/", filing_year=BUSY_YEAR).status_code == 200


def test_server_errors_in_order_then_recovery(api):
    api.fail_next(502, times=2)
    api.fail_next(500)
    statuses = [get(api, "/clients/") for _ in range(4)]
    assert [r.status_code for r in statuses] == [502, 502, 500, 200]
    assert statuses[0].headers["Content-Type"].startswith("text/html")


def test_delay_triggers_client_timeout(api):
    api.delay_next(1.0)
    with pytest.raises(requests.Timeout):
        get(api, "/clients/", timeout=0.2)
    assert get(api, "/clients/").status_code == 200


def test_throttle_after_n_requests_skips_constants():
    with FakeLdaApi(throttle_after=3) as fake:
        statuses = [get(fake, "/registrants/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert all(get(fake, "/constants/general/states/").status_code == 200 for _ in range(5))
        throttled = None
        for _ in range(4):
            throttled = get(fake, "/clients/")
        assert throttled.status_code == 429
        assert throttled.headers["Retry-After"] == "2"
        assert throttled.json() == {
            "detail": "Request was throttled. Expected available in 2 seconds."}


def test_missing_slash_redirects_and_unknown_paths_are_html_404s(api):
    redirected = get(api, "/filings", filing_year=BUSY_YEAR)
    assert redirected.status_code == 200 and redirected.history[0].status_code == 301
    unknown = get(api, "/bills/")
    assert unknown.status_code == 404
    assert unknown.headers["Content-Type"].startswith("text/html")


def test_requests_are_logged(api):
    api.reset_log()
    get(api, "/filings/", filing_year=BUSY_YEAR, client_name="advance america")
    method, path, params, headers, auth = api.requests_log[-1]
    assert (method, path, auth) == ("GET", "/api/v1/filings/", "token")
    assert params == {"filing_year": [str(BUSY_YEAR)], "client_name": ["advance america"]}
    assert headers["Authorization"] == f"Token {api.api_key}"
