import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest import pipeline
from ingest.common.settings import Settings
from ingest.landing.zone import land_response, sidecar_for
from ingest.load import batch_write, bookkeeping, responses
from ingest.load import origins as load_module
from ingest.load.responses import load_landing

# The endpoint each landing kind is pulled from (ingest/sources/fec/extract.py).
PATHS = {"schedule_a": "/schedules/schedule_a/", "schedule_b": "/schedules/schedule_b/",
         "schedule_e": "/schedules/schedule_e/", "totals": "/committee/C00385773/totals/",
         "committees": "/committee/C00385773/", "candidates": "/candidate/H4FL20023/"}


def envelope(results, **pagination):
    return json.dumps({"api_version": "1.0", "results": results,
                       "pagination": {"count": len(results), "per_page": 100, **pagination}})


def receipt(sub_id, amount=100.0, **extra):
    return {"sub_id": sub_id, "committee_id": "C00385773", "contribution_receipt_amount": amount,
            "contribution_receipt_date": "2016-03-31T00:00:00", "memo_code": None, **extra}


def land(landing: Path, kind: str, body: str, *, page=1, when=None, query="q1", path=None,
         base_url="http://test/v1", source="fec"):
    return land_response(
        landing, source=source, kind=kind, query_dir=query, page=page, body=body.encode(),
        request_path=path or PATHS[kind], params={"committee_id": "C00385773"}, status=200,
        fetched_at=when or datetime(2026, 11, 1, tzinfo=UTC), base_url=base_url,
    ).path


def drop(landing: Path, rel: str, body: str) -> Path:
    """A file saved into the landing zone by hand: no sidecar."""
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


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

    # A record without its key is a reject now, not a quarantined file (see the rejects test).
    assert summary.files_loaded == 2 and summary.files_quarantined == 3
    assert summary.records_rejected == 1
    assert good.exists() and not bad_json.exists()
    reasons = {Path(rel).parts[2]: reason for rel, reason, _ in summary.quarantined}
    assert reasons["truncated"].startswith("not valid JSON")
    assert reasons["error-body"] == "not an OpenFEC response: no 'results' list"
    assert "kind one of" in reasons["x"]
    assert summary.rejected[0][1:] == (0, "a record has no sub_id")
    moved = quarantine / bad_json.relative_to(landing)
    assert moved.read_text() == '{"results": ['
    assert sidecar_for(moved).exists()  # the request record travels with the body
    assert moved.with_name(moved.name + ".reason.txt").read_text().startswith("not valid JSON")
    assert con.execute("select count(*) from raw_fec._quarantine").fetchone()[0] == 3
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


# -- hand-made records in the shapes OpenFEC returns them ----------------------------------------

def totals(committee_id="C00411330", cycle=2018, receipts=8_000_000.0):
    return {"committee_id": committee_id, "committee_name": "FRIENDS OF BERNIE SANDERS",
            "cycle": cycle, "receipts": receipts, "disbursements": 6_500_000.0,
            "individual_itemized_contributions": 4_000_000.0,
            "coverage_start_date": "2017-01-01T00:00:00", "last_report_type_full": "YEAR-END",
            "cash_on_hand_beginning_period": 5_000_000.0}


def report(committee_id="C00411330", cycle=2018):
    """A /committee/{id}/reports/ row: committee and cycle like totals, but no `receipts`."""
    return {"committee_id": committee_id, "committee_name": "FRIENDS OF BERNIE SANDERS",
            "cycle": cycle, "report_type": "YE", "report_year": 2018,
            "total_receipts_period": 350_000.0, "total_receipts_ytd": 2_000_000.0,
            "coverage_start_date": "2018-10-01T00:00:00", "is_amended": False}


def filing(committee_id="C00411330"):
    return {"sub_id": "4071020181234567", "committee_id": committee_id,
            "committee_name": "FRIENDS OF BERNIE SANDERS", "cycle": 2018,
            "document_type": "F3", "form_type": "F3", "report_type": "YE",
            "total_receipts": 350_000.0, "receipt_date": "2019-01-31"}


def committee(committee_id="C00411330", name="FRIENDS OF BERNIE SANDERS", **extra):
    return {"committee_id": committee_id, "name": name, "designation": "P",
            "committee_type": "S", "party": "IND", "state": "VT",
            "cycles": [2006, 2012, 2018], "candidate_ids": ["S4VT00033"], **extra}


