"""A build covers only what changed since the last successful one, and gives what a whole build
from scratch gives.

Real dbt builds on the offline snapshot: the first build is whole; a build with nothing new runs
nothing; a load of new FEC receipts rebuilds the models and tests downstream of
``raw_fec.schedule_a`` (no LDA or bulk model) and leaves exactly the tables a full refresh leaves;
a hand edit of a raw row counts as a change; a missing model relation or a changed dbt project
brings back the whole build; a failed build records nothing. The incremental flagged receipts and
``fct_contributions`` recompute what a load or a config change touches in rows built before: an
amendment landed later supersedes them, a new industry rule recodes them, as a full refresh does.

"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import duckdb
import pytest

from ingest import pipeline
from ingest.common.settings import Settings
from ingest.pipeline import build_scope
from tests.integration.conftest import run_extract
from tests.integration.test_incremental_build import (
    _differences,
    _figure_committees,
    _full_refresh_of,
    _later_copy,
    _tables,
)


def built_nodes(settings: Settings) -> set[str]:
    results = json.loads((settings.data_dir / "dbt_target" / "run_results.json").read_text())
    return {result["unique_id"] for result in results["results"]}


def scope_now(settings: Settings) -> build_scope.Scope:
    project = build_scope.project_fingerprint(settings.dbt_project_dir, "--exclude",
                                              pipeline.ANSWERS_SELECTOR)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return build_scope.decide(con, project)
    finally:
        con.close()


def execute_one(settings: Settings, sql: str):
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def execute(settings: Settings, sql: str) -> None:
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute(sql)
    finally:
        con.close()


@pytest.fixture(scope="module")
def once(tmp_path_factory) -> tuple[Settings, dict]:
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("scope"), mode="offline")
    run_extract(settings)
    pipeline.load_step(settings)
    return settings, pipeline.transform_step(settings)


@pytest.fixture
def built(once, tmp_path) -> Settings:
    """A private copy of the data folder after one whole build."""
    settings, _ = once
    copy = replace(settings, data_dir=tmp_path / "data")
    shutil.copytree(settings.data_dir, copy.data_dir)
    return copy


def test_the_first_build_is_whole_and_a_build_with_nothing_new_runs_nothing(once, built):
    _, first = once
    assert first["scope"] == "no record of an earlier build"
    assert first["passed"] > 300 and first["errors"] == 0
    before = (built.data_dir / "dbt_target" / "run_results.json").stat().st_mtime_ns

    again = pipeline.transform_step(built)

    assert again["scope"] == "no source table changed since the last build"
    assert again["passed"] == 0 and again["returncode"] == 0
    assert (built.data_dir / "dbt_target" / "run_results.json").stat().st_mtime_ns == before


def test_new_receipts_rebuild_only_their_chain_and_equal_a_full_refresh(built, tmp_path):
    pages = sorted(page for page in (built.landing_dir / "fec" / "schedule_a").rglob("*_p*.json")
                   if not page.name.endswith(".meta.json"))
    changed = sum(_later_copy(built, page, lambda r: {
        **r, "contribution_receipt_amount": (r.get("contribution_receipt_amount") or 0) + 1})
        for page in pages[:3])
    assert changed, "no receipt outside the figures' committees to change"
    assert pipeline.load_step(built)["rows"] == {"fec.schedule_a": changed}

    result = pipeline.transform_step(built)

    assert result["scope"] == "changed since the last build: fec.schedule_a"
    nodes = built_nodes(built)
    assert "model.influence.stg_fec__contributions" in nodes
    assert "model.influence.fct_contributions" in nodes
    assert not {node for node in nodes if "stg_lda__" in node or "fec_bulk" in node
                or "fct_lobbying_filings" in node}
    refreshed = _full_refresh_of(built, tmp_path)
    assert _tables(built.warehouse_path) == _tables(refreshed.warehouse_path)
    assert _differences(built.warehouse_path, refreshed.warehouse_path) == {}


def contributions(settings: Settings, where: str) -> dict:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return dict(con.execute(f"select sub_id, (is_superseded, counts_toward_total, industry_id)"
                                f" from main.fct_contributions where {where}").fetchall())
    finally:
        con.close()


def test_an_amendment_landed_later_supersedes_rows_built_before(built, tmp_path):
    page = sorted(page for page in (built.landing_dir / "fec" / "schedule_a").rglob("*_p*.json")
                  if not page.name.endswith(".meta.json"))[0]
    body = json.loads(page.read_bytes())
    figures = _figure_committees(built)
    amended = {str(r["sub_id"]) for r in body["results"]
               if r["committee_id"] not in figures and r.get("transaction_id")
               and r.get("file_number") is not None}
    assert amended, "no receipt with a transaction ID outside the figures' committees"
    before = contributions(built, f"sub_id in ({', '.join(repr(s) for s in amended)})")
    assert before and not any(superseded for superseded, _, _ in before.values())
    # The same transactions, filed again in an amendment (a later file number, new sub_ids).
    assert _later_copy(built, page, lambda r: {
        **r, "sub_id": int(r["sub_id"]) + 10**17, "file_number": (r["file_number"] or 0) + 1,
        "amendment_indicator": "A"}) >= len(amended)
    pipeline.load_step(built)

    assert pipeline.transform_step(built)["scope"] == "changed since the last build: fec.schedule_a"

    after = contributions(built, f"sub_id in ({', '.join(repr(s) for s in amended)})")
    assert after.keys() == before.keys()
    assert all(superseded and not counted for superseded, counted, _ in after.values())
    refreshed = _full_refresh_of(built, tmp_path)
    assert _differences(built.warehouse_path, refreshed.warehouse_path) == {}


def test_a_new_industry_rule_recodes_rows_built_before(built, tmp_path):
    employer = execute_one(built, "select upper(contributor_employer) from main.fct_contributions"
                                  " where industry_id is null and contributor_employer != ''"
                                  " group by 1 order by count(*) desc, 1 limit 1")
    quoted = employer.replace("'", "''")
    execute(built, f"""update raw_config.watchlist_industries
                       set employer_patterns = list_append(employer_patterns, '{quoted}')
                       where industry_id = (select min(industry_id)
                                            from raw_config.watchlist_industries)""")

    assert pipeline.transform_step(built)["scope"] == (
        "changed since the last build: config.watchlist_industries")

    recoded = contributions(built, f"upper(contributor_employer) = '{quoted}'")
    assert recoded and all(industry is not None for _, _, industry in recoded.values())
    refreshed = _full_refresh_of(built, tmp_path)
    assert _differences(built.warehouse_path, refreshed.warehouse_path) == {}


def test_a_raw_row_edited_by_hand_is_a_change(built):
    execute(built, """update raw_lda.registrants set record = json_merge_patch(record,
                      '{"name": "EDITED BY HAND"}') where rowid = (select min(rowid)
                      from raw_lda.registrants)""")

    result = pipeline.transform_step(built)

    assert result["scope"] == "changed since the last build: lda.registrants"
    assert any("stg_lda__registrants" in node for node in built_nodes(built))


def test_a_missing_relation_brings_back_the_whole_build(built):
    execute(built, "drop table main.fct_lobbying_filings")
    assert scope_now(built).reason.startswith("1 relation(s) of the last build are missing "
                                              "(main.fct_lobbying_filings")

    result = pipeline.transform_step(built)

    assert result["passed"] > 300
    execute(built, "select count(*) from main.fct_lobbying_filings")


def test_a_changed_project_brings_back_the_whole_build(built, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(built.dbt_project_dir, project)
    moved = replace(built, dbt_project_dir=project)
    assert scope_now(moved).empty
    model = project / "models" / "marts" / "dim_figures.sql"
    model.write_text(model.read_text() + "\n-- a comment changes the project\n")

    assert scope_now(moved).reason == "the dbt project changed since the last build"
    # What dbt itself writes into the project folder (hidden files, target/, logs/) is not.
    before = build_scope.project_fingerprint(project)
    (project / ".user.yml").write_text("id: not part of the project\n")
    (project / "logs").mkdir()
    (project / "logs" / "dbt.log").write_text("a log line\n")
    assert build_scope.project_fingerprint(project) == before


def test_a_failed_build_records_nothing_and_the_next_build_covers_its_sources(built):
    recorded = scope_now(built).fingerprints
    # A watchlist figure of an unknown type: the build's accepted-values test fails.
    execute(built, "update raw_config.watchlist_figures set figure_type = 'pundit' "
                   "where figure_id = (select min(figure_id) from raw_config.watchlist_figures)")

    with pytest.raises(pipeline.StepFailed):
        pipeline.transform_step(built)

    con = duckdb.connect(str(built.warehouse_path), read_only=True)
    try:
        stored = dict(con.execute("select source, fingerprint from build_state.sources").fetchall())
    finally:
        con.close()
    assert stored == recorded
    assert scope_now(built).sources == ["config.watchlist_figures"]
