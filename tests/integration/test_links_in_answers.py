"""Links on the snapshot against the synthetic truth, and reviewers' decisions reaching the answers."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest

from ingest import pipeline
from ingest.gate.checks import run_gate
from tests.fakes.fec_universe import LOBBYIST_RECEIPT_TRUTH, SPECIAL_CASES
from tests.fakes.lda_universe import SPECIAL_CASES as LDA_CASES

pytestmark = pytest.mark.integration

REINHOLT_DWS_2018 = SPECIAL_CASES["lobbyist_receipts"][1]
PIKE_NAMESAKE = SPECIAL_CASES["lobbyist_receipts"][3]
KOVACH_DWS_2018 = SPECIAL_CASES["lobbyist_receipts"][4]
MISSPELLED = SPECIAL_CASES["employer_misspelled"]


def query(path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def linked_lobbyists(path, sub_id: str, statuses=("auto", "confirmed")) -> set[int]:
    rows = query(path, f"""
        select links.lobbyist_id from links.donor_clusters as clusters
        join links.lobbyist_donor_links as links using (donor_id)
        where clusters.sub_id = ? and links.status in {tuple(statuses)}""", [sub_id])
    return {int(lobbyist_id) for (lobbyist_id,) in rows}


def test_lobbyist_links_recover_the_planted_truth(built):
    settings, _ = built
    path = settings.warehouse_path
    found = {sub_id: linked_lobbyists(path, sub_id) for sub_id in LOBBYIST_RECEIPT_TRUTH}
    expected = {sub_id: {lob} if lob else set() for sub_id, lob in LOBBYIST_RECEIPT_TRUTH.items()}
    assert found == expected
    # the namesake is a candidate for a reviewer, never a usable link
    assert linked_lobbyists(path, PIKE_NAMESAKE, ("below_threshold",)) == {10457}
    # no usable link anywhere else: only the planted lobbyists gave as individuals
    usable = query(path, "select count(*) from links.lobbyist_donor_links "
                         "where status in ('auto', 'confirmed')")[0][0]
    assert usable == len({lob for lob in LOBBYIST_RECEIPT_TRUTH.values() if lob})


def test_organisation_links_on_the_snapshot(built):
    settings, _ = built
    rows = query(settings.warehouse_path, """
        select canonical_client_id, organization_id, status, match_probability, evidence
        from links.organization_links""")
    by_pair = {(client, org): (status, prob, ev) for client, org, status, prob, ev in rows}
    # the payday PACs' sponsors are linked to the clients that hired lobbyists
    assert by_pair[("advance-america", "C00429001")][0] == "auto"
    assert by_pair[("community-financial-services-association-of-america", "C00432534")][0] == "auto"
    # both spellings of Advance America's employees join the one canonical client
    assert by_pair[("advance-america", "employer:ADVANCE AMERICA CASH ADVANCE CENTERS")][0] == "auto"
    # the auto-parts retailer links to itself only, never to the payday lender
    assert {org for (client, org) in by_pair if client == "advance-auto-parts"} == {
        "employer:ADVANCE AUTO PARTS"}
    assert not any(org == "employer:ADVANCE AUTO PARTS" for (client, org) in by_pair
                   if client != "advance-auto-parts")
    status, prob, evidence = by_pair[("online-lenders-alliance", "employer:ONLINE LENDER ALLIANCE")]
    assert status == "below_threshold" and prob < 0.9 and "jaro-winkler" in evidence
    # every automatic link names the same organisation (same key, or one begins the other)
    for (client, org), (status, _, evidence) in by_pair.items():
        if status == "auto":
            assert evidence.startswith(("same name key", "name ")), (client, org, evidence)


def test_answers_use_usable_links_only(built):
    settings, _ = built
    path = settings.warehouse_path
    lobbyist_rows = dict(query(path, """
        select citation_id, link_status from fct_industry_money_items
        where channel = 'lobbyists' and source = 'FEC Schedule A'"""))
    assert lobbyist_rows == {REINHOLT_DWS_2018: "auto"}
    assert PIKE_NAMESAKE not in {c for (c,) in query(path, "select citation_id from "
                                                            "fct_industry_money_items")}
    # the in-house lobbyist's gift is counted once as an employee's and marked on her LD-203 row
    [(channel, same_gift, also)] = query(path, """
        select channel, same_gift_sub_id, also_counted_in_channel from fct_industry_money_items
        where citation_id like ? || '%'""", [LDA_CASES["ld203_dws_in_house"]])
    assert (channel, same_gift, also) == ("lobbyists", KOVACH_DWS_2018, "employees")
    assert query(path, "select channel from fct_industry_money_items where citation_id = ?",
                 [KOVACH_DWS_2018]) == [("employees",)]
    assert MISSPELLED not in {c for (c,) in query(path, "select citation_id from "
                                                        "fct_client_money_items")}


def test_review_decisions_change_the_answers_on_the_next_run(warehouse_copy, tmp_path):
    path = warehouse_copy.warehouse_path
    [(reinholt_donor,)] = query(path, "select donor_id from links.donor_clusters where sub_id = ?",
                                [REINHOLT_DWS_2018])
    reviews = tmp_path / "review"
    reviews.mkdir()
    (reviews / "link_reviews.csv").write_text(
        "link_type,left_id,right_id,decision,reviewer,note\n"
        "client_organization,online-lenders-alliance,employer:ONLINE LENDER ALLIANCE,confirm,"
        "desk,employer misspelled on the report\n"
        f"lobbyist_donor,72311,{reinholt_donor},reject,desk,checked: another Patricia Reinholt\n",
        encoding="utf-8")
    settings = replace(warehouse_copy, review_dir=reviews)
    summary = pipeline.link_step(settings)
    pipeline.answers_step(settings)
    assert summary["organization_links"]["confirmed"] == 1
    assert summary["lobbyist_links"]["rejected"] == 1
    [(client, status, amount)] = query(path, """
        select canonical_client_id, link_status, amount from fct_client_money_items
        where citation_id = ?""", [MISSPELLED])
    assert (client, status, float(amount)) == ("online-lenders-alliance", "confirmed", 250.0)
    assert REINHOLT_DWS_2018 not in {c for (c,) in query(
        path, "select citation_id from fct_industry_money_items")}
    # her LD-203 gift to Clinton no longer points at the FEC receipt of the rejected donor
    assert query(path, """select count(*) from fct_industry_money_items
                          where linked_lobbyist_id = 72311""") == [(0,)]
    assert run_gate(path, review_dir=reviews).success


def test_link_tables_describe_every_column(built):
    settings, _ = built
    undocumented = query(settings.warehouse_path, """
        select table_name, column_name from duckdb_columns()
        where schema_name = 'links' and (comment is null or length(comment) < 8)""")
    tables = query(settings.warehouse_path, """
        select table_name, comment from duckdb_tables() where schema_name = 'links'""")
    assert undocumented == []
    assert len(tables) == 4 and all(comment for _, comment in tables)


def test_the_run_report_shows_links_by_status(warehouse_copy):
    from ingest.publish.report import report

    pipeline.validate_step(warehouse_copy)
    pipeline.publish_step(warehouse_copy)
    text = report(warehouse_copy.published_path)
    usable = len({lob for lob in LOBBYIST_RECEIPT_TRUTH.values() if lob})
    assert f"links.lobbyist_donor_links       auto {usable}, below_threshold 1" in text
    assert "links.organization_links" in text and "fct_client_money_items" in text