def committee_history(cycle, name, committee_id="C00411330"):
    return {"committee_id": committee_id, "cycle": cycle, "name": name, "designation": "P",
            "committee_type": "S", "cycles": [2006, 2012, 2018], "state": "VT",
            "treasurer_name": "WEBB, BRUCE"}


def candidate(candidate_id="S4VT00033", name="SANDERS, BERNARD"):
    return {"candidate_id": candidate_id, "name": name, "office": "S", "state": "VT",
            "party": "IND", "cycles": [2006, 2012, 2018], "election_years": [2006, 2012, 2018],
            "active_through": 2018, "incumbent_challenge": "I"}


def candidate_history(period, candidate_id="S4VT00033"):
    return {**candidate(candidate_id), "two_year_period": period, "address_state": "VT",
            "candidate_inactive": False}


def election_row():
    return {"candidate_id": "S4VT00033", "candidate_name": "SANDERS, BERNARD",
            "total_receipts": 8_000_000.0, "total_disbursements": 6_500_000.0,
            "cash_on_hand_end_period": 1_000.0, "committee_ids": ["C00411330"], "won": True}


def name_row():
    return {"id": "C00411330", "name": "FRIENDS OF BERNIE SANDERS"}


def names_body(rows):
    """/names/ typeahead answers have no pagination object."""
    return json.dumps({"results": rows})


def quarantine_reasons(summary) -> dict:
    return {Path(rel).parts[2]: reason for rel, reason, _ in summary.quarantined}


# -- part 3: every landing kind takes only its own endpoint's responses ----------------------------

def test_a_reports_page_landed_as_totals_is_quarantined_and_real_totals_keep_their_receipts(dirs):
    landing, quarantine, con = dirs
    land(landing, "totals", envelope([totals()]), path="/committee/C00411330/totals/",
         when=datetime(2026, 1, 1, tzinfo=UTC), query="real")
    land(landing, "totals", envelope([report()]), path="/committee/C00411330/reports/",
         when=datetime(2026, 2, 1, tzinfo=UTC), query="reports")
    land(landing, "totals", envelope([filing()]), path="/filings/",
         when=datetime(2026, 2, 1, tzinfo=UTC), query="filings")
    land(landing, "committees", envelope([totals()]), path="/committee/C00411330/totals/",
         query="misfiled")

    summary = load_landing(con, landing, quarantine)

    reasons = quarantine_reasons(summary)
    assert reasons["reports"] == ("a response from /committee/C00411330/reports/, which totals "
                                  "does not take (it takes /committee/{id}/totals/)")
    assert reasons["filings"].startswith("a response from /filings/, which totals does not take")
    assert reasons["misfiled"] == ("a response from /committee/C00411330/totals/, which feeds "
                                   "totals, not committees")
    assert con.execute("select record_key, record ->> 'receipts' from raw_fec.totals"
                       ).fetchall() == [("C00411330|2018", "8000000.0")]
    assert con.execute("select count(*) from raw_fec.committees").fetchone()[0] == 0


def test_elections_and_name_typeahead_pages_are_quarantined_not_loaded_as_candidates(dirs):
    landing, quarantine, con = dirs
    land(landing, "candidates", envelope([election_row()]), path="/elections/",
         query="elections")
    land(landing, "candidates", names_body([name_row()]), path="/names/candidates/",
         query="names")
    land(landing, "candidates", envelope([candidate()]), path="/candidates/search/",
         query="search")

    summary = load_landing(con, landing, quarantine)

    reasons = quarantine_reasons(summary)
    assert reasons.keys() == {"elections", "names"}
    assert "/elections/, which candidates does not take" in reasons["elections"]
    assert "/names/candidates/, which candidates does not take" in reasons["names"]
    assert con.execute("select record_key from raw_fec.candidates").fetchall() == [
        ("S4VT00033",)]


