"""The FEC's real 2020 bulk excerpt (bundled in ingest/snapshot/bulk/) through fetch, load, dbt,
link, the gate: the same marts as the API rows, money for every recipient, and the saved
questions with parameters. Every expected number is computed here from the zipped lines in plain
Python, by the counting rules as the README states them."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest import pipeline
from ingest.common.fec_bulk_files import COLUMNS
from ingest.common.settings import PACKAGE_DIR, REPO_ROOT
from ingest.desk.questions.ask import ask
from ingest.gate.checks import GateFailed, run_gate

pytestmark = pytest.mark.integration
BULK = PACKAGE_DIR / "snapshot" / "bulk" / "2020"
DNC, DWS, OLA_PAC = "C00010603", "C00385773", "C00427781"


def lines(zip_name: str, member: str, name: str) -> list[dict]:
    """The rows of one bundled bulk file, as the FEC wrote them."""
    with zipfile.ZipFile(BULK / zip_name) as archive:
        text = io.TextIOWrapper(archive.open(member), encoding="latin-1")
        return [dict(zip(COLUMNS[name], line.rstrip("\n").split("|"), strict=True))
                for line in text]


def cycle_of(mmddyyyy: str) -> int:
    year = int(mmddyyyy[4:])
    return year + year % 2


def counted(rows: list[dict]) -> list[dict]:
    """Memo rows out; a row out when a later filing (not new) of the same report (type and
    the date's year) re-reports its transaction ID."""
    latest: dict[tuple, int] = {}
    for row in rows:
        if row["AMNDT_IND"] != "N" and row["TRAN_ID"]:
            key = (row["CMTE_ID"], row["RPT_TP"], row["TRANSACTION_DT"][4:], row["TRAN_ID"])
            latest[key] = max(latest.get(key, 0), int(row["FILE_NUM"]))
    return [row for row in rows if row["MEMO_CD"] != "X" and latest.get(
        (row["CMTE_ID"], row["RPT_TP"], row["TRANSACTION_DT"][4:], row["TRAN_ID"]), 0)
        <= int(row["FILE_NUM"])]


def signed(row: dict) -> Decimal:
    amount = Decimal(row["TRANSACTION_AMT"])
    return -amount if row["TRANSACTION_TP"].startswith("22") else amount


@pytest.fixture(scope="module")
def bulk_built(built, tmp_path_factory):
    settings, _ = built
    data = tmp_path_factory.mktemp("bulk")
    shutil.copyfile(settings.warehouse_path, data / "warehouse.duckdb")
    shutil.copytree(settings.state_dir, data / "state")
    settings = replace(settings, data_dir=data)
    fetched = [pipeline.bulk_fetch_step(settings, name) for name in settings.bulk_files]
    loaded = pipeline.bulk_load_step(settings)
    pipeline.transform_step(settings)
    pipeline.link_step(settings)
    pipeline.answers_step(settings)
    return settings, fetched, loaded


def sql(settings, query: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def test_bulk_rows_join_the_api_rows_in_one_set_of_marts(bulk_built):
    settings, _, _ = bulk_built
    indiv = lines("indiv20.zip", "itcont.txt", "indiv")
    by_source = dict(sql(settings, "select source, count(*) from main.fct_contributions "
                                   "group by source"))
    assert by_source["bulk"] == len({row["SUB_ID"] for row in indiv}) == 35336
    assert by_source["api"] > 0
    # The DNC's real 2020 individual contributions, counted by the README's rules.
    expected = sum(signed(row) for row in counted(
        [r for r in indiv if r["CMTE_ID"] == DNC and cycle_of(r["TRANSACTION_DT"]) == 2020])
        if row["TRANSACTION_TP"] in ("15", "15E", "22Y"))
    [(itemized,)] = sql(settings, """select itemized_individual_receipts
                                     from main.fct_figure_cycle_summary
                                     where figure_id = 'dnc' and cycle = 2020""")
    assert itemized == expected == Decimal("705010")


def test_committee_gifts_to_a_figure_as_the_givers_reported_them(bulk_built):
    settings, _, _ = bulk_built
    pas2 = lines("pas220.zip", "itpas2.txt", "pas2")
    oth = lines("oth20.zip", "itoth.txt", "oth")
    gifts = {row["SUB_ID"]: row for row in oth + pas2
             if row["OTHER_ID"] == DWS and row["TRANSACTION_TP"] in ("24K", "24Z")
             and row["MEMO_CD"] != "X"}
    expected = sum(Decimal(row["TRANSACTION_AMT"]) for row in gifts.values())
    [(received, n)] = sql(settings, """select committee_gifts_received, n_committee_gifts
                                       from main.fct_figure_cycle_summary
                                       where figure_id = 'debbie_wasserman_schultz'
                                         and cycle = 2020""")
    assert (received, n) == (expected, len(gifts)) == (Decimal("4500"), 2)  # one voided check


def payday_patterns() -> tuple[list[str], list[str], list[str]]:
    watchlist = yaml.safe_load((REPO_ROOT / "watchlist.yml").read_text())
    [payday] = [i for i in watchlist["industries"] if i["id"] == "payday_lending"]
    return payday["employer_patterns"], payday["organization_patterns"], \
        payday["pac_committee_ids"]


def test_an_industrys_money_to_every_recipient(bulk_built):
    settings, _, _ = bulk_built
    employer_patterns, org_patterns, pac_ids = payday_patterns()
    own = set(pac_ids) | {row["CMTE_ID"] for row in lines("cm20.zip", "cm.txt", "cm")
                          if any(p in (row["CONNECTED_ORG_NM"] or "").upper()
                                 or p in row["CMTE_NM"].upper() for p in org_patterns)}
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for row in counted(lines("indiv20.zip", "itcont.txt", "indiv")):
        if (cycle_of(row["TRANSACTION_DT"]) == 2020 and row["CMTE_ID"] not in own
                and any(p in row["EMPLOYER"].upper() for p in employer_patterns)):
            expected[row["CMTE_ID"]] += signed(row)
    got = dict(sql(settings, """
        select recipient_committee_id, sum(amount) from main.fct_industry_recipient_items
        where industry_id = 'payday_lending' and cycle = 2020 and channel = 'employees'
        group by all"""))
    assert got == dict(expected) and len(got) >= 1
    # The payday committees' real gifts (itpas2 and itoth, one row per SUB_ID, as the giver filed
    # them) to committees outside the industry.
    gifts = {row["SUB_ID"]: row
             for row in lines("oth20.zip", "itoth.txt", "oth") + lines("pas220.zip", "itpas2.txt",
                                                                         "pas2")
             if row["CMTE_ID"] in own and row["TRANSACTION_TP"] in ("24K", "24Z")
             and row["MEMO_CD"] != "X" and row["OTHER_ID"] not in own
             and cycle_of(row["TRANSACTION_DT"]) == 2020}
    by_recipient: dict[str, Decimal] = defaultdict(Decimal)
    for row in gifts.values():
        by_recipient[row["OTHER_ID"]] += Decimal(row["TRANSACTION_AMT"])
    got_pacs = dict(sql(settings, """
        select recipient_committee_id, sum(amount) from main.fct_industry_recipient_items
        where channel = 'pacs' and industry_id = 'payday_lending' and cycle = 2020
        group by all"""))
    assert got_pacs == dict(by_recipient) and len(got_pacs) >= 1
    # The OLA payday PAC's gift carries the candidate the FEC's linkage names for its recipient.
    [ola] = [r for r in lines("pas220.zip", "itpas2.txt", "pas2") if r["CMTE_ID"] == OLA_PAC]
    linked = {r["CAND_ID"] for r in lines("ccl20.zip", "ccl.txt", "ccl")
              if r["CMTE_ID"] == ola["OTHER_ID"]}
    rows = sql(settings, """select recipient_candidate_id, amount
                            from main.fct_industry_recipient_items
                            where channel = 'pacs' and citation_id = ?""", [ola["SUB_ID"]])
    assert rows == [(ola["CAND_ID"], Decimal(ola["TRANSACTION_AMT"]))]
    assert ola["CAND_ID"] in linked


def test_saved_questions_take_parameters(bulk_built):
    settings, _, _ = bulk_built
    columns, rows = ask("top_recipients_of_industry", settings.warehouse_path,
                        {"industry": "payday_lending", "cycle": "2020"})
    totals = sql(settings, """select recipient_id, sum(amount) from main.fct_industry_recipient_totals
                              where industry_id = 'payday_lending' and cycle = 2020
                              group by all order by 2 desc, 1""")
    assert [(row[columns.index("recipient_id")], row[columns.index("dollars")])
            for row in rows] == totals
    _, by_name = ask("top_industries_for_candidate", settings.warehouse_path,
                     {"candidate": "wasserman"})
    _, by_id = ask("top_industries_for_candidate", settings.warehouse_path,
                   {"candidate": "H4FL20023"})
    assert by_name == by_id and {row[1] for row in by_id} == {"H4FL20023"}
    with pytest.raises(ValueError, match="takes no parameter cand"):
        ask("top_industries_for_candidate", settings.warehouse_path, {"cand": "x"})


def test_gate_passes_and_catches_a_recipient_total_off_its_rows(bulk_built, tmp_path):
    settings, _, _ = bulk_built
    assert run_gate(settings.warehouse_path).success
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(settings.warehouse_path, copy)
    con = duckdb.connect(str(copy))
    [(recipient,)] = con.execute("""
        select recipient_id from main.fct_industry_recipient_totals
        where industry_id = 'payday_lending' and cycle = 2020
        order by amount desc, recipient_id limit 1""").fetchall()
    con.execute("""update main.fct_industry_recipient_totals set amount = amount + 100
                   where recipient_id = ? and industry_id = 'payday_lending'""", [recipient])
    con.close()
    with pytest.raises(GateFailed) as excinfo:
        run_gate(copy)
    [failure] = [f for f in excinfo.value.failures if f["table"] == "fct_industry_recipient_totals"]
    assert {row["recipient_id"] for row in failure["rows"]} == {recipient}


def test_published_file_says_the_bulk_money_is_real(bulk_built):
    settings, _, loaded = bulk_built
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)
    con = duckdb.connect(str(settings.published_path), read_only=True)
    about = dict(con.execute("select key, value from main.about_this_file").fetchall())
    con.close()
    assert "REAL FEC bulk data, 2020 cycle, as of 2019-03-22" in about["note"]
    assert "every other line" in about["note"]
    assert about["note"].startswith("SAMPLE DATA")  # the snapshot's invented API rows are there too
    assert Path(settings.published_path).exists()
