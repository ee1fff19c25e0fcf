"""Contract test: every real API sample in ../shared/real-samples/, dropped into a resolved data
folder as a user would (each under the landing kind it belongs to, or, for endpoints the pipeline
does not read, where a hurried user might put it), goes through load -> transform -> link ->
answers -> validate -> publish: the run passes, every file is loaded or quarantined with its reason,
and the real Schedule A rows are counted by the counting rules, checked against plain Python.

The samples are read in place and copied only into a temporary folder; skipped when absent.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from ingest import pipeline
from ingest.common.settings import Settings
from tests.contract.real_samples import HOME, SHARED, recorded_requests, samples
from tests.integration.conftest import run_extract

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not (SHARED / "fec_api").is_dir(),
                                 reason="../shared/real-samples is absent")]

# Where a user drops a response of an endpoint the pipeline does not read.
MISPLACED = {"fec": "totals", "lda": "filings"}


def drop(settings: Settings) -> dict[str, Path]:
    """Copy every sample into the landing zone; landing-relative path -> sample."""
    urls = recorded_requests()
    dropped = {}
    for source in ("fec", "lda"):
        for sample in samples(source):
            home = HOME[source][sample.name]
            kind = home[0] if home else MISPLACED[source]
            target = settings.landing_dir / source / kind / "real-samples" / sample.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sample, target)
            url = urls.get(sample.name)
            if url and sample.suffix == ".json":
                parts = urlsplit(url)
                target.with_name(target.stem + ".meta.json").write_text(json.dumps({
                    "source": source, "kind": kind, "path": parts.path, "params": {},
                    "base_url": f"{parts.scheme}://{parts.netloc}/v1", "page": 1,
                    "status": 200, "fetched_at": "2026-11-01T00:00:00+00:00"}))
            dropped[target.relative_to(settings.landing_dir).as_posix()] = sample
    return dropped


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("real-samples"), mode="offline")
    run_extract(settings)  # the bundled snapshot: a resolved watchlist
    dropped = drop(settings)
    results = {"load": pipeline.load_step(settings)}
    for name, step in (("transform", pipeline.transform_step), ("link", pipeline.link_step),
                       ("answers", pipeline.answers_step), ("validate", pipeline.validate_step),
                       ("publish", pipeline.publish_step)):
        results[name] = step(settings)
    return settings, dropped, results


def published(settings: Settings, query: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def test_every_step_passes_and_every_file_is_accounted_for(real_run):
    settings, dropped, results = real_run
    assert results["validate"]["passed"] == results["validate"]["expectations"]
    assert Path(results["publish"]["published"]).exists()
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    outcome = {}
    for source in ("fec", "lda"):
        for rel, records in con.execute(
                f"select source_file, records from raw_{source}._loaded_files").fetchall():
            outcome[rel] = f"loaded {records}"
        for rel, reason in con.execute(
                f"select source_file, reason from raw_{source}._quarantine").fetchall():
            outcome[rel] = f"quarantined: {reason}"
    con.close()
    for rel, sample in dropped.items():
        source = rel.split("/")[0]
        assert rel in outcome, f"{rel} was neither loaded nor quarantined"
        if HOME[source][sample.name] is None:
            assert outcome[rel].startswith("quarantined: ") and len(outcome[rel]) > 30, rel
        else:
            assert outcome[rel].startswith("loaded "), (rel, outcome[rel])
    quarantined = {rel for rel, text in outcome.items() if text.startswith("quarantined")}
    assert results["load"]["files_quarantined"] == len(quarantined & set(dropped))
    # the run summary names each quarantined file with its reason, or says how many more
    listed = results["load"]["quarantined"]
    shown = [rel for rel in quarantined if any(line.startswith(rel + ": ") for line in listed)]
    if len(quarantined) <= 10:
        assert len(shown) == len(quarantined)
    else:
        assert len(shown) == 9 and f"and {len(quarantined) - 9} more: see " in listed[-1]


def expected_schedule_a() -> dict[str, dict]:
    """The real Schedule A page counted by hand: memo when memo_code is X or memoed_subtotal;
    superseded only by a later filing of the same report (type and year) and transaction."""
    rows = json.loads((SHARED / "fec_api" / "ruby-openfec__schedules_schedule_a.json")
                      .read_text())["results"]
    out = {}
    for row in rows:
        tran = row.get("tran_id") or row.get("transaction_id")
        superseded = any(
            (other.get("tran_id") or other.get("transaction_id")) == tran
            and other["committee_id"] == row["committee_id"]
            and (other["report_type"], other["report_year"]) == (row["report_type"],
                                                                  row["report_year"])
            and other["file_number"] > row["file_number"]
            and other.get("amendment_indicator") != "N"
            for other in rows)
        memo = row.get("memo_code") == "X" or bool(row.get("memoed_subtotal"))
        date = row["contribution_receipt_date"]
        out[row["sub_id"]] = {
            "memo": memo, "counts": not memo and not superseded,
            "amount": Decimal(str(row["contribution_receipt_amount"])),
            "cycle": int(date[:4]) + int(date[:4]) % 2,
        }
    return out


def test_real_schedule_a_rows_are_counted_by_the_counting_rules(real_run):
    settings, _, _ = real_run
    expected = expected_schedule_a()
    got = {sub_id: {"memo": memo, "counts": counts, "amount": amount, "cycle": cycle}
           for sub_id, memo, counts, amount, cycle in published(settings, """
               select sub_id, is_memo, counts_toward_total, amount, cycle
               from main.fct_contributions where list_contains(?, sub_id)""",
               [sorted(expected)])}
    assert got == expected
    # the planted traps of this page, named: six older-schema memo copies, and four gifts of
    # one filing (C00530808) sharing an integer transaction_id, all counted
    assert sum(row["memo"] for row in expected.values()) == 6
    same_filing = published(settings, """
        select count(*) filter (where counts_toward_total) from main.fct_contributions
        where committee_id = 'C00530808' and file_number = 964895""")
    assert same_filing == [(4,)]
    flags = published(settings, """
        select count(*) from main.fct_contributions
        where is_earmarked is null or is_memo is null or is_superseded is null
           or is_refund is null or (contribution_date is not null and cycle is null)""")
    assert flags == [(0,)]


def test_published_file_says_what_it_holds(real_run):
    settings, _, _ = real_run
    about = dict(published(settings, "select key, value from main.about_this_file"))
    origins = json.loads(about["records_by_origin"])
    assert origins["fec"]["offline-snapshot"] > 0 and origins["fec"]["live-api"] > 0
    assert origins["lda"]["live-api"] > 0
    assert about["contains_sample_data"] == "yes"
    assert about["note"].startswith("SAMPLE DATA")
    rejects = published(settings, "select count(*) from audit.parse_rejects")
    assert rejects == [(0,)]
