"""Saved questions answer with numbers worked out independently, from the synthetic universes
the offline snapshot was recorded from (plain Python loops, not the SQL under test); every row
they cite is dated."""

import subprocess
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.common.settings import REPO_ROOT
from ingest.common.watchlist import load_watchlist
from ingest.desk.questions.ask import ask, load_questions
from tests.fakes.fec_universe import (
    DWS_COMMITTEE_ID,
    LOBBYIST_RECEIPT_TRUTH,
    SPECIAL_CASES,
    build_universe,
)
from tests.fakes.lda_universe import build_lda_universe

WATCHLIST = load_watchlist(REPO_ROOT / "watchlist.yml")
PAYDAY = next(i for i in WATCHLIST.industries if i.id == "payday_lending")


def _payday_coded(employer: str | None) -> bool:
    return any(p in (employer or "").upper() for p in PAYDAY.employer_patterns)


def hand_worked_payday_to_dws() -> dict:
    """(cycle, channel) -> [dollars, transactions, dollars also counted in another channel]."""
    totals: dict = defaultdict(lambda: [Decimal("0"), 0, Decimal("0")])
    fec = build_universe()
    for row in fec.schedule_a:
        if (row["committee_id"] == DWS_COMMITTEE_ID and row.get("memo_code") != "X"
                and row["sub_id"] != SPECIAL_CASES["amended_original"]
                and _payday_coded(row.get("contributor_employer"))):
            cell = totals[(row["two_year_transaction_period"], "employees")]
            cell[0] += Decimal(str(row["contribution_receipt_amount"]))
            cell[1] += 1
    for row in fec.schedule_b:
        if (row["committee_id"] in PAYDAY.pac_committee_ids
                and row.get("recipient_committee_id") == DWS_COMMITTEE_ID
                and row.get("memo_code") != "X"):
            cell = totals[(row["two_year_transaction_period"], "pacs")]
            cell[0] += Decimal(str(row["disbursement_amount"]))
            cell[1] += 1
    lda = build_lda_universe()
    terms = [t.strip('"').lower() for t in PAYDAY.lobbying_issue_terms]
    payday_lobbyists, payday_firms = set(), set()
    for filing in lda.filings:
        names = ((filing["client"] or {}).get("name", "") + " "
                 + (filing["registrant"] or {}).get("name", "")).upper()
        for activity in filing["lobbying_activities"]:
            coded = any(p in names for p in PAYDAY.organization_patterns) or (
                activity["general_issue_code"] in PAYDAY.lobbying_issue_codes
                and any(t in (activity["description"] or "").lower() for t in terms))
            if coded:
                payday_firms.add((filing["registrant"]["id"], filing["filing_year"]))
                for entry in activity["lobbyists"]:
                    payday_lobbyists.add((entry["lobbyist"]["id"], filing["filing_year"]))
    # The lobbyists' own FEC receipts, by who really gave them (the universe's truth).
    receipts = {row["sub_id"]: row for row in fec.schedule_a}
    lobbyist_receipts = [(lobbyist, receipts[sub_id])
                         for sub_id, lobbyist in LOBBYIST_RECEIPT_TRUTH.items() if lobbyist]
    ld203_gifts = []
    for report in lda.contributions:
        year, lobbyist = report["filing_year"], report.get("lobbyist")
        filer_lobbied = ((lobbyist["id"], year) in payday_lobbyists if lobbyist
                         else (report["registrant"]["id"], year) in payday_firms)
        for item in report["contribution_items"]:
            named = f"{item.get('honoree_name')} {item.get('payee_name')}".upper()
            if item["contribution_type"] == "feca" and "WASSERMAN SCHULTZ" in named:
                ld203_gifts.append((lobbyist and lobbyist["id"], item))
                if filer_lobbied:
                    same = [row for lob, row in lobbyist_receipts if lobbyist
                            and lob == lobbyist["id"] and row["committee_id"] == DWS_COMMITTEE_ID
                            and Decimal(str(row["contribution_receipt_amount"]))
                            == Decimal(item["amount"])
                            and abs((date.fromisoformat(row["contribution_receipt_date"][:10])
                                     - date.fromisoformat(item["date"])).days) <= 7]
                    cell = totals[(year + year % 2, "lobbyists")]
                    cell[0] += Decimal(item["amount"])
                    cell[1] += 1
                    if same and _payday_coded(same[0].get("contributor_employer")):
                        cell[2] += Decimal(item["amount"])
    for lobbyist, row in lobbyist_receipts:
        day = date.fromisoformat(row["contribution_receipt_date"][:10])
        amount = Decimal(str(row["contribution_receipt_amount"]))
        on_ld203 = any(lob == lobbyist and Decimal(item["amount"]) == amount
                       and abs((date.fromisoformat(item["date"]) - day).days) <= 7
                       for lob, item in ld203_gifts)
        if (row["committee_id"] == DWS_COMMITTEE_ID and (lobbyist, day.year) in payday_lobbyists
                and not on_ld203 and not _payday_coded(row.get("contributor_employer"))):
            cell = totals[(row["two_year_transaction_period"], "lobbyists")]
            cell[0] += amount
            cell[1] += 1
    return {key: tuple(value) for key, value in totals.items()}