def test_bodies_without_a_sidecar_are_judged_by_their_records_fields(dirs):
    landing, quarantine, con = dirs
    drop(landing, "fec/totals/by-hand/reports.json", envelope([report(), report(cycle=2016)]))
    drop(landing, "fec/totals/by-hand/filings.json", envelope([filing()]))
    drop(landing, "fec/candidates/by-hand/elections.json", envelope([election_row()]))
    drop(landing, "fec/committees/by-hand/names.json", names_body([name_row()]))
    drop(landing, "fec/schedule_a/by-hand/filings.json", envelope([filing()]))
    drop(landing, "fec/totals/by-hand/totals.json", envelope([totals()]))

    summary = load_landing(con, landing, quarantine)

    why = {rel: reason.split(" (results[0]: ")[1].split(");")[0]
           for rel, reason, _ in summary.quarantined}
    assert why == {
        "fec/totals/by-hand/reports.json": "not a totals record: it has none of receipts",
        "fec/totals/by-hand/filings.json": "not a totals record: it has none of receipts",
        "fec/candidates/by-hand/elections.json": "not a candidates record: it has none of name",
        "fec/committees/by-hand/names.json": "a record has no committee_id",
        "fec/schedule_a/by-hand/filings.json": "not a schedule_a record: it has none of "
                                               "contribution_receipt_amount, contributor_name",
    }
    assert all(reason.startswith("no record looks like a ") for _, reason, _ in summary.quarantined)
    assert summary.rows_by_kind == {"totals": 1}


def test_history_rows_keep_their_cycle_and_never_replace_the_current_record(dirs):
    """The bug: /candidate/{id}/committees/history/ collapsed every cycle onto the committee's
    row, so Sanders' C00411330 showed an old name."""
    landing, quarantine, con = dirs
    land(landing, "committees", envelope([committee()]), path="/committee/C00411330/",
         when=datetime(2026, 1, 1, tzinfo=UTC), query="current")
    land(landing, "committees",
         envelope([committee_history(2018, "FRIENDS OF BERNIE SANDERS"),
                   committee_history(2006, "SANDERS FOR SENATE 2006")]),
         path="/candidate/S4VT00033/committees/history/",
         when=datetime(2026, 2, 1, tzinfo=UTC), query="history")
    land(landing, "committees", envelope([committee_history(2012, "FRIENDS OF BERNIE SANDERS")]),
         path="/committee/C00411330/history/2012/", when=datetime(2026, 2, 1, tzinfo=UTC),
         query="history-2012")
    land(landing, "candidates", envelope([candidate_history(2006), candidate_history(2018)]),
         path="/candidate/S4VT00033/history/", when=datetime(2026, 2, 1, tzinfo=UTC),
         query="candidate-history")
    drop(landing, "fec/committees/by-hand/history.json",
         envelope([committee_history(2000, "SANDERS FOR CONGRESS")]))

    summary = load_landing(con, landing, quarantine)

    assert summary.files_quarantined == 0
    assert con.execute("select record_key, record ->> 'name' from raw_fec.committees"
                       ).fetchall() == [("C00411330", "FRIENDS OF BERNIE SANDERS")]
    assert con.execute("select record_key, record ->> 'name' from raw_fec.committee_history "
                       "order by 1").fetchall() == [
        ("C00411330|2000", "SANDERS FOR CONGRESS"), ("C00411330|2006", "SANDERS FOR SENATE 2006"),
        ("C00411330|2012", "FRIENDS OF BERNIE SANDERS"),
        ("C00411330|2018", "FRIENDS OF BERNIE SANDERS")]
    assert con.execute("select count(*) from raw_fec.candidates").fetchone()[0] == 0
    assert con.execute("select record_key from raw_fec.candidate_history order by 1"
                       ).fetchall() == [("S4VT00033|2006",), ("S4VT00033|2018",)]


def test_lda_kinds_take_only_their_own_endpoints(dirs):
    landing, quarantine, con = dirs
    registrant = {"id": 401104726, "house_registrant_id": 31920, "name": "ADVANCE AMERICA",
                  "url": "https://lda.gov/api/v1/registrants/401104726/"}
    land(landing, "clients", json.dumps({"count": 1, "next": None, "results": [registrant]}),
         path="/registrants/", source="lda", query="misfiled")
    land(landing, "registrants", json.dumps({"count": 1, "next": None, "results": [registrant]}),
         path="/registrants/", source="lda", query="right")
    drop(landing, "lda/constants/filing-filingtypes/page.json",
         json.dumps({"count": 1, "next": None, "results": [registrant]}))

    summary = load_landing(con, landing, quarantine, source="lda")

    reasons = quarantine_reasons(summary)
    assert reasons["misfiled"] == ("a response from /registrants/, which feeds registrants, "
                                   "not clients")
    assert reasons["filing-filingtypes"].startswith("no record looks like a constants record")
    assert summary.rows_by_kind == {"registrants": 1}


