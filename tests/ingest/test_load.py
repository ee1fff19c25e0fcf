import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.landing import land_response
from ingest.load import load_landing


def envelope(results, **pagination):
    return json.dumps({"api_version": "1.0", "results": results,
                       "pagination": {"count": len(results), "per_page": 100, **pagination}})


def receipt(sub_id, amount=100.0, **extra):
    return {"sub_id": sub_id, "committee_id": "C00385773", "contribution_receipt_amount": amount,
            "contribution_receipt_date": "2016-03-31T00:00:00", "memo_code": None, **extra}


def land(landing: Path, kind: str, body: str, *, page=1, when=None, query="q1"):
    return land_response(
        landing, source="fec", kind=kind, query_dir=query, page=page, body=body.encode(),
        request_path=f"/schedules/{kind}/", params={"committee_id": "C00385773"}, status=200,
        fetched_at=when or datetime(2026, 11, 1, tzinfo=UTC), base_url="http://test/v1",
    ).path


@pytest.fixture
def dirs(tmp_path):
    landing, quarantine = tmp_path / "landing", tmp_path / "quarantine"
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield landing, quarantine, con
    con.close()


def table(con, name):
    return con.execute(f"select record_key, record::varchar, source_file from raw_fec.{name} "
                       "order by record_key").fetchall()


def test_loading_the_same_files_twice_changes_nothing(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("1"), receipt("2")]), page=1)
    land(landing, "schedule_a", envelope([receipt("3")]), page=2)
    first = load_landing(con, landing, quarantine)
    assert first.files_loaded == 2 and first.rows_by_kind == {"schedule_a": 3}
    before = table(con, "schedule_a")
    second = load_landing(con, landing, quarantine)
    assert second.files_loaded == 0 and second.files_skipped == 2
    assert table(con, "schedule_a") == before


def test_a_later_fetch_of_the_same_sub_id_replaces_the_older_copy(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("7", 27000.0)]),
         when=datetime(2026, 1, 1, tzinfo=UTC), query="old")
    load_landing(con, landing, quarantine)
    land(landing, "schedule_a", envelope([receipt("7", 2700.0)]),
         when=datetime(2026, 2, 1, tzinfo=UTC), query="new")
    load_landing(con, landing, quarantine)
    rows = con.execute("select record ->> 'contribution_receipt_amount' from raw_fec.schedule_a"
                       ).fetchall()
    assert rows == [("2700.0",)]


def test_a_body_file_alone_loads_and_keeps_unmodelled_fields(dirs):
    landing, quarantine, con = dirs
    dropped = landing / "fec" / "committees" / "saved-by-hand" / "committee.json"
    dropped.parent.mkdir(parents=True)
    dropped.write_text(envelope([{"committee_id": "C00010603", "name": "DNC SERVICES CORP",
                                  "a_field_not_modelled_yet": {"nested": [1, 2]}}]))
    summary = load_landing(con, landing, quarantine)
    assert summary.rows_by_kind == {"committees": 1}
    record, path = con.execute("select record, request_path from raw_fec.committees").fetchone()
    assert json.loads(record)["a_field_not_modelled_yet"] == {"nested": [1, 2]}
    assert path is None


def test_sparse_records_with_nulls_and_missing_fields_load(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([{"sub_id": "9"},
                                          receipt("10", contributor_employer=None)]))
    assert load_landing(con, landing, quarantine).rows_by_kind == {"schedule_a": 2}


def test_unloadable_files_are_quarantined_with_a_reason_and_the_rest_load(dirs):
    landing, quarantine, con = dirs
    good = land(landing, "schedule_a", envelope([receipt("1")]), query="good")
    bad_json = land(landing, "schedule_a", '{"results": [', query="truncated")
    land(landing, "totals", '{"message": "500 error"}', query="error-body")
    land(landing, "schedule_b", envelope([{"committee_id": "C1"}]), query="nokey")
    stray = landing / "fec" / "schedule_z" / "x" / "page.json"
    stray.parent.mkdir(parents=True)
    stray.write_text(envelope([]))

    summary = load_landing(con, landing, quarantine)

    assert summary.files_loaded == 1 and summary.files_quarantined == 4
    assert good.exists() and not bad_json.exists()
    reasons = {Path(rel).parts[2]: reason for rel, reason, _ in summary.quarantined}
    assert reasons["truncated"].startswith("not valid JSON")
    assert reasons["error-body"] == "not an OpenFEC response: no 'results' list"
    assert reasons["nokey"] == "results[0]: a record has no sub_id"
    assert "kind one of" in reasons["x"]
    moved = quarantine / bad_json.relative_to(landing)
    assert moved.read_text() == '{"results": ['
    assert moved.with_name(moved.name + ".reason.txt").read_text().startswith("not valid JSON")
    assert con.execute("select count(*) from raw_fec._quarantine").fetchone()[0] == 4
    assert load_landing(con, landing, quarantine).files_quarantined == 0


def test_lda_pages_records_and_constants_load_idempotently(dirs):
    landing, quarantine, con = dirs
    filing = {"filing_uuid": "7c8e2d6a-0000-4000-8000-000000000001", "filing_year": 2016,
              "registrant": {"id": 1}, "lobbying_activities": []}
    page = json.dumps({"count": 1, "next": None, "previous": None, "results": [filing]})
    detail = json.dumps({**filing, "income": "40000.00"})
    kinds = {"filings": [page, detail],
             "constants": [json.dumps([{"value": "FIN", "name": "Financial Institutions"},
                                       {"value": "BAN", "name": "Banking"}])]}
    for kind, bodies in kinds.items():
        for n, body in enumerate(bodies, 1):
            land_response(landing, source="lda", kind=kind, query_dir=f"q{n}", page=1,
                          body=body.encode(),
                          request_path=("/constants/filing/lobbyingactivityissues/"
                                        if kind == "constants" else "/filings/"),
                          params={}, status=200,
                          fetched_at=datetime(2026, 11, n, tzinfo=UTC), base_url="test")
    error = landing / "lda" / "filings" / "throttled" / "page.json"
    error.parent.mkdir(parents=True)
    error.write_text('{"detail": "Request was throttled. Expected available in 2 seconds."}')

    first = load_landing(con, landing, quarantine, source="lda")
    assert first.rows_by_kind == {"filings": 2, "constants": 2}
    assert first.quarantined[0][1].startswith("an LDA error body")
    snapshot = con.execute("select record_key, record::varchar from raw_lda.filings "
                           "union all select record_key, record::varchar from raw_lda.constants "
                           "order by 1").fetchall()
    assert [key for key, _ in snapshot] == [
        "7c8e2d6a-0000-4000-8000-000000000001", "filing/lobbyingactivityissues|BAN",
        "filing/lobbyingactivityissues|FIN"]
    assert json.loads(snapshot[0][1])["income"] == "40000.00"  # the later fetch (the detail) won
    second = load_landing(con, landing, quarantine, source="lda")
    assert second.files_loaded == 0 and second.files_skipped == 3
    assert con.execute("select count(*) from raw_lda.filings").fetchone()[0] == 1
