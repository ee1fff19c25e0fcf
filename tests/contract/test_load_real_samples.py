"""Contract test: every real API response in ../shared/real-samples/, placed under its own landing
kind and under every other kind, with a sidecar (the request recorded in MANIFEST.tsv) and without
one (dropped by hand), is either loaded into the right raw table or quarantined with a reason.

The samples are read in place and copied only into a temporary folder; the module is skipped when
the folder is absent.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from ingest.load.records import read_body
from ingest.load.responses import load_landing
from tests.contract.real_samples import (
    FETCHED_AT,
    HOME,
    KINDS,
    SHARED,
    recorded_requests,
    samples,
)

pytestmark = pytest.mark.skipif(not (SHARED / "fec_api").is_dir(),
                                reason="../shared/real-samples is absent")


def folder_for(source: str, kind: str, sample: Path, variant: str) -> str:
    """By hand, a constants list is named by its folder ('filing-filingtypes')."""
    if source == "lda" and kind == "constants" and variant == "by-hand":
        match = re.search(r"v1_constants_(\w+?)_list_(\w+?)__", sample.name)
        if match:
            lists = {"contribution_item_types": "itemtypes", "filing_types": "filingtypes",
                     "government_entities": "governmententities",
                     "lobbying_activity_general_issues": "lobbyingactivityissues",
                     "countries": "countries", "states": "states",
                     "lobbyist_prefixes": "prefixes", "lobbyist_suffixes": "suffixes"}
            return f"{match[1]}-{lists[match[2]]}"
    return variant


def place(landing: Path, source: str, urls: dict) -> dict[str, tuple[Path, str, str]]:
    """Every sample under every kind, with and without a sidecar: rel path -> (sample, kind,
    variant)."""
    placed = {}
    for sample in samples(source):
        url = urls.get(sample.name)
        for kind in KINDS[source]:
            for variant in ("with-sidecar", "by-hand") if url else ("by-hand",):
                target = landing / source / kind / folder_for(source, kind, sample, variant)
                target = target / sample.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(sample, target)  # a temporary folder only
                if variant == "with-sidecar":
                    parts = urlsplit(url)
                    meta = {"source": source, "kind": kind, "path": parts.path,
                            "base_url": f"{parts.scheme}://{parts.netloc}", "params": {},
                            "page": 1, "status": 200, "fetched_at": FETCHED_AT}
                    target.with_name(target.stem + ".meta.json").write_text(json.dumps(meta))
                placed[target.relative_to(landing).as_posix()] = (sample, kind, variant)
    return placed


def n_results(sample: Path) -> int | None:
    try:
        data = json.loads(sample.read_bytes())
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return len(data["results"])
    return len(data) if isinstance(data, list) else 1


@dataclass
class Outcome:
    rel: str
    sample: str
    kind: str
    variant: str
    result: str  # loaded | quarantined
    detail: str  # records loaded, or the reason


def load_all(tmp_path: Path, source: str) -> tuple[list[Outcome], duckdb.DuckDBPyConnection]:
    landing, quarantine = tmp_path / "landing", tmp_path / "quarantine"
    placed = place(landing, source, recorded_requests())
    con = duckdb.connect(str(tmp_path / f"{source}.duckdb"))
    summary = load_landing(con, landing, quarantine, source=source)
    quarantined = {rel: reason for rel, reason, _ in summary.quarantined}
    loaded = {rel: (records, rejected) for rel, records, rejected in con.execute(
        f"select source_file, records, rejected from raw_{source}._loaded_files").fetchall()}
    outcomes = []
    for rel, (sample, kind, variant) in sorted(placed.items()):
        if rel in quarantined:
            outcomes.append(Outcome(rel, sample.name, kind, variant, "quarantined",
                                    quarantined[rel]))
            assert (quarantine / (rel + ".reason.txt")).read_text().strip() == quarantined[rel]
        else:
            records, rejected = loaded[rel]
            outcomes.append(Outcome(rel, sample.name, kind, variant, "loaded",
                                    f"{records} records, {rejected} rejected"))
    return outcomes, con


def expected(source: str, outcome: Outcome, sample: Path) -> str:
    home = HOME[source][outcome.sample]
    if home and home[0] == outcome.kind:
        return "loaded"
    if n_results(sample) == 0 and outcome.variant == "by-hand":
        return "loaded"  # an empty page without a sidecar: no record to judge, nothing loads
    return "quarantined"


def expected_keys(source: str, o: Outcome, sample: Path, table: str) -> set[str]:
    """The keys the sample's records have in `table`, read the way the loader reads them."""
    if o.variant == "with-sidecar":
        request_path = urlsplit(recorded_requests()[o.sample]).path
        body = read_body(source, o.kind, sample.read_bytes(), request_path=request_path)
    else:
        list_name = o.rel.split("/")[2].replace("-", "/", 1) if o.kind == "constants" else ""
        body = read_body(source, o.kind, sample.read_bytes(), list_name=list_name)
    assert all(t == table for t, *_ in body.rows), o
    return {key for _, key, _, _ in body.rows}