# -- part 4: load never crashes on one file, never loses a file's good records ---------------------

def rewrite_sidecar(body: Path, **changes) -> None:
    meta = json.loads(sidecar_for(body).read_text())
    meta.update(changes)
    sidecar_for(body).write_text(json.dumps(meta))


def test_a_sidecar_with_a_bad_fetch_time_quarantines_that_file_only_naming_it(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data")
    landing = settings.landing_dir
    good = land(landing, "schedule_a", envelope([receipt("1")]), query="good")
    naive = land(landing, "schedule_a", envelope([receipt("2")]), query="naive")
    rewrite_sidecar(naive, fetched_at="2026-11-01T00:00:00")
    garbled = land(landing, "schedule_a", envelope([receipt("3")]), query="garbled")
    rewrite_sidecar(garbled, fetched_at="yesterday")
    broken = land(landing, "schedule_a", envelope([receipt("4")]), query="broken")
    sidecar_for(broken).write_text("{not json")
    land(landing, "filings", json.dumps({"count": 1, "next": None, "results": [
        {"filing_uuid": "7c8e2d6a-0000-4000-8000-000000000001", "income": "40000.00"}]}),
        path="/filings/", source="lda")

    with pytest.raises(pipeline.StepFailed, match="run `influence extract` first"):
        pipeline.load_step(settings)  # loads everything, then says what is missing

    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    keys = con.execute("select record_key from raw_fec.schedule_a").fetchall()
    reasons = dict(con.execute("select split_part(source_file, '/', 3), reason "
                               "from raw_fec._quarantine").fetchall())
    lda_rows = con.execute("select count(*) from raw_lda.filings").fetchone()[0]
    con.close()
    assert keys == [("1",)] and lda_rows == 1  # the rest loaded, the LDA half ran
    name = naive.name.removesuffix(".json")
    assert reasons["naive"] == (f"its sidecar {name}.meta.json has fetched_at "
                                "'2026-11-01T00:00:00' without a time zone (write it in UTC, "
                                "e.g. 2026-11-01T00:00:00+00:00)")
    assert reasons["garbled"] == (f"its sidecar {name}.meta.json has fetched_at 'yesterday', "
                                  "not an ISO 8601 time")
    assert reasons["broken"].startswith(f"its sidecar {name}.meta.json is not valid JSON")
    assert good.exists() and not naive.exists()
    moved = settings.quarantine_dir / naive.relative_to(landing)
    assert moved.exists() and sidecar_for(moved).exists()
    with pytest.raises(pipeline.StepFailed, match="no figure is resolved"):
        pipeline.load_step(settings)  # the next run does not trip over them again


def test_files_move_to_quarantine_only_after_the_transaction_commits(dirs, monkeypatch):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("1")]), query="good")
    bad = land(landing, "schedule_a", '{"results": [', query="truncated")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    bookkeeping.ensure_schema(con)
    monkeypatch.setattr(batch_write, "_write_rejects", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load_landing(con, landing, quarantine)
    assert bad.exists() and not quarantine.exists()
    for table in ("schedule_a", "_quarantine", "_loaded_files"):
        assert con.execute(f"select count(*) from raw_fec.{table}").fetchone()[0] == 0, table

    monkeypatch.undo()
    summary = load_landing(con, landing, quarantine)
    assert summary.files_quarantined == 1 and not bad.exists()
    assert (quarantine / bad.relative_to(landing)).exists()


def test_a_record_without_its_key_is_rejected_and_the_rest_of_its_page_loads(dirs):
    landing, quarantine, con = dirs
    page = land(landing, "schedule_a", envelope([
        receipt("1"), {**receipt(None), "contributor_name": "NO KEY"}, "not a record",
        receipt("4")]))

    summary = load_landing(con, landing, quarantine)

    assert summary.files_loaded == 1 and summary.files_quarantined == 0
    assert [k for k, *_ in table(con, "schedule_a")] == ["1", "4"]
    assert summary.records_rejected == 2
    rejects = con.execute("select source_file, record_index, kind, reason, "
                          "record ->> 'contributor_name' from raw_fec._rejects order by 2"
                          ).fetchall()
    rel = page.relative_to(landing).as_posix()
    assert rejects == [(rel, 1, "schedule_a", "a record has no sub_id", "NO KEY"),
                       (rel, 2, "schedule_a", "not a JSON object", None)]
    assert f"rejected {rel} results[1]: a record has no sub_id" in str(summary)
    page.write_text(envelope([receipt("1"), receipt("4")]))  # the same file, fixed
    load_landing(con, landing, quarantine)
    assert con.execute("select count(*) from raw_fec._rejects").fetchone()[0] == 0


def test_latest_recorded_fetch_wins_never_the_file_modification_time(dirs):
    landing, quarantine, con = dirs
    newer = land(landing, "schedule_a", envelope([receipt("7", 2700.0)]),
                 when=datetime(2026, 2, 1, tzinfo=UTC), query="fetched-later")
    older = land(landing, "schedule_a", envelope([receipt("7", 27000.0)]),
                 when=datetime(2026, 1, 1, tzinfo=UTC), query="fetched-earlier")
    os.utime(newer, (0, 0))  # modified long ago
    os.utime(older, None)  # modified just now

    summary = load_landing(con, landing, quarantine)

    assert con.execute("select record ->> 'contribution_receipt_amount', source_file "
                       "from raw_fec.schedule_a").fetchall() == [
        ("2700.0", newer.relative_to(landing).as_posix())]
    [conflict] = summary.conflicts
    assert (conflict.key, conflict.same_fetch_time) == ("7", False)
    assert conflict.others == (older.relative_to(landing).as_posix(),)


def test_at_the_same_fetch_time_the_greater_path_wins_in_any_load_order_and_is_reported(dirs):
    landing, quarantine, con = dirs
    when = datetime(2026, 3, 1, tzinfo=UTC)
    b = land(landing, "schedule_a", envelope([receipt("7", 2.0)]), when=when, query="q-b")
    load_landing(con, landing, quarantine)
    a = land(landing, "schedule_a", envelope([receipt("7", 1.0)]), when=when, query="q-a")

    summary = load_landing(con, landing, quarantine)

    assert con.execute("select record ->> 'contribution_receipt_amount' from raw_fec.schedule_a"
                       ).fetchall() == [("2.0",)]
    rel_a, rel_b = (p.relative_to(landing).as_posix() for p in (a, b))
    assert [(c.key, c.kept, c.others, c.same_fetch_time) for c in summary.conflicts] == [
        ("7", rel_b, (rel_a,), True)]
    assert "same fetch time: kept the greater file path" in str(summary)
    assert con.execute("select record_key, kept_file, other_files, same_fetched_at "
                       "from raw_fec._conflicts").fetchall() == [("7", rel_b, [rel_a], True)]


def test_a_body_without_a_sidecar_sorts_by_the_stamp_in_its_name_or_before_every_fetch(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("7", 1.0), receipt("8", 1.0)]),
         when=datetime(2026, 3, 1, tzinfo=UTC))
    drop(landing, "fec/schedule_a/by-hand/saved.json",
         envelope([receipt("7", 2.0), receipt("9", 2.0)]))
    drop(landing, "fec/schedule_a/by-hand/20260401T000000000000Z_p0001.json",
         envelope([receipt("8", 3.0)]))

    load_landing(con, landing, quarantine)

    rows = con.execute("select record_key, record ->> 'contribution_receipt_amount', "
                       "fetched_at::varchar from raw_fec.schedule_a order by 1").fetchall()
    assert [(k, amount) for k, amount, _ in rows] == [("7", "1.0"), ("8", "3.0"), ("9", "2.0")]
    assert rows[1][2].startswith("2026-04-01 00:00:00") and rows[2][2].startswith("1970-01-01")


