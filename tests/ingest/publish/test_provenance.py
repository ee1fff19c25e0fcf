"""`about_this_file` says which origins the published records came from, with counts; the SAMPLE
note appears exactly when records from the offline snapshot are in the file."""

import json
from datetime import UTC, datetime

import duckdb
import pytest

from ingest.landing.zone import land_response
from ingest.load.responses import load_landing
from ingest.publish.release import provenance_facts


def page(*sub_ids):
    return json.dumps({"results": [{"sub_id": s, "contribution_receipt_amount": 10.0}
                                   for s in sub_ids], "pagination": {"count": len(sub_ids)}})


def filings(*uuids):
    return json.dumps({"count": len(uuids), "next": None, "results": [
        {"filing_uuid": u, "income": "10.00"} for u in uuids]})


@pytest.fixture
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield con, tmp_path / "landing"
    con.close()


def land(landing, body, *, base_url, query, source="fec", kind="schedule_a",
         path="/schedules/schedule_a/"):
    land_response(landing, source=source, kind=kind, query_dir=query, page=1, body=body.encode(),
                  request_path=path, params={}, status=200,
                  fetched_at=datetime(2026, 11, 1, tzinfo=UTC), base_url=base_url)


def drop(landing, rel, body):
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)


def load(con, landing, tmp_path=None):
    for source in ("fec", "lda"):
        load_landing(con, landing, landing.parent / "quarantine", source=source)
    return provenance_facts(con)


def test_snapshot_records_bring_the_sample_note_with_counts_per_origin(warehouse):
    con, landing = warehouse
    land(landing, page("1", "2", "3"), base_url="offline-snapshot", query="snapshot")
    land(landing, page("4"), base_url="https://api.open.fec.gov/v1", query="live")
    land(landing, filings("u1", "u2"), base_url="offline-snapshot", query="snapshot",
         source="lda", kind="filings", path="/filings/")

    facts = load(con, landing)

    assert facts["contains_sample_data"] == "yes"
    assert facts["note"].startswith("SAMPLE DATA: built from the offline snapshot")
    assert "It holds 5 records from the offline snapshot." in facts["note"]
    assert json.loads(facts["records_by_origin"]) == {
        "fec": {"offline-snapshot": 3, "live-api": 1}, "lda": {"offline-snapshot": 2}}
    assert facts["sources"] == (
        "OpenFEC (api.open.fec.gov): 1 record from the live API "
        "(https://api.open.fec.gov/v1), 3 records from the offline snapshot bundled with the "
        "project (sample data); Lobbying Disclosure (lda.gov): 2 records from the offline "
        "snapshot bundled with the project (sample data). Public records.")


def test_live_and_hand_dropped_records_never_say_sample(warehouse):
    con, landing = warehouse
    land(landing, page("1", "2"), base_url="https://api.open.fec.gov/v1", query="live")
    drop(landing, "fec/schedule_a/by-hand/page.json", page("3"))
    drop(landing, "lda/filings/by-hand/page.json", filings("u1"))

    facts = load(con, landing)

    assert facts["contains_sample_data"] == "no"
    assert not any("SAMPLE" in value.upper() for value in facts.values())
    assert facts["note"] == (
        "Built from OpenFEC (api.open.fec.gov): 1 record from response files dropped into the "
        "landing zone by hand, 2 records from the live API (https://api.open.fec.gov/v1); "
        "Lobbying Disclosure (lda.gov): 1 record from response files dropped into the landing "
        "zone by hand; every row cites its filing (filing_url or filing_document_url).")


def test_any_origin_label_is_counted_and_unrecorded_rows_are_flagged(warehouse):
    """A sidecar may name its origin: the bulk-file loader, or any later one, is counted too."""
    con, landing = warehouse
    drop(landing, "fec/schedule_a/bulk/page.json", page("1"))
    drop(landing, "fec/schedule_a/other/page.json", page("2"))
    drop(landing, "fec/schedule_a/other/page.meta.json", json.dumps(
        {"origin": "A Later Source", "fetched_at": "2026-11-01T00:00:00+00:00"}))
    drop(landing, "fec/schedule_a/bulk/page.meta.json", json.dumps(
        {"origin": "bulk-files", "fetched_at": "2026-11-01T00:00:00+00:00",
         "path": "/schedules/schedule_a/"}))
    load(con, landing)
    con.execute("""insert into raw_fec.schedule_a (record_key, record, source_file,
                   fetched_at, loaded_at) values ('old', '{}', 'x', now(), now())""")

    facts = provenance_facts(con)

    assert json.loads(facts["records_by_origin"]) == {
        "fec": {"a-later-source": 1, "bulk-files": 1, "unrecorded": 1}}
    assert facts["sources"] == (
        "OpenFEC (api.open.fec.gov): 1 record from a-later-source, 1 record from the FEC's bulk "
        "data files, 1 record from an unrecorded origin (loaded before origins were tracked). "
        "Public records.")
    assert "The origin of 1 record was not recorded" in facts["note"]
    assert facts["contains_sample_data"] == "no"
