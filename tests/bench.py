"""Benchmarks (`make bench`): end-to-end DAG runs, DAG parse time, loader throughput, the
link step (time and donor-clustering precision/recall) on 100,000 synthetic receipts
(``BENCH_LINKAGE_ROWS``; 1,000,000 takes about a minute: ``python -m tests.bench_linkage --rows
1000000``), the FEC bulk path on a 1,000,000-row itcont.txt (``BENCH_BULK_ROWS``, e.g.
``10000000``; see tests/bench_bulk.py), and the real steps on 100,000 generated OpenFEC-shaped
Schedule A receipts beside DuckDB's own read_json (``BENCH_SCALE_ROWS``, e.g.
``100000,1000000``; see tests/bench_scale.py).

Timings live here rather than in tests. Results are printed and written to data/bench.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def airflow_env(airflow_home: Path, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{airflow_home}/airflow.db",
        INFLUENCE_DATA_DIR=str(data_dir),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return env


def bench_dag_run(tmp: Path) -> dict:
    """Time `airflow dags test` of both DAGs on a fresh data folder, then again (reruns)."""
    airflow_bin = str(Path(sys.executable).with_name("airflow"))
    env = airflow_env(tmp / "airflow", tmp / "data")
    subprocess.run([airflow_bin, "db", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([airflow_bin, "pools", "set", "duckdb_writer", "1", "writer"], env=env,
                   check=True, capture_output=True)
    out = {}
    for label in ("first_run", "rerun"):
        for dag_id in ("influence_fec", "influence_lda"):
            started = time.perf_counter()
            subprocess.run([airflow_bin, "dags", "test", dag_id], env=env, check=True,
                           capture_output=True)
            out[f"{dag_id}_{label}_seconds"] = round(time.perf_counter() - started, 1)
    import duckdb

    # the raw tables stay in the warehouse; the published file holds the answer tables
    warehouse = duckdb.connect(str(tmp / "data" / "warehouse.duckdb"), read_only=True)
    out["raw_rows"] = dict(warehouse.execute("""
        select schema_name || '.' || table_name, estimated_size from duckdb_tables()
        where schema_name in ('raw_fec', 'raw_lda') and not starts_with(table_name, '_')
        order by 1""").fetchall())
    warehouse.close()
    con = duckdb.connect(str(tmp / "data" / "influence.duckdb"), read_only=True)
    out["mart_rows"] = dict(con.execute("""
        select table_name, estimated_size from duckdb_tables() where schema_name = 'main'
        order by table_name""").fetchall())
    out["reconciliation"] = [
        {"figure_id": f, "cycle": c, "difference": float(d) if d is not None else None}
        for f, c, d in con.execute("""select figure_id, cycle, reconciliation_difference
                                      from main.fct_figure_cycle_summary order by 1, 2""").fetchall()
    ]
    con.close()
    return out


def bench_dag_parse(repeat: int = 5) -> dict:
    """Seconds to execute the DAG file once Airflow is imported, as the dag-processor does it
    (it imports Airflow once and re-parses files), plus the cold start for reference."""
    code = ("import time; t0 = time.perf_counter(); import airflow.sdk, pendulum; "
            "t1 = time.perf_counter(); import runpy; "
            f"runpy.run_path({str(REPO / 'dags' / 'influence_fec.py')!r}); "
            "print(t1 - t0, time.perf_counter() - t1)")
    parse, cold = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        airflow_import, dag_file = map(float, out.stdout.strip().splitlines()[-1].split())
        parse.append(dag_file)
        cold.append(airflow_import + dag_file)
    return {"dag_file_parse_seconds_median": round(statistics.median(parse), 3),
            "dag_file_parse_seconds_max": round(max(parse), 3),
            "cold_start_with_airflow_import_seconds_median": round(statistics.median(cold), 2)}


def bench_loader(tmp: Path, files: int = 200, rows_per_file: int = 100) -> dict:
    """Rows per second for `load_landing` on synthetic Schedule A pages."""
    import duckdb

    from ingest.landing.zone import land_response
    from ingest.load.responses import load_landing

    landing = tmp / "landing"
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for f in range(files):
        results = [{"sub_id": str(10**18 + f * rows_per_file + r), "committee_id": "C00000001",
                    "contribution_receipt_amount": 10.0 + r, "contributor_name": f"DONOR {r}",
                    "contribution_receipt_date": "2016-01-01T00:00:00"}
                   for r in range(rows_per_file)]
        body = json.dumps({"api_version": "1.0", "results": results, "pagination": {}}).encode()
        land_response(landing, source="fec", kind="schedule_a", query_dir="bench", page=f + 1,
                      body=body, request_path="/schedules/schedule_a/", params={}, status=200,
                      fetched_at=when, base_url="bench")
    con = duckdb.connect(str(tmp / "bench.duckdb"))
    started = time.perf_counter()
    summary = load_landing(con, landing, tmp / "quarantine")
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    load_landing(con, landing, tmp / "quarantine")
    again = time.perf_counter() - started
    con.close()
    rows = summary.rows_by_kind["schedule_a"]
    return {"loader_rows": rows, "loader_seconds": round(seconds, 2),
            "loader_rows_per_second": int(rows / seconds),
            "loader_noop_reload_seconds": round(again, 2)}


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results.update(bench_dag_parse())
        results.update(bench_loader(Path(tmp) / "loader"))
        results["dag_test"] = bench_dag_run(Path(tmp) / "dag")
    from tests.bench_linkage import main as bench_linkage

    rows = int(os.environ.get("BENCH_LINKAGE_ROWS", "100000"))
    linkage = bench_linkage(["--rows", str(rows)])
    results["linkage"] = {key: linkage[key] for key in (
        "rows", "link_seconds", "rerun_seconds", "donor_pair_precision", "donor_pair_recall",
        "donor_pair_bands", "lobbyist_pair_bands", "organization_pair_bands")}
    # The FEC bulk path on an FEC-shaped itcont.txt: bare DuckDB vs the loader, the bulk DAG,
    # its unchanged rerun and the saved questions (tests/bench_bulk.py, which prints its own
    # table and writes data/bench_bulk.json). 1,000,000 rows by default, about 7 minutes;
    # BENCH_BULK_ROWS=10000000 (or "1000000,10000000") for the 10 M-row figures.
    from tests.bench_bulk import main as bench_bulk

    bulk_rows = [r.strip() for r in os.environ.get("BENCH_BULK_ROWS", "1000000").split(",")]
    bulk = bench_bulk([arg for r in bulk_rows if r for arg in ("--rows", r)])
    results["bulk"] = [{key: run[key] for key in ("rows", "bare", "loader", "goals")}
                       | {key: {k: v for k, v in run[key].items() if k in (
                           "seconds", "peak_rss", "peak_tree_rss", "downloaded_files",
                           "loaded_files", "skipped_tasks")}
                          for key in ("dag", "rerun") if key in run}
                       | {"questions": {name: q["seconds"]
                                        for name, q in run.get("questions", {}).items()}}
                       for run in bulk]
    # The real steps (load, transform, link, answers, validate, publish, then 1 % more) on
    # generated OpenFEC-shaped Schedule A pages, beside DuckDB's own read_json
    # (tests/bench_scale.py, which prints its own table and writes data/bench_scale.json).
    # 100,000 receipts by default; BENCH_SCALE_ROWS="100000,1000000" for the scaling.
    from tests.bench_scale import main as bench_scale

    scale_rows = [r.strip() for r in os.environ.get("BENCH_SCALE_ROWS", "100000").split(",")]
    results["scale"] = [{key: run[key] for key in ("rows", "anchor", "steps")}
                        for run in bench_scale([arg for r in scale_rows if r
                                                for arg in ("--rows", r)])]
    print(json.dumps(results, indent=1))
    out = REPO / "data" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