def test_payday_money_to_wasserman_schultz_matches_the_hand_count(built):
    settings, _ = built
    columns, rows = ask("payday_to_wasserman_schultz", settings.warehouse_path)
    assert columns[:5] == ["cycle", "channel", "dollars", "n_transactions",
                           "dollars_also_in_other_channels"]
    got = {(cycle, channel): (dollars, n, overlap) for cycle, channel, dollars, n, overlap, _
           in rows}
    expected = hand_worked_payday_to_dws()
    assert got == expected
    assert {channel for _, channel in got} == {"employees", "pacs", "lobbyists"}
    # the linked lobbyist's FEC gift (2018) and the in-house lobbyist's overlap are both in it
    assert expected[(2018, "lobbyists")][1] >= 2 and expected[(2018, "lobbyists")][2] > 0


def test_every_saved_question_runs_and_is_documented(built):
    settings, _ = built
    questions = load_questions()
    assert len(questions) >= 6
    for name, question in questions.items():
        assert question.question.endswith("?") and question.caveats, name
        columns, rows = ask(name, settings.warehouse_path)
        assert columns and rows, name


def test_ask_command_prints_the_answer_with_its_caveats(built):
    settings, _ = built
    influence = str(Path(sys.executable).with_name("influence"))
    out = subprocess.run([influence, "ask", "payday_revolving_door", "--db",
                          str(settings.warehouse_path)], capture_output=True, text=True,
                         check=True).stdout
    assert "revolving door" in out and "Caveats:" in out and "covered_position" in out


def test_a_question_file_without_its_header_is_refused(tmp_path):
    (tmp_path / "bad.sql").write_text("-- question: Why?\nselect 1\n")
    with pytest.raises(ValueError, match="bad.sql: missing header line"):
        load_questions(tmp_path)


def test_figure_profile_leads_with_the_hand_counted_industry(built):
    import duckdb

    settings, _ = built
    expected = sum(dollars - overlap for dollars, _, overlap in hand_worked_payday_to_dws().values())
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        top, clients, issues = con.execute("""
            select top_industries, top_lobbying_clients, issues_lobbied
            from dim_figure_profiles where figure_id = 'debbie_wasserman_schultz'""").fetchone()
        undocumented = con.execute("""
            select table_name, column_name from duckdb_columns()
            where schema_name = 'main' and table_name in
                ('dim_figure_profiles', 'fct_industry_money_items', 'fct_client_money_items',
                 'fct_industry_money_to_figures', 'fct_lobbyist_money_trail')
            and (comment is null or length(comment) < 8)""").fetchall()
    finally:
        con.close()
    assert top[0] == {"industry_id": "payday_lending", "dollars": expected}
    assert clients and all(c["dollars"] > 0 for c in clients)
    assert set(issues) <= {"BAN", "CSP", "FIN", "BNK", "TAX", "HOU"} and issues
    assert undocumented == []


CITED_ROW_MARTS = ("fct_industry_money_items", "fct_client_money_items", "fct_lobbyist_money_trail")


def test_every_cited_row_of_the_payday_answer_has_its_date(built):
    import duckdb

    settings, _ = built
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        rows = con.execute("""
            select citation_id, source, transaction_date, transaction_date_basis
            from fct_industry_money_items
            where industry_id = 'payday_lending' and figure_id = 'debbie_wasserman_schultz'
            """).fetchall()
        undated = {table: con.execute(f"select count(*) from {table} "
                                      "where transaction_date is null").fetchone()[0]
                   for table in CITED_ROW_MARTS}
    finally:
        con.close()
    assert len(rows) == sum(n for _, n, _ in hand_worked_payday_to_dws().values())
    assert undated == dict.fromkeys(CITED_ROW_MARTS, 0)
    universe = build_universe()
    fec = {row["sub_id"]: row.get("contribution_receipt_date", row.get("disbursement_date"))
           for row in universe.schedule_a + universe.schedule_b}
    lda = {f"{report['filing_uuid']}:{number}": item
           for report in build_lda_universe().contributions
           for number, item in enumerate(report["contribution_items"], start=1)}
    by_filing = []
    for citation_id, source, day, basis in rows:
        given = (lda[citation_id]["date"] if source == "LD-203"
                 else (fec[citation_id] or "")[:10] or None)
        if given:
            assert (day.isoformat(), basis) == (given, "transaction"), citation_id
        else:
            by_filing.append((citation_id, day, basis))
    # The undated receipts are the ones DWS reported on her Q3 2016 report, which the FEC
    # received on 15 October 2016 (tests/fakes/fec_universe.py, _build_dws_2016).
    assert by_filing and {(day, basis) for _, day, basis in by_filing} == {
        (date(2016, 10, 15), "filing")}
    assert {citation_id for citation_id, _, _ in by_filing} <= set(
        SPECIAL_CASES["keyset_null_dates"])


def test_every_cited_row_mart_tests_its_date_for_nulls():
    import yaml

    models = yaml.safe_load((REPO_ROOT / "dbt_project/models/marts/_answers__models.yml")
                            .read_text(encoding="utf-8"))["models"]
    for model in models:
        if model["name"] in CITED_ROW_MARTS:
            [column] = [c for c in model["columns"] if c["name"] == "transaction_date"]
            assert "not_null" in column["data_tests"], model["name"]
