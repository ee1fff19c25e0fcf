"""Lobbying marts on the offline snapshot: amendments, canonical clients, industry coding,
the revolving door, LD-203 matches, the money trail's safe sum, one client grouping and one
industry column name everywhere, and documentation in DuckDB comments."""

from collections import defaultdict
from decimal import Decimal

import duckdb
import pytest

from tests.fakes.lda_universe import SPECIAL_CASES, build_lda_universe
from tests.integration.test_saved_answers import company, company_named, hand_worked_gifts

LOBBYING_MARTS = ("fct_lobbying_filings", "fct_lobbying_activities", "dim_lobbying_clients",
                  "dim_lobbyists", "fct_revolving_door", "fct_lobbyist_contributions")


@pytest.fixture(scope="module")
def con(built):
    settings, _ = built
    connection = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield connection
    connection.close()


def test_amendment_keeps_both_versions_and_flags_the_latest(con):
    rows = dict(con.execute("""select filing_uuid, (is_current_version, income)
                               from fct_lobbying_filings where filing_uuid in (?, ?)""",
                            [SPECIAL_CASES["amendment_original"], SPECIAL_CASES["amendment"]]
                            ).fetchall())
    assert rows[SPECIAL_CASES["amendment_original"]] == (False, Decimal("60000.00"))
    assert rows[SPECIAL_CASES["amendment"]] == (True, Decimal("70000.00"))


def test_one_client_across_registrants_is_one_organisation(con):
    client_ids, n_registrants, industry = con.execute("""
        select client_ids, n_registrants, industry_id from dim_lobbying_clients
        where list_contains(client_ids, ?)""", [SPECIAL_CASES["advance_america_client_ids"][0]]
    ).fetchone()
    assert sorted(client_ids) == sorted(SPECIAL_CASES["advance_america_client_ids"])
    assert n_registrants == 2 and industry == "payday_lending"


def test_advance_auto_parts_is_not_a_payday_lender(con):
    industries = con.execute("""select industry_id from dim_lobbying_clients
                                where list_contains(client_ids, ?)""",
                             [SPECIAL_CASES["advance_auto_parts_client_id"]]).fetchall()
    assert industries == [(None,)]


def test_payday_activities_cite_the_rule_and_the_filing(con):
    rows = con.execute("""select industry_rule, filing_document_url from fct_lobbying_activities
                          where industry_id = 'payday_lending'""").fetchall()
    assert len(rows) > 100
    assert all(rule and url.startswith("https://lda.gov/filings/public/filing/")
               for rule, url in rows)


def test_income_is_per_filing_and_not_multiplied_by_activities(con):
    universe = build_lda_universe()
    amendment = universe.filing(SPECIAL_CASES["amendment"])
    assert len(amendment["lobbying_activities"]) > 1
    n_rows, incomes = con.execute("""select count(*), list_distinct(list(filing_income))
                                     from fct_lobbying_activities where filing_uuid = ?""",
                                  [SPECIAL_CASES["amendment"]]).fetchone()
    assert n_rows == len(amendment["lobbying_activities"])
    assert incomes == [Decimal(amendment["income"])]
    assert con.execute("select income from fct_lobbying_filings where filing_uuid = ?",
                       [SPECIAL_CASES["amendment"]]).fetchone()[0] == Decimal("70000.00")


def test_revolving_door_lists_the_covered_position_with_its_industry(con):
    universe = build_lda_universe()
    lobbyist_id = SPECIAL_CASES["revolving_door_lobbyist_id"]
    positions = {
        entry["covered_position"]
        for filing in universe.filings for activity in filing["lobbying_activities"]
        for entry in activity["lobbyists"]
        if entry["lobbyist"]["id"] == lobbyist_id and entry["covered_position"]
    }
    rows = con.execute("""select covered_position, activity_industry_ids from fct_revolving_door
                          where lobbyist_id = ?""", [lobbyist_id]).fetchall()
    assert {position for position, _ in rows} == positions
    assert all("payday_lending" in industries for _, industries in rows)


def test_ld203_items_are_matched_to_figures_with_the_rule(con):
    rows = con.execute("""select figure_id, match_rule, concat(honoree_name, payee_name)
                          from fct_lobbyist_contributions where filing_uuid = ?""",
                       [SPECIAL_CASES["ld203_dws_lobbyist"]]).fetchall()
    named = [row for row in rows if "WASSERMAN" in (row[2] or "").upper()]
    assert named and all(fid == "debbie_wasserman_schultz" and "Wasserman Schultz" in rule
                         for fid, rule, _ in named)
    assert all(fid is None for fid, _, text in rows if "WASSERMAN" not in (text or "").upper())
    unmatched = con.execute("""select count(*) from fct_lobbyist_contributions
                               where figure_id is null and match_rule is not null""").fetchone()
    assert unmatched[0] == 0
    figures = {r[0] for r in con.execute(
        "select distinct figure_id from fct_lobbyist_contributions where figure_id is not null"
    ).fetchall()}
    assert {"debbie_wasserman_schultz", "bernie_sanders", "hillary_clinton"} <= figures