@pytest.mark.parametrize("source", ["fec", "lda"])
def test_every_sample_loads_under_its_own_kind_and_is_quarantined_under_the_others(
        source, tmp_path):
    by_name = {p.name: p for p in samples(source)}
    assert set(by_name) == set(HOME[source]), "a sample was added or removed: list it in HOME"
    outcomes, con = load_all(tmp_path, source)
    wrong = [o for o in outcomes if o.result != expected(source, o, by_name[o.sample])]
    assert wrong == []
    for o in outcomes:
        sample = by_name[o.sample]
        if o.result == "quarantined":
            assert len(o.detail) > 10, o
            continue
        assert o.detail == f"{n_results(sample)} records, 0 rejected", o
        home = HOME[source][o.sample]
        if home and home[0] == o.kind:
            keys = expected_keys(source, o, sample, home[1])
            found = con.execute(f"select count(*) from raw_{source}.{home[1]} "
                                "where list_contains(?, record_key)", [sorted(keys)]).fetchone()[0]
            assert found == len(keys), o
    con.close()


def test_wrong_endpoints_are_quarantined_with_the_reason_a_reader_needs(tmp_path):
    outcomes, con = load_all(tmp_path, "fec")
    con.close()
    reasons = {(o.sample, o.kind, o.variant): o.detail for o in outcomes}
    reports = "loudog925-fec-mcp__committee_C00718866_reports_form3_per_page3.json"
    assert reasons[(reports, "totals", "with-sidecar")] == (
        "a response from /committee/C00718866/reports/, which totals does not take "
        "(it takes /committee/{id}/totals/)")
    assert reasons[(reports, "totals", "by-hand")].startswith(
        "no record looks like a totals record (results[0]: not a totals record: it has "
        "none of receipts)")
    names = "ruby-openfec__names_candidates_q_John.json"
    assert reasons[(names, "candidates", "by-hand")].startswith(
        "no record looks like a candidates record (results[0]: a record has no candidate_id)")
    history = "ruby-openfec__candidate_S8MN00438_committees_history.json"
    assert reasons[(history, "candidates", "with-sidecar")] == (
        "a response from /candidate/S8MN00438/committees/history/, which feeds committees, "
        "not candidates")
    html = ("ruby-openfec__schedules_schedule_a_by_state_by_candidate_candidate_id_S4PA00121"
            "_cycle_2016__HTTP500.html")
    assert reasons[(html, "schedule_a", "by-hand")].startswith("an HTML page (.html)")


def outcome_table(tmp_path: Path) -> str:
    """The outcome of every placement, as a Markdown table (for reports)."""
    lines = ["| sample | under | sidecar | outcome | detail |", "|---|---|---|---|---|"]
    for source in ("fec", "lda"):
        outcomes, con = load_all(tmp_path / source, source)
        con.close()
        lines += [f"| {o.sample} | {source}/{o.kind} | {o.variant} | {o.result} | {o.detail} |"
                  for o in outcomes]
    return "\n".join(lines)
