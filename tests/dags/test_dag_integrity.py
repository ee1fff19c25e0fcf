"""The DAG folder parses cleanly and every DAG states its contract."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.common.settings import REPO_ROOT

DAGS_DIR = REPO_ROOT / "dags"
APPROVED_TAGS = {"influence", "fec", "lda"}
HEAVY = {"duckdb", "pandas", "great_expectations", "dbt", "requests", "ingest"}


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


DAG_IDS = ("influence_fec", "influence_lda", "influence_fec_bulk")
# In chain order. validate reads the warehouse, and a reader blocks DuckDB writers: it takes the slot too.
WRITERS = ("load", "dbt_build", "link", "answers", "validate", "publish")


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(DAG_IDS) <= set(dagbag.dags)


def test_every_dag_has_approved_tags_retries_and_docs(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert set(dag.tags) <= APPROVED_TAGS and dag.tags, dag_id
        assert dag.max_active_runs == 1, dag_id
        assert dag.catchup is False, dag_id
        assert dag.doc_md and len(dag.doc_md) > 200, dag_id
        for task in dag.tasks:
            assert task.retries >= 2, f"{dag_id}.{task.task_id}"


def test_writers_share_the_one_slot_pool(dagbag):
    for dag_id in DAG_IDS:
        pools = {task.task_id: task.pool for task in dagbag.dags[dag_id].tasks}
        for writer in WRITERS:
            assert pools[writer] == "duckdb_writer", (dag_id, writer)
        readers = [t for t in pools if t not in WRITERS]
        assert readers and all(pools[t] != "duckdb_writer" for t in readers), dag_id


def test_a_run_further_along_takes_the_writer_slot_first(dagbag):
    """Absolute priorities that grow along the chain, the same in every DAG: when the slot frees,
    a run at `publish` goes before another DAG's run at `load`, so runs do not interleave."""
    for dag_id in DAG_IDS:
        dag = dagbag.dags[dag_id]
        weights = [dag.get_task(t).priority_weight for t in WRITERS]
        assert weights == sorted(weights) and len(set(weights)) == len(weights), (dag_id, weights)
        assert {str(dag.get_task(t).weight_rule) for t in WRITERS} <= {"absolute",
                                                                      "WeightRule.ABSOLUTE"}
    assert len({tuple(dagbag.dags[d].get_task(t).priority_weight for t in WRITERS)
                for d in DAG_IDS}) == 1


def test_pipeline_order(dagbag):
    dag = dagbag.dags["influence_fec"]
    downstream = {t.task_id: set(t.downstream_task_ids) for t in dag.tasks}
    assert downstream["resolve"] == {"extract"}
    assert downstream["extract"] == {"load"}
    assert downstream["load"] == {"dbt_build"}
    assert downstream["dbt_build"] == {"link"}
    assert downstream["link"] == {"answers"}
    assert downstream["answers"] == {"validate"}
    assert downstream["validate"] == {"publish"}


def test_lobbying_pipeline_order_and_cadence(dagbag):
    dag = dagbag.dags["influence_lda"]
    downstream = {t.task_id: set(t.downstream_task_ids) for t in dag.tasks}
    assert downstream["extract"] == {"extract_entities"}
    assert downstream["extract_entities"] == {"load"}
    assert downstream["extract_constants"] == {"load"}
    assert downstream["load"] == {"dbt_build"}
    assert downstream["dbt_build"] == {"link"}
    assert downstream["link"] == {"answers"}
    assert downstream["answers"] == {"validate"}
    assert downstream["validate"] == {"publish"}
    # Filings are quarterly and LD-203 reports semi-annual: weekly, on its own cadence.
    assert dag.schedule == "0 7 * * 1" != dagbag.dags["influence_fec"].schedule


def test_bulk_pipeline_order_cadence_and_fetch_mapping(dagbag):
    from ingest.common.fec_bulk_files import NAMES

    dag = dagbag.dags["influence_fec_bulk"]
    downstream = {t.task_id: set(t.downstream_task_ids) for t in dag.tasks}
    assert set(downstream) == {"fetch", *WRITERS, "needs_build", "validate", "site"}
    assert downstream["fetch"] == {"load"}
    # An unchanged rerun stops after the load: the short-circuit skips everything after it.
    assert downstream["load"] == {"needs_build"}
    assert downstream["needs_build"] == {"dbt_build"}
    needs_build = dag.get_task("needs_build")
    assert needs_build.ignore_downstream_trigger_rules is True
    assert needs_build.pool != "duckdb_writer"
    assert downstream["dbt_build"] == {"link"}
    assert downstream["link"] == {"answers"}
    assert downstream["answers"] == {"validate"}
    assert downstream["validate"] == {"publish"}
    assert downstream["publish"] == {"site"}
    # Weekly, the Monday after the FEC's Sunday refresh; not the API DAGs' slots.
    assert dag.schedule == "0 8 * * 1"
    assert dag.schedule not in {dagbag.dags[d].schedule for d in ("influence_fec", "influence_lda")}
    assert set(dag.params.keys()) == {"mode", "cycles", "files"}
    fetch = dag.get_task("fetch")
    # Mapped over every bulk file, at most two downloads at once (indiv zips are 4-6 GB).
    assert fetch.op_kwargs_expand_input.value["name"] == list(NAMES)
    assert fetch.max_active_tis_per_dagrun == 2


def test_bulk_dag_tasks_call_the_pipeline_steps():
    # The writer chain's tasks are shared by the three DAGs (dags/_chain.py).
    source = "".join((DAGS_DIR / name).read_text() for name in ("influence_fec_bulk.py", "_chain.py"))
    for step in ("bulk_fetch_step", "bulk_load_step", "bulk_needs_build", "transform_step", "link_step",
                 "answers_step", "validate_step", "publish_step"):
        assert f"from ingest.pipeline import {step}" in source, step


def test_dag_files_import_nothing_heavy_at_module_level():
    for path in DAGS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in HEAVY, f"{path.name} imports {name} at top level"


@pytest.mark.parametrize("dag_file", ["influence_fec.py", "influence_lda.py",
                                      "influence_fec_bulk.py"])
def test_parsing_the_dag_file_does_not_load_heavy_modules(dag_file):
    code = (
        "import sys, runpy; runpy.run_path(sys.argv[1]); "
        f"loaded = sorted(m for m in {sorted(HEAVY)!r} if m in sys.modules); print(loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(DAGS_DIR / dag_file)],
                         capture_output=True, text=True, check=True, cwd=Path(REPO_ROOT))
    assert out.stdout.strip().splitlines()[-1] == "[]"