def test_every_lobbying_mart_and_column_is_documented(con):
    for table in LOBBYING_MARTS:
        comment = con.execute("""select comment from duckdb_tables()
                                 where schema_name = 'main' and table_name = ?""",
                              [table]).fetchone()[0]
        assert comment and len(comment) > 40, table
        undocumented = con.execute("""select column_name from duckdb_columns()
                                      where schema_name = 'main' and table_name = ?
                                      and (comment is null or length(comment) < 8)""",
                                   [table]).fetchall()
        assert undocumented == [], table


def test_money_trail_has_a_column_safe_to_sum(con):
    per_figure = con.execute("""
        with gifts as (
            select distinct figure_id, contribution_item_id from fct_lobbyist_money_trail
        )
        select gifts.figure_id, sum(contributions.amount)
        from gifts
        inner join fct_lobbyist_contributions as contributions
            using (contribution_item_id)
        group by gifts.figure_id""").fetchall()
    allocated = dict(con.execute("""select figure_id, sum(amount_allocated)
                                    from fct_lobbyist_money_trail group by figure_id""").fetchall())
    repeated = dict(con.execute("""select figure_id, sum(amount) from fct_lobbyist_money_trail
                                   group by figure_id""").fetchall())
    assert allocated == dict(per_figure)
    # The gifts to Wasserman Schultz: $9,500, where adding the repeated amount gives $16,500.
    assert (allocated["debbie_wasserman_schultz"], repeated["debbie_wasserman_schultz"]) == (
        Decimal("9500.00"), Decimal("16500.00"))
    # Split to the cent, and every gift's rows add up to exactly the gift.
    uneven = con.execute("""
        select contribution_item_id from fct_lobbyist_money_trail
        group by contribution_item_id
        having sum(amount_allocated) <> min(amount) or count(*) <> min(n_client_rows)
            or max(amount_allocated) - min(amount_allocated) > 0.01""").fetchall()
    assert uneven == []
    comments = dict(con.execute("""select column_name, comment from duckdb_columns()
                                   where table_name = 'fct_lobbyist_money_trail'""").fetchall())
    assert "do not sum" in comments["amount"] and "Safe to sum" in comments["amount_allocated"]


def test_figure_profiles_group_clients_as_dim_lobbying_clients(built, con):
    settings, _ = built
    rows = con.execute("select figure_id, top_lobbying_clients from dim_figure_profiles"
                       ).fetchall()
    got = {}
    for figure_id, clients in rows:
        for client in clients:
            key = (figure_id, company_named(client["client_name"]))
            assert key not in got, f"{figure_id}: {client['client_name']!r} is listed twice"
            got[key] = client["dollars"]
        ids = [client["canonical_client_id"] for client in clients]
        assert len(ids) == len(set(ids))
    expected: dict = defaultdict(Decimal)
    for (figure_id, _year, company_id, *_codes), (*_kinds, dollars, _a, _b) in hand_worked_gifts(
            settings.lda_years).items():
        expected[(figure_id, company_id)] += dollars
    assert got == dict(expected)
    # Both spellings of Advance America (one per registrant) are one client of Wasserman Schultz.
    advance_america = company(SPECIAL_CASES["advance_america_client_ids"][0])
    assert got[("debbie_wasserman_schultz", advance_america)] == Decimal("6000.00")


def test_industry_has_one_name_and_one_meaning_across_marts(con):
    columns = con.execute("""select table_name, column_name, data_type from duckdb_columns()
                             where schema_name = 'main' and column_name like '%industry_id%'
                             """).fetchall()
    by_name: dict = defaultdict(set)
    for table, column, data_type in columns:
        by_name[column].add(data_type)
        assert column in ("industry_id", "client_industry_id", "giver_industry_id",
                          "activity_industry_ids"), (table, column)
    assert by_name["industry_id"] == {"VARCHAR"}
    # a prefixed name is the same one-value code, of the client or the giving committee
    assert by_name["client_industry_id"] | by_name["giver_industry_id"] <= {"VARCHAR"}
    assert by_name["activity_industry_ids"] == {"VARCHAR[]"}
    lists = {table for table, column, _ in columns if column == "activity_industry_ids"}
    assert lists == {"fct_lobbying_filings", "fct_revolving_door"}
