"""The writer chain the three influence DAGs share: dbt_build -> link -> answers -> validate ->
publish -> site, after each DAG's own load.

Imports only Airflow's SDK at parse time (every `ingest` import is inside a task), like the DAG
files. Not a DAG file itself: ``.airflowignore`` keeps the DAG processor from parsing it, and the
DAG files import it from the DAGs folder, which Airflow puts on ``sys.path``.
"""

from __future__ import annotations

from collections.abc import Callable

from airflow.sdk import task

WRITER_POOL = "duckdb_writer"
# Every task that reads or writes the warehouse (validate too: its read-only handle blocks writers)
# takes the one writer slot. A run further along its chain gets the slot first, so two DAGs' runs
# do not interleave their steps; publish runs the gate again if another run wrote in between.
# The DAGs' load tasks take priority 1; the chain below goes on from 2.
WRITER = {"pool": WRITER_POOL, "weight_rule": "absolute"}


def writer_chain(settings: Callable[[dict], object], loaded):
    """Add the tasks after the load to the DAG being defined, downstream of `loaded` (the load's
    output, or the bulk DAG's short-circuit); `settings` turns a run's params into `Settings`.
    Returns the last task's output (`site`)."""

    @task(**WRITER, priority_weight=2)
    def dbt_build(loaded: dict, params=None) -> dict:
        from ingest.pipeline import transform_step

        return transform_step(settings(params))

    @task(**WRITER, priority_weight=3)
    def link(built: dict, params=None) -> dict:
        from ingest.pipeline import link_step

        return link_step(settings(params))

    @task(**WRITER, priority_weight=4)
    def answers(linked: dict, params=None) -> dict:
        from ingest.pipeline import answers_step

        return answers_step(settings(params))

    @task(**WRITER, priority_weight=5)
    def validate(linked: dict, params=None) -> dict:
        from ingest.pipeline import validate_step

        return validate_step(settings(params))

    @task(**WRITER, priority_weight=6)
    def publish(validated: dict, params=None) -> dict:
        from ingest.pipeline import publish_step

        return publish_step(settings(params))

    @task
    def site(published: dict, params=None) -> dict:
        from ingest.pipeline import site_step

        return site_step(settings(params))

    return site(publish(validate(answers(link(dbt_build(loaded))))))