def test_files_that_are_not_json_bodies_are_quarantined_with_a_reason(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("1")]))
    drop(landing, "fec/schedule_a/errors/page__HTTP500.html", "<html><h1>500</h1></html>")
    drop(landing, "fec/candidates/raw/candidates.http", "HTTP/1.1 200 OK\r\n\r\n{}")
    drop(landing, "fec/committees/upper/page.JSON", envelope([committee()]))
    drop(landing, "lda/filings/notes/readme.txt", "saved by hand")
    drop(landing, "fec/schedule_a/q1/.page.json.abc123.tmp", "half-writ")  # a write in flight
    drop(landing, "fec/schedule_a/old/page.json.reason.txt", "a note")

    fec_summary = load_landing(con, landing, quarantine)
    lda_summary = load_landing(con, landing, quarantine, source="lda")

    reasons = {Path(rel).name: reason for s in (fec_summary, lda_summary)
               for rel, reason, _ in s.quarantined}
    assert reasons == {
        "page__HTTP500.html": "an HTML page (.html), likely an error page the API returned; "
                              "not a JSON body",
        "candidates.http": "a raw HTTP recording (.http: status line and headers); save only "
                           "its JSON body",
        "page.JSON": "the name ends in '.JSON', not '.json'; rename it to load it",
        "readme.txt": "not a .json response body (.txt)",
    }
    assert (quarantine / "fec/schedule_a/errors/page__HTTP500.html.reason.txt").exists()
    assert (landing / "fec/schedule_a/q1/.page.json.abc123.tmp").exists()
    assert fec_summary.files_loaded == 1


