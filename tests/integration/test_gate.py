"""The Great Expectations gate passes on the clean build and catches each planted defect."""

import duckdb
import pytest

import ingest.gate.checks
from ingest.gate.checks import GateFailed, has_valid_receipt, run_gate


@pytest.fixture(autouse=True, params=["whole tables", "candidate rows"])
def gate_mode(request, monkeypatch):
    """Every check runs both ways: tables read whole into GX, and (as for a national build)
    each expectation given only the rows DuckDB picks as candidates."""
    if request.param == "candidate rows":
        monkeypatch.setattr(ingest.gate.checks, "WHOLE_TABLE_ROWS", 0)
    return request.param


def plant(settings, sql: str) -> None:
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute(sql)
    finally:
        con.close()


def failures(settings) -> list[dict]:
    with pytest.raises(GateFailed) as excinfo:
        run_gate(settings.warehouse_path, state_dir=settings.state_dir)
    assert "nothing was published" in str(excinfo.value)
    assert not has_valid_receipt(settings.warehouse_path, settings.state_dir)
    return excinfo.value.failures


def test_clean_build_passes_and_leaves_a_receipt(warehouse_copy):
    result = run_gate(warehouse_copy.warehouse_path, state_dir=warehouse_copy.state_dir)
    assert result.success and result.evaluated == result.passed >= 39
    assert has_valid_receipt(warehouse_copy.warehouse_path, warehouse_copy.state_dir)


def test_duplicated_key_in_a_mart_is_caught_and_shown(warehouse_copy):
    plant(warehouse_copy, """
        insert into main.fct_contributions
        select * from main.fct_contributions order by sub_id limit 1""")
    dup = duckdb.connect(str(warehouse_copy.warehouse_path), read_only=True).execute(
        "select min(sub_id) from main.fct_contributions").fetchone()[0]
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "fct_contributions"
    assert failure["expectation"] == "expect_column_values_to_be_unique"
    assert failure["kwargs"] == {"column": "sub_id"}
    assert {row["sub_id"] for row in failure["rows"]} == {dup}
    assert failure["unexpected_count"] == 2


def test_null_key_is_caught(warehouse_copy):
    plant(warehouse_copy, "update main.dim_committees set committee_id = null "
                          "where committee_id = 'C00385773'")
    [failure] = failures(warehouse_copy)
    assert (failure["table"], failure["expectation"]) == (
        "dim_committees", "expect_column_values_to_not_be_null")
    [row] = failure["rows"]
    assert row["committee_id"] is None and "WASSERMAN SCHULTZ" in row["committee_name"]


def test_figure_total_that_misses_fec_totals_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        update main.fct_figure_cycle_summary
        set itemized_individual_receipts = itemized_individual_receipts + 5000
        where figure_id = 'debbie_wasserman_schultz' and cycle = 2016""")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "fct_figure_cycle_summary"
    assert failure["expectation"] == "expect_column_values_to_be_between"
    [row] = failure["rows"]
    assert (row["figure_id"], row["cycle"]) == ("debbie_wasserman_schultz", 2016)
    assert row["difference_beyond_tolerance"] > 0


def test_a_difference_within_tolerance_passes(warehouse_copy):
    plant(warehouse_copy, """
        update main.fct_figure_cycle_summary
        set itemized_individual_receipts = itemized_individual_receipts + 0.50
        where figure_id = 'debbie_wasserman_schultz' and cycle = 2016""")
    assert run_gate(warehouse_copy.warehouse_path).success


def test_missing_mart_is_reported_not_crashed(warehouse_copy):
    plant(warehouse_copy, "drop table main.fct_independent_expenditures")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "fct_independent_expenditures"
    assert failure["expectation"] == "table_is_readable"


def test_two_current_versions_of_one_lobbying_filing_are_caught(warehouse_copy):
    from tests.fakes.lda_universe import SPECIAL_CASES

    original = SPECIAL_CASES["amendment_original"]
    plant(warehouse_copy, f"""update main.fct_lobbying_filings set is_current_version = true
                              where filing_uuid = '{original}'""")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "fct_lobbying_filings (current versions)"
    assert failure["expectation"] == "expect_compound_columns_to_be_unique"
    assert {row["filing_uuid"] for row in failure["rows"]} == {
        original, SPECIAL_CASES["amendment"]}


def test_an_ld203_amount_that_does_not_parse_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        update main.fct_lobbyist_contributions set amount = null, amount_reported = '1,OOO.00'
        where contribution_item_id = (select min(contribution_item_id)
                                      from main.fct_lobbyist_contributions)""")
    [failure] = failures(warehouse_copy)
    assert failure["expectation"] == "expect_column_values_to_be_in_set"
    assert failure["kwargs"]["column"] == "amount_parses"
    assert [row["amount_reported"] for row in failure["rows"]] == ["1,OOO.00"]


