"""The desk's pieces without a warehouse: the answer table never cuts a value, names suggest the
closest, the chart carries its numbers, the DAGs build the site after publishing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.desk.export import About, suggest
from ingest.desk.questions.ask import format_table
from ingest.desk.site.charts import Bar, bar_chart, dollars, nice_ticks

URL = "https://lda.gov/filings/public/filing/a2d958d7-18d4-5c2b-9e36-50c385c438e4/print/"
POSITION = ("Former Deputy Director, Office of Supervision Policy, Consumer Financial "
            "Protection Bureau")


def test_a_narrow_table_wraps_text_and_keeps_links_whole():
    rows = [("SUSAN OKAFOR", POSITION, 2015, URL)] + [(f"NAME {i}", "x", 2016, None)
                                                      for i in range(60)]
    text = format_table(["lobbyist_name", "covered_position", "first_year", "filing"], rows,
                        width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines[:-1] if "https://" not in line) <= 60
    assert f"    filing: {URL}" in lines  # the link on a line of its own, whole
    assert " ".join(" ".join(lines).split()).count("Consumer Financial Protection") == 1
    assert lines[-1].startswith("... 11 more rows")
    wide = format_table(["lobbyist_name", "filing"], [("A", URL)], width=200)
    assert URL in wide.splitlines()[2]  # room enough: the link stays in its column
    assert "more rows" not in format_table(["a"], [(i,) for i in range(60)], limit=None)


def test_unknown_names_suggest_the_closest():
    assert "did you mean payday_to_wasserman_schultz?" in str(
        suggest("payday_to_wasserman", ["payday_to_wasserman_schultz", "reconciliation"],
                "saved question"))
    assert "one of: a, b" in str(suggest("zzz", ["a", "b"], "table"))


def test_the_banner_says_sample_and_names_the_real_bulk_data():
    about = About({"contains_sample_data": "yes", "published_at": "2026-01-02T03:04:05+00:00",
                   "note": "SAMPLE DATA: ... REAL FEC bulk data, 2020 cycle, as of 2019-03-22: "
                           "116,713 records"})
    assert about.is_sample and about.real_bulk == "2020 cycle, as of 2019-03-22"
    assert about.banner.startswith("SAMPLE DATA") and "2026-01-02" in about.banner
    real = About({"contains_sample_data": "no", "note": "Built from 12 records from the live API."})
    assert not real.is_sample and real.banner.startswith("Real data.")


def test_money_and_ticks():
    assert dollars(Decimal("1234.50")) == "$1,234.50"
    assert dollars(Decimal("-250.00")) == "-$250"
    assert dollars(Decimal("246250"), short=True) == "$246.2k"
    assert dollars(Decimal("3000000"), short=True) == "$3M"
    assert nice_ticks(246250) == [0, 100000, 200000, 300000]


def test_a_chart_carries_each_value_and_links_to_its_rows():
    svg = bar_chart([(2016, [Bar("Employees", Decimal("12450.00"), "rows/x.html"),
                             Bar("PACs", Decimal("-500.00"), None)])],
                    title="t", series=["Employees", "PACs"], chart_id="c")
    assert 'data-value="12450.00"' in svg and '<a href="rows/x.html">' in svg
    assert 'data-value="-500.00"' in svg and "$12.4k" in svg
    assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    from ingest.common.settings import REPO_ROOT

    return DagBag(dag_folder=str(REPO_ROOT / "dags"))


def test_every_dag_builds_the_site_after_publishing(dagbag):
    for dag_id in ("influence_fec", "influence_lda", "influence_fec_bulk"):
        dag = dagbag.dags[dag_id]
        site = dag.get_task("site")
        assert site.upstream_task_ids == {"publish"}, dag_id
        assert site.downstream_task_ids == set(), dag_id
        assert site.pool != "duckdb_writer", dag_id  # it only reads the published file
