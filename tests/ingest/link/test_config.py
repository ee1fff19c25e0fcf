"""The link step's configuration and reviews: decisions applied on the next run, malformed review
files and settings named.
"""

from __future__ import annotations

import pytest

from ingest.link.config import LinkageError
from ingest.link.run import run_linkage
from tests.ingest.link.helpers import donor_ids, links, read, write_reviews


def test_reviews_reject_and_confirm_on_next_run(warehouse):
    path, config = warehouse
    run_linkage(path, config)
    ids = donor_ids(path)
    assert links(path)[("11", ids["4001"])][1] == "auto"
    assert links(path)[("12", ids["7001"])][1] == "below_threshold"
    write_reviews(
        config,
        f"lobbyist_donor,11,{ids['4001']},reject,jdoe,different John Copher per disclosure",
        f"lobbyist_donor,12,{ids['7001']},confirm,jdoe,confirmed by phone",
        f"lobbyist_donor,12,{ids['5001']},confirm,jdoe,married name",
        "lobbyist_donor,99,D0000000000000000,confirm,jdoe,typo",
    )
    summary = run_linkage(path, config)
    found = links(path)
    assert found[("11", ids["4001"])][1] == "rejected"
    prob, status, _ = found[("12", ids["7001"])]
    assert status == "confirmed" and prob < 0.9
    prob, status, evidence = found[("12", ids["5001"])]
    assert status == "confirmed" and prob < 0.01
    assert evidence.startswith("not proposed by the model") and "SUSAN ~ JOHN" in evidence
    assert not any(lob == "99" for lob, _ in found)
    effects = read(path, "select row_number, decision, effect from links.link_decisions order by 1")
    assert effects == [
        (2, "reject", "rejected a scored candidate"),
        (3, "confirm", "confirmed a scored candidate"),
        (4, "confirm", "added a confirmed link the model did not propose"),
        (5, "confirm", "not applied: unknown lobbyist_id"),
    ]
    assert summary["lobbyist_links"]["confirmed"] == 2
    write_reviews(config)
    run_linkage(path, config)
    assert links(path)[("11", ids["4001"])][1] == "auto"
    assert read(path, "select count(*) from links.link_decisions") == [(0,)]


@pytest.mark.parametrize("row, message", [
    ("lobbyist_donor,11,D1,maybe,jdoe,", "row 3: decision 'maybe'"),
    ("donor_merge,11,D1,confirm,jdoe,", "row 3: link_type 'donor_merge'"),
    ("lobbyist_donor,,D1,confirm,jdoe,", "row 3: left_id and right_id are required"),
    ("lobbyist_donor,11,D1,confirm,,", "row 3: reviewer is required"),
    ("lobbyist_donor,11,D1,confirm,jdoe,note,extra", "row 3: expected 6 fields"),
    ("lobbyist_donor,12,D2,reject,jdoe,", "row 3: contradicts row 2"),
])
def test_malformed_review_csv_names_the_row(warehouse, row, message):
    path, config = warehouse
    write_reviews(config, "lobbyist_donor,12,D2,confirm,jdoe,ok", row)
    with pytest.raises(LinkageError, match=message.replace("(", r"\(")):
        run_linkage(path, config)


def test_review_csv_with_wrong_header_fails(warehouse):
    path, config = warehouse
    (config / "link_reviews.csv").write_text("left,right,decision\n1,2,confirm\n", encoding="utf-8")
    with pytest.raises(LinkageError, match="header lacks column"):
        run_linkage(path, config)


def test_thresholds_from_linkage_yml_and_argument(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("lobbyist_match_threshold: 0.99999999\n"
                                        "lobbyist_candidate_floor: 0.0\n", encoding="utf-8")
    summary = run_linkage(path, config)
    assert summary["settings"]["lobbyist_match_threshold"] == 0.99999999
    assert "auto" not in summary["lobbyist_links"]
    assert {s for _, s, _ in links(path).values()} == {"below_threshold"}
    summary = run_linkage(path, config, thresholds={"lobbyist_match_threshold": 0.5})
    assert summary["lobbyist_links"]["auto"] >= 1
    summary = run_linkage(path, config, thresholds={"donor_match_threshold": 1.0})
    assert donor_ids(path)["4001"] != donor_ids(path)["4003"]


def test_bad_linkage_yml_fails(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("donor_match_threshhold: 0.9\n", encoding="utf-8")
    with pytest.raises(LinkageError, match="unknown setting 'donor_match_threshhold'"):
        run_linkage(path, config)
    with pytest.raises(LinkageError, match="between 0 and 1"):
        run_linkage(path, None, thresholds={"donor_match_threshold": 2})


def test_cluster_limits_must_be_whole_numbers(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("donor_cluster_max_zips: 0.5\n")
    with pytest.raises(LinkageError, match="donor_cluster_max_zips must be a whole number"):
        run_linkage(path, config)