def test_an_ld203_date_outside_its_filing_period_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        update main.fct_lobbyist_contributions
        set contribution_date = period_end_date + interval 40 day
        where contribution_item_id = (select max(contribution_item_id)
                                      from main.fct_lobbyist_contributions)""")
    [failure] = failures(warehouse_copy)
    assert failure["kwargs"]["column"] == "date_in_filing_period"
    [row] = failure["rows"]
    assert row["contribution_date"] > row["period_end_date"]


def test_duplicated_lobbying_activity_is_caught(warehouse_copy):
    plant(warehouse_copy, """insert into main.fct_lobbying_activities
                             select * from main.fct_lobbying_activities limit 1""")
    [failure] = failures(warehouse_copy)
    assert (failure["table"], failure["kwargs"]) == ("fct_lobbying_activities",
                                                     {"column": "activity_id"})


def test_an_industry_total_that_is_not_the_sum_of_its_cited_rows_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        update main.fct_industry_money_to_figures set amount = amount + 100
        where industry_id = 'payday_lending' and figure_id = 'debbie_wasserman_schultz'
          and cycle = 2016 and channel = 'pacs'""")
    [failure] = failures(warehouse_copy)
    assert failure["kwargs"]["column"] == "difference_from_cited_rows"
    [row] = failure["rows"]
    assert (row["figure_id"], row["channel"], row["difference_from_cited_rows"]) == (
        "debbie_wasserman_schultz", "pacs", 100.0)


def test_an_automatic_link_below_the_threshold_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        insert into links.lobbyist_donor_links (lobbyist_id, lobbyist_name, donor_id, donor_name,
                                                match_probability, evidence, status)
        values (999999, 'PLANTED, LOBBYIST', 'Dplanted', 'PLANTED, DONOR', 0.42,
                'last name = PLANTED', 'auto')""")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "links.lobbyist_donor_links"
    assert failure["kwargs"]["column"] == "is_auto_below_threshold"
    assert [row["donor_id"] for row in failure["rows"]] == ["Dplanted"]


def test_an_automatic_organisation_link_below_the_threshold_is_caught(warehouse_copy):
    plant(warehouse_copy, """
        update links.organization_links set status = 'auto'
        where organization_id = 'employer:ONLINE LENDER ALLIANCE'""")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "links.organization_links"
    assert failure["kwargs"]["column"] == "is_auto_below_threshold"
    assert [row["organization_id"] for row in failure["rows"]] == ["employer:ONLINE LENDER ALLIANCE"]


def test_an_answer_row_resting_on_a_below_threshold_link_is_caught(warehouse_copy):
    # The namesake DAVID PIKE (a retired donor in Tampa) is linked to lobbyist DAVID PIKE III
    # below the threshold; an answer row that used the link anyway must stop the publish.
    plant(warehouse_copy, """
        insert into main.fct_industry_money_items by name
        select 'lobbyists' as channel, 'payday_lending' as industry_id, contributions.figure_id,
               contributions.cycle, contributions.sub_id as citation_id, contributions.amount,
               'FEC Schedule A' as source, 'auto' as link_status,
               links.match_probability as link_probability,
               links.lobbyist_id as linked_lobbyist_id, links.donor_id as linked_donor_id
        from links.lobbyist_donor_links as links
        join links.donor_clusters as clusters on clusters.donor_id = links.donor_id
        join main.fct_contributions as contributions on contributions.sub_id = clusters.sub_id
        where links.status = 'below_threshold'""")
    found = failures(warehouse_copy)
    # the planted row also breaks its industry total, which the gate reports separately
    [failure] = [f for f in found if f["table"] == "fct_industry_money_items (links used)"]
    [row] = failure["rows"]
    assert (row["current_status"], row["link_is_usable"]) == ("below_threshold", False)
    assert row["citation_id"] == "4071520189800000022"


def test_a_client_answer_row_whose_link_was_rejected_is_caught(warehouse_copy):
    # A stale answer: the organisation link it used has since been rejected by a reviewer.
    plant(warehouse_copy, """
        update links.organization_links set status = 'rejected'
        where organization_id = 'C00429001'""")
    [failure] = failures(warehouse_copy)
    assert failure["table"] == "fct_client_money_items (links used)"
    assert failure["rows"] and {row["organization_id"] for row in failure["rows"]} == {"C00429001"}
    assert {row["current_status"] for row in failure["rows"]} == {"rejected"}
