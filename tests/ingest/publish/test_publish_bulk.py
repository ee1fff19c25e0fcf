"""`about_this_file` counts the bulk rows by origin, lists the bulk files with their as-of dates, and
says they are REAL, also beside the snapshot's SAMPLE records; the report repeats it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pytest

from ingest.landing.zone import land_response
from ingest.load.bulk import ensure_schema
from ingest.load.responses import load_landing
from ingest.publish.release import provenance_facts
from ingest.publish.report import report
from tests.ingest.sources.fec_bulk.helpers import cm_line, fetch_and_load, indiv_line, put_zip


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def bulk(tmp_path, con):
    base = tmp_path / "fec"
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2) + indiv_line(3))
    put_zip(base, 2020, "cm", cm_line("C00000001"))
    put_zip(base, 2016, "cm", cm_line("C00000016") + cm_line("C00000017"))
    (base / "bulk_manifest.json").write_text(json.dumps(
        {"as_of": "2019-03-22", "note": "An excerpt: every other line.",
         "files": {"2016/cm16.zip": {"as_of": "2015-09-19"}}}))
    bulk_dir = tmp_path / "data" / "bulk"
    fetch_and_load(con, base, bulk_dir, "indiv")
    fetch_and_load(con, base, bulk_dir, "cm", cycles=(2016, 2020))
    return con


def snapshot_page(landing, *sub_ids):
    body = json.dumps({"results": [{"sub_id": s, "contribution_receipt_amount": 10.0}
                                   for s in sub_ids], "pagination": {"count": len(sub_ids)}})
    land_response(landing, source="fec", kind="schedule_a", query_dir="snapshot", page=1,
                  body=body.encode(), request_path="/schedules/schedule_a/", params={},
                  status=200, fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
                  base_url="offline-snapshot")


def test_bulk_rows_are_counted_listed_and_called_real(bulk):
    facts = provenance_facts(bulk)

    assert json.loads(facts["records_by_origin"]) == {"fec_bulk": {"bulk-files": 6}}
    assert facts["bulk_files"] == (
        "FEC bulk files, cycle 2020: indiv (3 rows, as of 2019-03-22), cm (1 row, as of "
        "2019-03-22); cycle 2016: cm (2 rows, as of 2015-09-19)")
    assert facts["contains_sample_data"] == "no"
    assert "SAMPLE" not in facts["note"]
    assert ("REAL FEC bulk data, 2020 cycle, as of 2019-03-22; 2016 cycle, as of 2015-09-19: "
            "6 records in raw_fec_bulk") in facts["note"]
    assert facts["note"].endswith("not sample data. An excerpt: every other line.")
    assert "FEC bulk files (fec.gov/files/bulk-downloads): 6 records from the FEC's bulk data " \
           "files" in facts["sources"]


def test_real_bulk_data_beside_the_snapshots_sample_records(bulk, tmp_path):
    landing = tmp_path / "landing"
    snapshot_page(landing, "1", "2")
    load_landing(bulk, landing, tmp_path / "quarantine", source="fec")

    facts = provenance_facts(bulk)

    assert facts["contains_sample_data"] == "yes"
    assert facts["note"].startswith("SAMPLE DATA: built from the offline snapshot")
    assert "It holds 2 records from the offline snapshot." in facts["note"]
    assert "REAL FEC bulk data, 2020 cycle, as of 2019-03-22" in facts["note"]
    assert json.loads(facts["records_by_origin"]) == {
        "fec": {"offline-snapshot": 2}, "fec_bulk": {"bulk-files": 6}}


def test_empty_bulk_tables_say_nothing(con):
    ensure_schema(con)
    facts = provenance_facts(con)
    assert "bulk_files" not in facts and "REAL" not in facts["note"]
    assert json.loads(facts["records_by_origin"]) == {}


def test_the_report_shows_the_bulk_files(bulk, tmp_path):
    facts = provenance_facts(bulk)
    bulk.execute("create table main.about_this_file (key varchar, value varchar)")
    bulk.executemany("insert into main.about_this_file values (?, ?)",
                     [*facts.items(), ("published_at", "2026-11-30"), ("cycles", "2016")])
    bulk.execute("""create table main.fct_figure_cycle_summary (figure_id varchar, cycle int,
        n_contributions int, itemized_individual_receipts double,
        fec_individual_itemized_contributions double, reconciliation_difference double)""")
    bulk.execute("checkpoint")
    path = tmp_path / "published.duckdb"
    bulk.execute(f"attach '{path}' as published")
    bulk.execute("copy from database warehouse to published")
    bulk.execute("detach published")

    text = report(path)

    assert "REAL FEC bulk files, cycle 2020: indiv (3 rows, as of 2019-03-22)" in text
