"""The README's SQL examples run on the built snapshot and compute what their titles say: the
payday example and the lobbyist-trail total are checked against counts worked out by hand from the
synthetic universes, not against the SQL under test."""

import re
from collections import defaultdict
from decimal import Decimal

import duckdb
import pytest

from ingest.common.settings import REPO_ROOT
from tests.integration.test_questions import hand_worked_payday_to_dws
from tests.integration.test_saved_answers import (
    _filer_work,
    _lobbying_work,
    current_reports,
    item_figure,
)


def readme_examples() -> dict[str, str]:
    """Title (the first comment line) -> SQL, for every statement in the README's sql blocks."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    examples = {}
    for block in re.findall(r"```sql\n(.*?)```", text, re.S):
        for statement in filter(None, (part.strip() for part in block.split(";"))):
            title = statement.splitlines()[0]
            assert title.startswith("-- "), f"README example without a title: {statement[:60]}"
            examples[title[3:]] = statement
    return examples


EXAMPLES = readme_examples()


@pytest.fixture(scope="module")
def con(built):
    settings, _ = built
    connection = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield connection
    connection.close()


def example(title_start: str) -> str:
    [sql] = [sql for title, sql in EXAMPLES.items() if title.startswith(title_start)]
    return sql


@pytest.mark.parametrize("title", sorted(EXAMPLES))
def test_every_readme_example_runs_and_answers(con, title):
    rows = con.execute(EXAMPLES[title]).fetchall()
    assert rows, title


def test_the_payday_example_counts_payday_money_only(con):
    cursor = con.execute(example("How much did payday-lending employees and PACs give"))
    assert [column[0] for column in cursor.description] == [
        "cycle", "employees_dollars", "pacs_dollars"]
    got = {cycle: (employees, pacs) for cycle, employees, pacs in cursor.fetchall()}
    hand = hand_worked_payday_to_dws()
    cycles = {cycle for cycle, channel in hand if channel in ("employees", "pacs")}
    expected = {cycle: tuple(hand.get((cycle, channel), (Decimal("0"),))[0]
                             for channel in ("employees", "pacs")) for cycle in cycles}
    assert got == expected
    # DWS also gets Wall Street money, which the example must leave out.
    all_industries = dict(con.execute("""
        select cycle, all_industries_employee_receipts + all_industries_pac_contributions
        from fct_figure_cycle_summary where figure_id = 'debbie_wasserman_schultz'""").fetchall())
    assert any(all_industries[cycle] > sum(dollars) for cycle, dollars in got.items())


def test_the_gifts_behind_it_add_up_to_it(con):
    totals = con.execute(example("How much did payday-lending employees and PACs give")).fetchall()
    gifts = con.execute(example("The individual gifts behind it")).fetchall()
    by_cycle: dict = defaultdict(Decimal)
    for cycle, _channel, day, *_rest, amount, url in gifts:
        by_cycle[cycle] += amount
        assert day is not None and url
    assert dict(by_cycle) == {cycle: employees + pacs for cycle, employees, pacs in totals}


def test_the_lobbyist_trail_example_counts_each_gift_once(built, con):
    settings, _ = built
    by_lobbyist, by_registrant = _lobbying_work(settings.lda_years)
    expected: dict = defaultdict(lambda: [0, Decimal("0")])
    for report in current_reports(settings.lda_years):
        if not _filer_work(report, by_lobbyist, by_registrant):
            continue
        for item in report["contribution_items"]:
            figure_id = item_figure(item)
            if figure_id:
                expected[figure_id][0] += 1
                expected[figure_id][1] += Decimal(item["amount"] or "0")
    rows = con.execute(example("LD-203 gifts to each figure by people who lobbied")).fetchall()
    assert {figure: [gifts, dollars] for figure, gifts, dollars in rows} == dict(expected)
    assert expected["debbie_wasserman_schultz"] == [4, Decimal("9500.00")]