def test_the_summary_lists_every_quarantined_file_or_says_where_to_look(dirs):
    landing, quarantine, con = dirs
    for n in range(12):
        drop(landing, f"fec/schedule_a/bad-{n:02d}/page.json", "not json")
    drop(landing, "fec/schedule_a/ok/page.json", envelope([receipt("1"), {"memo_text": "x"}]))

    summary = load_landing(con, landing, quarantine)
    text = str(summary)

    assert summary.files_quarantined == 12 and summary.records_rejected == 1
    for n in range(9):
        assert f"quarantined fec/schedule_a/bad-{n:02d}/page.json: not valid JSON" in text
    assert "bad-09" not in text
    assert (f"... and 3 more: see table raw_fec._quarantine and folder {quarantine}") in text
    assert "rejected fec/schedule_a/ok/page.json results[1]: " in text
    result = bookkeeping.step_result([summary], quarantine)
    assert result["files_quarantined"] == 12 and result["records_rejected"] == 1
    assert len(result["quarantined"]) == 10
    assert result["quarantined"][-1] == (
        f"... and 3 more: see tables raw_fec._quarantine and folder {quarantine}")
    assert result["rejected"] == ["fec/schedule_a/ok/page.json results[1]: "
                                  "a record has no sub_id"]


def test_a_fresh_data_dir_without_a_resolution_says_run_extract_first(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "fresh")
    with pytest.raises(pipeline.StepFailed) as excinfo:
        pipeline.load_step(settings)
    message = str(excinfo.value)
    assert message.startswith("run `influence extract` first: no figure is resolved (")
    assert str(settings.state_dir / "fec" / "resolution.json") in message


def test_no_query_string_or_credential_from_a_sidecar_reaches_the_warehouse(dirs):
    landing, quarantine, con = dirs
    body = land(landing, "totals", envelope([totals()]))
    rewrite_sidecar(body, path="https://api.open.fec.gov/v1/committee/C00411330/totals/"
                               "?api_key=SEKRET-KEY&cycle=2018",
                    base_url="https://user:SEKRET-KEY@api.open.fec.gov/v1?api_key=SEKRET-KEY")
    wrong = land(landing, "totals", envelope([report()]), query="wrong")
    rewrite_sidecar(wrong, path="/v1/committee/C00411330/reports/?api_key=SEKRET-KEY")

    summary = load_landing(con, landing, quarantine)

    assert "SEKRET" not in str(summary)
    stored = con.execute("""select string_agg(x, ' ') from (
        select request_path || source_file || record::varchar as x from raw_fec.totals
        union all select base_url || source_file from raw_fec._loaded_files
        union all select reason from raw_fec._quarantine)""").fetchone()[0]
    assert "SEKRET" not in stored and "/committee/C00411330/totals/" in stored
    assert con.execute("select base_url from raw_fec._loaded_files").fetchall() == [
        ("https://api.open.fec.gov/v1",)]


# -- part 5: every row and loaded file records its origin ------------------------------------------

