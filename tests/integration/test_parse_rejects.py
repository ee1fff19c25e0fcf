"""Values in the formats real files use parse; the rest are rejects that stop the gate.

Planted in the raw tables of a built warehouse, then the real `dbt build` and gate run on it.
"""

from decimal import Decimal

import duckdb
import pytest

from ingest import pipeline
from ingest.gate.checks import GateFailed, run_gate

PARSE_CHECK = "audit.parse_rejects (rows that count toward a total)"


def sql(settings, query: str, params=None, *, write=False):
    con = duckdb.connect(str(settings.warehouse_path), read_only=not write)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def patch(settings, table: str, key: str, fields: str) -> None:
    # Stamped as a load stamps what it writes: the itemized schedules' staging is incremental and
    # reads the raw rows loaded since the last build.
    sql(settings, f"update {table} set record = json_merge_patch(record, ?::json), "
                  "loaded_at = now() where record_key = ?", [fields, key], write=True)


@pytest.fixture(scope="module")
def planted(built, tmp_path_factory):
    """A copy of the built warehouse with odd values planted in counted and memo rows."""
    import shutil
    from dataclasses import replace

    settings, _ = built
    data = tmp_path_factory.mktemp("planted")
    shutil.copyfile(settings.warehouse_path, data / "warehouse.duckdb")
    settings = replace(settings, data_dir=data)
    # counted rows outside the figures' committees, so the reconciliation with FEC totals holds
    counted = [row[0] for row in sql(settings, """
        select sub_id from main.fct_contributions
        where counts_toward_total and figure_id is null and amount > 0
        order by sub_id limit 4""")]
    [memo] = sql(settings, """select sub_id from main.fct_contributions
                              where is_memo order by sub_id limit 1""")[0]
    [filing] = sql(settings, """select filing_uuid from main.fct_lobbying_filings
                                where is_current_version and income is not null
                                order by filing_uuid limit 1""")[0]
    [report] = sql(settings, """select filing_uuid from main.fct_lobbyist_contributions
                                where is_current_version order by contribution_item_id limit 1""")[0]
    cases = {
        "comma": counted[0], "us_date": counted[1], "huge": counted[2], "nan": counted[3],
        "memo": memo, "filing": filing, "report": report,
    }
    patch(settings, "raw_fec.schedule_a", cases["comma"],
          '{"contribution_receipt_amount": "1,000.00"}')
    patch(settings, "raw_fec.schedule_a", cases["us_date"],
          '{"contribution_receipt_date": "03/15/2016", "two_year_transaction_period": null}')
    patch(settings, "raw_fec.schedule_a", cases["huge"], '{"contribution_receipt_amount": 1e20}')
    patch(settings, "raw_fec.schedule_a", cases["nan"], '{"contribution_receipt_amount": "NaN"}')
    patch(settings, "raw_fec.schedule_a", cases["memo"],
          '{"contribution_receipt_amount": "see memo"}')
    patch(settings, "raw_lda.filings", cases["filing"], '{"income": "30,000.00"}')
    sql(settings, """
        update raw_lda.contributions
        set record = json_merge_patch(record, json_object('contribution_items', [
            json_merge_patch(record -> 'contribution_items' -> 0,
                             '{"amount": "$1,000", "date": "13/45/2016"}')]))
        where record_key = ?""", [cases["report"]], write=True)
    transformed = pipeline.transform_step(settings)
    pipeline.answers_step(settings)
    return settings, cases, transformed


def test_values_in_real_formats_parse(planted):
    settings, cases, _ = planted
    amount = dict(sql(settings, "select sub_id, amount from main.fct_contributions "
                                "where sub_id = ?", [cases["comma"]]))
    assert amount[cases["comma"]] == Decimal("1000.00")
    [(date, cycle)] = sql(settings, "select contribution_date::varchar, cycle "
                                    "from main.fct_contributions where sub_id = ?",
                          [cases["us_date"]])
    assert date == "2016-03-15" and cycle == 2016  # cycle derived from the date, as OpenFEC does
    [(income,)] = sql(settings, "select income from main.fct_lobbying_filings "
                                "where filing_uuid = ?", [cases["filing"]])
    assert income == Decimal("30000.00")
    [(item_amount,)] = sql(settings, "select amount from main.fct_lobbyist_contributions "
                                     "where contribution_item_id = ?", [cases["report"] + ":1"])
    assert item_amount == Decimal("1000.00")


def test_values_that_do_not_parse_are_listed_with_their_reason(planted):
    settings, cases, transformed = planted
    rejects = sql(settings, """
        select source_table, row_key, column_name, raw_value, reason, counts_toward_total,
               source_file is not null
        from audit.parse_rejects order by source_table, row_key""")
    assert sorted(rejects) == sorted([
        ("raw_fec.schedule_a", cases["huge"], "amount", "100000000000000000000.0",
         "out of range for decimal(14, 2)", True, True),
        ("raw_fec.schedule_a", cases["nan"], "amount", "NaN", "not a number", True, True),
        ("raw_fec.schedule_a", cases["memo"], "amount", "see memo", "not a number", False, True),
        ("raw_lda.contributions", cases["report"] + ":1", "contribution_date", "13/45/2016",
         "not a date", True, True),
    ])
    # The rows are kept (amount NULL), not dropped, and still count: the gate must see them.
    kept = sql(settings, "select sub_id, amount, counts_toward_total from main.fct_contributions "
                         "where sub_id in (?, ?)", [cases["huge"], cases["nan"]])
    assert sorted(kept) == sorted([(cases["huge"], None, True), (cases["nan"], None, True)])
    assert transformed["parse_rejects"] == {
        "raw_fec.schedule_a amount: not a number": {"rows": 2, "on_counted_rows": 1},
        "raw_fec.schedule_a amount: out of range for decimal(14, 2)":
            {"rows": 1, "on_counted_rows": 1},
        "raw_lda.contributions contribution_date: not a date": {"rows": 1, "on_counted_rows": 1},
    }


def test_gate_stops_on_counted_rows_that_did_not_parse_and_names_them(planted):
    settings, cases, _ = planted
    with pytest.raises(GateFailed) as excinfo:
        run_gate(settings.warehouse_path, state_dir=settings.state_dir)
    by_table = {f["table"]: f for f in excinfo.value.failures}
    failure = by_table[PARSE_CHECK]
    named = {(row["source_table"], row["row_key"]) for row in failure["rows"]}
    assert named == {("raw_fec.schedule_a", cases["huge"]), ("raw_fec.schedule_a", cases["nan"]),
                     ("raw_lda.contributions", cases["report"] + ":1")}
    # the memo row's reject is listed but does not stop the gate
    assert ("raw_fec.schedule_a", cases["memo"]) not in named
    counted = by_table["fct_contributions (counted rows have an amount)"]
    assert {row["sub_id"] for row in counted["rows"]} == {cases["huge"], cases["nan"]}
    assert cases["huge"] in str(excinfo.value)