def test_every_row_and_file_records_its_origin(dirs):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("1"), receipt("2")]),
         base_url="offline-snapshot", query="snapshot")
    land(landing, "schedule_a", envelope([receipt("3")]),
         base_url="https://api.open.fec.gov/v1", query="live")
    drop(landing, "fec/schedule_a/by-hand/page.json", envelope([receipt("4")]))
    bulk = land(landing, "schedule_a", envelope([receipt("5")]), query="bulk")
    rewrite_sidecar(bulk, origin="bulk-files")

    summary = load_landing(con, landing, quarantine)

    assert summary.origins == {"offline-snapshot": 2, "live-api": 1, "hand-dropped": 1,
                               "bulk-files": 1}
    assert con.execute("select record_key, origin from raw_fec.schedule_a order by 1"
                       ).fetchall() == [("1", "offline-snapshot"), ("2", "offline-snapshot"),
                                        ("3", "live-api"), ("4", "hand-dropped"),
                                        ("5", "bulk-files")]
    assert dict(con.execute("select split_part(source_file, '/', 3), origin "
                            "from raw_fec._loaded_files").fetchall()) == {
        "snapshot": "offline-snapshot", "live": "live-api", "by-hand": "hand-dropped",
        "bulk": "bulk-files"}
    assert load_module.origin_counts(con) == {"fec": {
        "offline-snapshot": 2, "live-api": 1, "hand-dropped": 1, "bulk-files": 1}}


def test_a_warehouse_from_before_origins_upgrades_in_place(dirs):
    landing, quarantine, con = dirs
    con.execute("create schema raw_fec")
    con.execute("""create table raw_fec.schedule_a (record_key varchar primary key,
        record json not null, source_file varchar not null, request_path varchar,
        fetched_at timestamptz not null, loaded_at timestamptz not null)""")
    con.execute("""insert into raw_fec.schedule_a values ('old', '{"sub_id": "old"}',
        'fec/schedule_a/x.json', null, '2025-01-01 00:00:00+00', '2025-01-01 00:00:00+00')""")
    con.execute("""create table raw_fec._loaded_files (source_file varchar primary key,
        sha256 varchar not null, kind varchar not null, records integer not null,
        loaded_at timestamptz not null)""")
    land(landing, "schedule_a", envelope([receipt("1")]))

    load_landing(con, landing, quarantine)

    assert con.execute("select record_key, origin from raw_fec.schedule_a order by 1"
                       ).fetchall() == [("1", "live-api"), ("old", None)]
    assert load_module.origin_counts(con)["fec"] == {"live-api": 1, "unrecorded": 1}


def test_a_source_whose_load_fails_does_not_stop_the_other(tmp_path, monkeypatch):
    settings = Settings.from_env(data_dir=tmp_path / "data")
    land(settings.landing_dir, "filings", json.dumps({"count": 1, "next": None, "results": [
        {"filing_uuid": "7c8e2d6a-0000-4000-8000-000000000001", "income": "40000.00"}]}),
        path="/filings/", source="lda")
    real = responses.load_landing

    def fec_breaks(con, landing, quarantine, *, source="fec", **kwargs):
        if source == "fec":
            raise OSError("landing/fec: input/output error")
        return real(con, landing, quarantine, source=source, **kwargs)

    monkeypatch.setattr(responses, "load_landing", fec_breaks)
    with pytest.raises(pipeline.StepFailed, match="fec: OSError: landing/fec: input/output error"):
        pipeline.load_step(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    assert con.execute("select count(*) from raw_lda.filings").fetchone()[0] == 1
    con.close()


# -- bounded memory: batches, each its own transaction ---------------------------------------------

def table_rows(con, name="schedule_a"):
    return con.execute(f"select record_key, record ->> 'contribution_receipt_amount', source_file "
                       f"from raw_fec.{name} order by record_key").fetchall()


def test_a_load_in_many_batches_gives_what_one_batch_gives(tmp_path):
    results = {}
    for label, batch_files in (("one", 1000), ("many", 2)):
        landing, quarantine = tmp_path / label / "landing", tmp_path / label / "quarantine"
        for page in range(7):
            # page 5 repeats page 1's key 11 with another amount, fetched later
            records = [receipt(str(10 * page + n), 10.0 * page + n) for n in range(3)]
            if page == 5:
                records.append(receipt("11", 99.0))
            land(landing, "schedule_a", envelope(records), page=page + 1,
                 when=datetime(2026, 11, 1 + page, tzinfo=UTC))
        drop(landing, "fec/schedule_a/by-hand/saved.json", envelope([receipt("500")]))
        drop(landing, "fec/schedule_a/bad/page.json", "not json")
        con = duckdb.connect(str(tmp_path / label / "warehouse.duckdb"))
        summary = load_landing(con, landing, quarantine, batch_files=batch_files)
        results[label] = (summary, table_rows(con),
                          con.execute("select source_file, records from raw_fec._loaded_files "
                                      "order by 1").fetchall(),
                          con.execute("select record_key, other_files from raw_fec._conflicts"
                                      ).fetchall())
        con.close()
    (one, rows_one, files_one, conflicts_one), (many, rows_many, files_many, conflicts_many) = (
        results["one"], results["many"])
    assert rows_many == rows_one and files_many == files_one
    assert ("11", "99.0", "fec/schedule_a/q1/20261106T000000000000Z_p0006.json") in rows_one
    assert (many.files_loaded, many.files_quarantined, many.rows_by_kind) == (
        one.files_loaded, one.files_quarantined, one.rows_by_kind) == (8, 1, {"schedule_a": 23})
    # the later copy of key 11 came in another batch than the first: still reported
    assert [c[0] for c in conflicts_many] == [c[0] for c in conflicts_one] == ["11"]


def test_a_load_stopped_between_batches_keeps_what_committed_and_resumes_exactly(dirs,
                                                                                  monkeypatch):
    landing, quarantine, con = dirs
    for page in range(6):
        land(landing, "schedule_a", envelope([receipt(str(page), float(page))]), page=page + 1)
    real = batch_write._write_batch
    calls = []

    def killed_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_write, "_write_batch", killed_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        load_landing(con, landing, quarantine, batch_files=2)
    monkeypatch.undo()
    assert [k for k, *_ in table_rows(con)] == ["0", "1", "2", "3"]
    assert con.execute("select count(*) from raw_fec._loaded_files").fetchone()[0] == 4

    resumed = load_landing(con, landing, quarantine, batch_files=2)

    assert (resumed.files_skipped, resumed.files_loaded) == (4, 2)
    assert [k for k, *_ in table_rows(con)] == ["0", "1", "2", "3", "4", "5"]


def test_a_batch_duckdb_cannot_read_is_read_in_python_with_the_same_outcome(dirs):
    landing, quarantine, con = dirs
    good = land(landing, "schedule_a", envelope([receipt("1")]), page=1)
    latin1 = land(landing, "schedule_a", envelope([receipt("2")]), page=2)
    latin1.write_bytes(json.dumps({"results": [receipt("2", contributor_name="PEÑA, ANA")]},
                                  ensure_ascii=False).encode("latin-1"))  # not UTF-8
    blank = land(landing, "schedule_a", envelope([receipt("3"), receipt("  ")]), page=3)

    summary = load_landing(con, landing, quarantine)

    assert good.exists() and blank.exists() and not latin1.exists()
    assert summary.quarantined[0][1].startswith("not valid JSON")
    assert [k for k, *_ in table_rows(con)] == ["1", "3"]
    assert summary.rejected == [(blank.relative_to(landing).as_posix(), 1,
                                 "a record has no sub_id")]


def test_records_are_stored_as_sent_and_read_back_as_sent(dirs):
    landing, quarantine, con = dirs
    body = ('{"api_version":"1.0","results":[{"sub_id":"1","contribution_receipt_amount":2500.0,'
            '"contributor_name":"N\\u00da\\u00d1EZ, JOS\\u00c9","committee":{"name":"X","cycles":'
            '[2016,2018]},"file_number":1234567,"memo_code":null}],"pagination":{}}')
    land(landing, "schedule_a", body)
    load_landing(con, landing, quarantine)
    record, name, amount, cycles = con.execute(
        "select record, record ->> 'contributor_name', record ->> 'contribution_receipt_amount', "
        "record -> 'committee' -> 'cycles' from raw_fec.schedule_a").fetchone()
    assert json.loads(record) == json.loads(body)["results"][0]
    assert (name, amount, json.loads(cycles)) == ("NÚÑEZ, JOSÉ", "2500.0", [2016, 2018])


def test_loaded_at_grows_from_load_to_load_even_when_the_clock_goes_back(dirs, monkeypatch):
    landing, quarantine, con = dirs
    land(landing, "schedule_a", envelope([receipt("1")]), page=1)
    monkeypatch.setattr(responses, "utc_now", lambda: datetime(2026, 11, 2, tzinfo=UTC))
    load_landing(con, landing, quarantine)
    land(landing, "schedule_a", envelope([receipt("2")]), page=2)
    monkeypatch.setattr(responses, "utc_now", lambda: datetime(2026, 11, 1, tzinfo=UTC))
    load_landing(con, landing, quarantine)
    first, second = (at for _, at in con.execute(
        "select record_key, loaded_at from raw_fec.schedule_a order by 1").fetchall())
    assert second > first
