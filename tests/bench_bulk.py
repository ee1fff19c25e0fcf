"""Benchmark the FEC bulk path on an FEC-shaped ``itcont.txt`` of 1 M or 10 M rows:
``uv run python -m tests.bench_bulk --rows 1000000 [--rows 10000000]``.

The file is the real 2020-cycle individual contributions excerpt (35,336 rows:
``../shared/real-samples/fec_bulk/cycle2020_201903/itcont_odd_lines.txt``, else the bundled
``ingest/snapshot/bulk/2020/indiv20.zip``) repeated until it has the rows asked for. Each copy
gets fresh SUB_IDs (``5{copy:05d}{line:013d}``: 19 digits, unique, below 2^63) and fresh TRAN_IDs
(the real one with ``_{copy:05d}`` appended), so no two rows share a SUB_ID and the amendment rule
(same committee, report and TRAN_ID, later filing) pairs rows of one copy only, as in real data.
It is zipped in the FEC's layout (``2020/indiv20.zip``, member ``itcont.txt``) into a folder that
also holds the other real 2020 files of the bundled excerpt (cm, cn, ccl, pas2, oth, weball,
webl, webk, ``data_dictionaries/``, ``bulk_manifest.json``).

Measured in one run on the same file, each step in its own child process:

a. **bare DuckDB**: ``create table t as select * from read_csv(itcont.txt, delim='|',
   header=false, quote='', escape='', 21 VARCHAR columns)`` into a fresh DuckDB file (the
   physical anchor);
b. **the project's loader** (`ingest.load.bulk.load_bulk` of indiv into a fresh warehouse,
   after `download.fetch` from the folder): extracting the member from the zip (a thread, one
   part ahead) and DuckDB's read + insert overlap, so they are timed together; ratios to (a);
c. **the bulk DAG**: ``airflow dags test influence_fec_bulk`` with ``FEC_BULK_BASE_URL`` the
   generated folder, ``INFLUENCE_MODE=offline``, a fresh ``INFLUENCE_DATA_DIR`` and
   ``AIRFLOW_HOME`` (download, load, dbt build, link, answers, gate, publish), with every task's
   state and duration from Airflow's database and every dbt model's time from dbt's log;
d. **a rerun** of the DAG with no file changed: nothing downloaded, nothing loaded, the build
   steps skipped (checked from the task states and the fetch and load XComs);
e. **the saved questions** (`ingest.desk.questions.ask.ask`) on the published file, best of 3.

Peak memory, two ways: ``peak_rss`` is the largest resident set of any one process of the step
(``os.wait4``'s ``ru_maxrss``, which covers the child and every descendant it waited for);
``peak_tree_rss`` is the largest sum of the resident sets of the step's whole process tree,
sampled every 0.1 s with psutil (what the machine had to hold at once: for the DAG, Airflow
and the dbt or DuckDB process it started).

Prints a table and writes data/bench_bulk.json (one entry per row count).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_ITCONT = (REPO.parent / "shared" / "real-samples" / "fec_bulk" / "cycle2020_201903"
               / "itcont_odd_lines.txt")
BUNDLED = REPO / "ingest" / "snapshot" / "bulk"
CYCLE = 2020
TRAN_FIELD = 16  # TRAN_ID, 0-based, of the 21 indiv fields; SUB_ID is the last
COPY_MARK, SUB_MARK = b"\x00", b"\x01"
DAG_ID = "influence_fec_bulk"
TASK_ORDER = ["fetch", "load", "needs_build", "dbt_build", "link", "answers", "validate", "publish",
              "site"]
QUESTION_PARAMS = {"top_recipients_of_industry": {"industry": "wall_street_banks", "cycle": "2020"}}
GOALS = {"load_throughput_ratio_min": 0.8, "load_memory_ratio_max": 1.5,
         "dag_seconds_max": 300, "dag_peak_rss_max_bytes": 6 * 1024**3,
         "rerun_seconds_max": 30, "question_seconds_max": 1.0}


# -- the file ------------------------------------------------------------------------------------


def real_lines() -> list[bytes]:
    """The real itcont lines (without their LF): the shared sample, else the bundled excerpt."""
    if REAL_ITCONT.is_file():
        data = REAL_ITCONT.read_bytes()
    else:
        with zipfile.ZipFile(BUNDLED / "2020" / "indiv20.zip") as archive:
            data = archive.read("itcont.txt")
    return [line for line in data.split(b"\n") if line]


def template(lines: list[bytes]) -> bytes:
    """The lines as one block with two one-byte marks per line: COPY_MARK after the TRAN_ID and
    SUB_MARK + the line's 13-digit index in place of the SUB_ID. A copy is two `bytes.replace`."""
    out = []
    for index, line in enumerate(lines):
        fields = line.split(b"|")
        if len(fields) != 21:
            raise ValueError(f"line {index + 1} has {len(fields)} fields, not 21")
        fields[TRAN_FIELD] += COPY_MARK
        fields[-1] = SUB_MARK + b"%013d" % index
        out.append(b"|".join(fields))
    return b"\n".join(out) + b"\n"


def write_itcont(path: Path, rows: int) -> int:
    """Write `rows` FEC-shaped lines to `path`; return its size in bytes."""
    lines = real_lines()
    full = template(lines)
    size = 0
    with open(path, "wb") as out:
        copy = 0
        while rows > 0:
            block = full if rows >= len(lines) else template(lines[:rows])
            block = block.replace(COPY_MARK, b"_%05d" % copy).replace(SUB_MARK, b"5%05d" % copy)
            out.write(block)
            size += len(block)
            rows -= min(rows, len(lines))
            copy += 1
    return size


def manifest(rows: int) -> dict:
    data = json.loads((BUNDLED / "bulk_manifest.json").read_text())
    data["note"] = (f"BENCHMARK (tests/bench_bulk.py): indiv20.zip holds the real excerpt's "
                    f"{len(real_lines()):,} rows repeated to {rows:,} with fresh SUB_IDs and "
                    "TRAN_IDs; the other files are the real 2020 files as of 2019-03-22. "
                    "Not FEC data: do not publish.")
    data["files"]["indiv20.zip"]["excerpt_of"] = "scaled by tests/bench_bulk.py"
    return data


def generate(rows: int, work: Path) -> dict:
    """``work/itcont.txt`` and the folder ``work/fec`` in the FEC's layout around it."""
    started = time.perf_counter()
    text = work / "itcont.txt"
    size = write_itcont(text, rows)
    written = time.perf_counter() - started
    folder = work / "fec"
    shutil.copytree(BUNDLED, folder, ignore=shutil.ignore_patterns("indiv20.zip"))
    (folder / "bulk_manifest.json").write_text(json.dumps(manifest(rows), indent=1))
    zipped = folder / str(CYCLE) / "indiv20.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.write(text, "itcont.txt")
    return {"rows": rows, "itcont_bytes": size, "zip_bytes": zipped.stat().st_size,
            "write_seconds": round(written, 1),
            "zip_seconds": round(time.perf_counter() - started - written, 1)}


# -- measuring a child process -------------------------------------------------------------------


def measure(command: list[str], *, env: dict | None = None, log: Path, cwd: Path = REPO,
            give_up: str | None = None) -> dict:
    """Run `command` to completion; its seconds, exit code, peak RSS (one process, wait4) and
    peak tree RSS (sum over the process tree, sampled). Output goes to `log`. When `give_up`
    appears in the log (a task waiting for its retry), the process tree is killed."""
    import psutil

    peak = {"bytes": 0, "top": [], "gave_up": False, "series": []}
    done = threading.Event()

    def sample(pid: int) -> None:
        try:
            root = psutil.Process(pid)
        except psutil.Error:
            return
        offset, next_check, failed = 0, 0.0, False
        while not done.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            sizes = []
            for process in processes:
                try:
                    sizes.append((process.memory_info().rss, " ".join(process.cmdline()[:3])[-80:]))
                except psutil.Error:
                    pass
            total = sum(size for size, _ in sizes)
            peak["series"].append((time.time(), total))
            if total > peak["bytes"]:
                peak["bytes"] = total
                peak["top"] = [(f"{size / 1024**2:.0f} MB", name)
                               for size, name in sorted(sizes, reverse=True)[:3]]
            if give_up and time.monotonic() >= next_check:  # only the new bytes, every 2 s
                next_check = time.monotonic() + 2
                with open(log, "rb") as handle:
                    handle.seek(max(0, offset - len(give_up)))
                    new = handle.read()
                    offset = handle.tell()
                failed = give_up.encode() in new
            if give_up and failed:
                peak["gave_up"] = True
                for process in reversed(processes):
                    try:
                        process.kill()
                    except psutil.Error:
                        pass
                break
            done.wait(0.1)

    before = round(os.getloadavg()[0], 1)
    with open(log, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(seconds, 2), "returncode": process.returncode,
            "load_average_1m": [before, round(os.getloadavg()[0], 1)],
            "peak_rss": usage.ru_maxrss * 1024, "peak_tree_rss": peak["bytes"],
            "peak_tree_top": peak["top"], "gave_up": peak["gave_up"], "series": peak["series"]}


def child(step: str, *args: str, log: Path) -> dict:
    """Run ``python -m tests.bench_bulk --child step args`` measured; merge the JSON it prints."""
    result = measure([sys.executable, "-m", "tests.bench_bulk", "--child", step, *args], log=log)
    del result["series"]
    lines = log.read_text().strip().splitlines()
    if result["returncode"] != 0 or not lines or not lines[-1].startswith("{"):
        raise RuntimeError(f"{step} failed ({result['returncode']}); see {log}:\n"
                           + "\n".join(lines[-30:]))
    return {**json.loads(lines[-1]), **result}


def _bare(text: str, db: str) -> dict:
    import duckdb

    from ingest.common.fec_bulk_files import COLUMNS

    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in COLUMNS["indiv"])
    started = time.perf_counter()
    con = duckdb.connect(db)
    con.execute(f"""create table t as select * from read_csv('{text}', delim = '|',
                    header = false, quote = '', escape = '', columns = {{{columns}}})""")
    rows = con.execute("select count(*) from t").fetchone()[0]
    con.close()
    return {"rows": rows, "inner_seconds": round(time.perf_counter() - started, 2)}


def _loader(folder: str, data_dir: str) -> dict:
    import logging

    from ingest.common.warehouse import connect
    from ingest.load import bulk as load
    from ingest.sources.fec_bulk.download import fetch, fetch_header

    logging.basicConfig(level=logging.INFO)
    bulk_dir = Path(data_dir) / "bulk"
    started = time.perf_counter()
    fetch_header(folder, "indiv", bulk_dir)
    fetch(folder, CYCLE, "indiv", bulk_dir, progress=lambda done, total: None)
    fetched = time.perf_counter()
    con = connect(Path(data_dir) / "warehouse.duckdb")
    loading = time.perf_counter()
    [result] = load.load_bulk(con, bulk_dir, ["indiv"], [CYCLE])
    con.close()  # the checkpoint, as the bare read's close
    loaded = time.perf_counter()
    if result.status != "loaded":
        raise RuntimeError(f"indiv not loaded: {result}")
    return {"rows": result.rows_loaded, "rows_rejected": result.rows_rejected,
            "download_seconds": round(fetched - started, 2),
            "load_seconds": round(loaded - loading, 2)}


# -- the DAG -------------------------------------------------------------------------------------


def dag_env(airflow_home: Path, data_dir: Path, folder: Path) -> dict:
    from tests.bench import airflow_env

    env = airflow_env(airflow_home, data_dir)
    env.update(INFLUENCE_MODE="offline", FEC_BULK_BASE_URL=str(folder), DO_NOT_TRACK="1",
               NO_COLOR="1")
    for name in ("INFLUENCE_BULK_CYCLES", "INFLUENCE_BULK_FILES"):
        env.pop(name, None)
    return env


def task_results(airflow_home: Path, series: list[tuple[float, int]] = ()) -> dict:
    """Per task of the latest bulk DAG run: state, seconds, the XCom it returned, and the peak
    tree RSS sampled while it ran (`series`: (epoch seconds, bytes))."""
    con = sqlite3.connect(airflow_home / "airflow.db")
    try:
        run_id = con.execute("select run_id from dag_run where dag_id = ? order by id desc limit 1",
                             [DAG_ID]).fetchone()[0]
        tasks = {}
        for task_id, _map_index, state, duration, start, end in con.execute(
                "select task_id, map_index, state, duration, start_date, end_date "
                "from task_instance where dag_id = ? and run_id = ? order by task_id, map_index",
                [DAG_ID, run_id]):
            entry = tasks.setdefault(task_id, {"states": [], "seconds": 0.0, "xcom": [],
                                               "peak_tree_rss": 0})
            entry["states"].append(state)
            entry["seconds"] = round(entry["seconds"] + (duration or 0), 1)
            if duration and start and end:
                began, ended = (datetime.fromisoformat(v).replace(tzinfo=UTC).timestamp()
                                for v in (start, end))
                entry["peak_tree_rss"] = max([entry["peak_tree_rss"]] + [
                    size for when, size in series if began <= when <= ended])
        for task_id, _map_index, value in con.execute(
                "select task_id, map_index, value from xcom where dag_id = ? and run_id = ? "
                "and key = 'return_value' order by task_id, map_index", [DAG_ID, run_id]):
            try:
                value = json.loads(value)
                value = json.loads(value) if isinstance(value, str) else value
            except (TypeError, ValueError):
                pass
            tasks.setdefault(task_id, {"states": [], "seconds": 0.0, "xcom": [],
                                       "peak_tree_rss": 0})["xcom"].append(value)
        return {"run_id": run_id, "tasks": tasks}
    finally:
        con.close()


DBT_LINE = re.compile(r"\d+ of \d+ (OK|PASS|ERROR|FAIL|WARN|SKIP)\w* (?:created )?(?:sql )?"
                      r"(\w+ model|test|unit_test|seed)? ?([\w.:]+).*?\[\w+(?: \d+)? in ([\d.]+)s\]")


def dbt_timings(text: str, top: int = 12) -> dict:
    """Per dbt build in a DAG log (``transform``: ``--exclude source:links+``; ``answers``:
    ``--select``): its node count, the sum of its node times, and the slowest nodes (node,
    seconds), slowest first. dbt's own run_results.json keeps only the last build's."""
    out = {}
    parts = re.split(r"running \S*dbt build (--exclude|--select) ", text)
    for flag, part in zip(parts[1::2], parts[2::2], strict=True):
        seen = {}
        for match in DBT_LINE.finditer(part):
            seen[match[3]] = float(match[4])
        out["transform" if flag == "--exclude" else "answers"] = {
            "nodes": len(seen), "node_seconds": round(sum(seen.values()), 1),
            "slowest": sorted(seen.items(), key=lambda item: -item[1])[:top]}
    return out


def run_dag(env: dict, airflow_home: Path, log: Path, dag_id: str = DAG_ID) -> dict:
    """`airflow dags test dag_id`, measured; a failed task fails the benchmark at once (the DAGs
    retry after 10 minutes)."""
    airflow = str(Path(sys.executable).with_name("airflow"))
    result = measure([airflow, "dags", "test", dag_id], env=env, log=log,
                     give_up="new_state=up_for_retry")
    series = result.pop("series")
    text = log.read_text(errors="replace")
    if result["gave_up"]:
        raise RuntimeError(f"{dag_id}: a task failed; see {log}:\n" + "\n".join(
            line for line in text.splitlines() if "ERROR" in line or "Error" in line)[-3000:])
    if dag_id != DAG_ID:
        return result
    tasks = task_results(airflow_home, series)
    result.update(tasks)
    result["dbt"] = dbt_timings(text)
    finished = re.search(r"DagRun Finished: .*?state=(\w+)", text)
    result["state"] = finished[1] if finished else None
    if result["returncode"] != 0 or result["state"] != "success":
        failed = [t for t, v in tasks["tasks"].items() if "failed" in v["states"]]
        raise RuntimeError(f"{DAG_ID} did not succeed (tasks failed: {failed}); see {log}")
    return result


def bench_dag(folder: Path, work: Path) -> tuple[dict, dict]:
    airflow_home, data_dir = work / "airflow", work / "dag_data"
    env = dag_env(airflow_home, data_dir, folder)
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([airflow, "pools", "set", "duckdb_writer", "1", "writer"], env=env, check=True,
                   capture_output=True)
    # The bulk DAG builds every model, and the watchlist's figures are resolved only by the API
    # DAG: on a data folder holding nothing else its dbt build fails (raw_config, raw_fec and
    # raw_lda do not exist; with them created empty, dim_figures' n_committees >= 1 test fails).
    # So, as `make run` does, the two API DAGs run first on the offline snapshot (not timed here).
    # influence_fec is required (its load creates raw_config, raw_fec and raw_lda and resolves
    # the figures); influence_lda only adds lobbying rows, so its failure is noted, not fatal.
    setup = {}
    for dag_id in ("influence_fec", "influence_lda"):
        try:
            setup[dag_id] = run_dag(env, airflow_home, work / f"{dag_id}.log", dag_id)["seconds"]
        except RuntimeError as exc:
            if dag_id == "influence_fec":
                raise
            setup[dag_id] = f"failed: {str(exc)[-400:]}"
            print(f"note: {dag_id} failed; the bulk DAG runs without lobbying data", flush=True)
    first = run_dag(env, airflow_home, work / "dag_first.log")
    first["setup_seconds"] = setup
    fetched = {p.name: p.read_text() for p in (data_dir / "bulk").rglob("*.fetch.json")}
    rerun = run_dag(env, airflow_home, work / "dag_rerun.log")
    tasks = rerun["tasks"]
    fetch_x = [x for x in tasks["fetch"]["xcom"] if isinstance(x, dict)]
    load_x = tasks["load"]["xcom"][0]
    rerun["downloaded_files"] = sum(x.get("changed", 0) for x in fetch_x)
    rerun["downloaded_bytes"] = sum(x.get("bytes", 0) for x in fetch_x)
    rerun["loaded_files"] = load_x["files_loaded"]
    rerun["skipped_tasks"] = sorted(t for t, v in tasks.items() if set(v["states"]) == {"skipped"})
    unchanged = fetched == {p.name: p.read_text() for p in (data_dir / "bulk").rglob("*.fetch.json")}
    assert rerun["downloaded_files"] == 0 and rerun["downloaded_bytes"] == 0 and unchanged, \
        "the rerun downloaded something"
    assert rerun["loaded_files"] == 0, "the rerun loaded something"
    return first, rerun


def bench_questions(published: Path, repeat: int = 3) -> dict:
    import duckdb

    from ingest.desk.questions.ask import ask, load_questions

    con = duckdb.connect(str(published), read_only=True)
    try:
        candidate = con.execute("""
            select recipient_id from fct_industry_recipient_totals
            where recipient_type = 'candidate' group by 1 order by sum(amount) desc limit 1
        """).fetchone()
    finally:
        con.close()
    params = dict(QUESTION_PARAMS)
    if candidate:
        params["top_industries_for_candidate"] = {"candidate": candidate[0]}
    out = {}
    for name in load_questions():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            _, rows = ask(name, published, params.get(name))
            times.append(time.perf_counter() - started)
        out[name] = {"seconds": round(min(times), 3), "rows": len(rows),
                     "params": params.get(name)}
    return out


# -- the run -------------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def bench(rows: int, work: Path, *, dag: bool = True) -> dict:
    out: dict = {"rows": rows, "generate": generate(rows, work)}
    text = work / "itcont.txt"
    bare = child("bare", str(text), str(work / "bare.duckdb"), log=work / "bare.log")
    (work / "bare.duckdb").unlink()
    loader = child("load", str(work / "fec"), str(work / "load_data"), log=work / "load.log")
    shutil.rmtree(work / "load_data")
    text.unlink()  # the DAG extracts its own copy
    # Both rates from inside the child (connect or load to close): no interpreter start-up.
    bare["process_seconds"] = bare["seconds"]
    bare["seconds"] = bare["inner_seconds"]
    bare["rows_per_second"] = int(bare["rows"] / bare["seconds"])
    loader["rows_per_second"] = int(loader["rows"] / loader["load_seconds"])
    loader["throughput_ratio"] = ratio(loader["rows_per_second"], bare["rows_per_second"])
    loader["memory_ratio"] = ratio(loader["peak_rss"], bare["peak_rss"])
    out.update(bare=bare, loader=loader)
    if dag:
        first, rerun = bench_dag(work / "fec", work)
        out.update(dag=first, rerun=rerun)
        out["questions"] = bench_questions(work / "dag_data" / "influence.duckdb")
    out["goals"] = goals(out)
    return out


def goals(out: dict) -> dict:
    loader = out["loader"]
    result = {
        "load_throughput >= 0.8x bare": loader["throughput_ratio"] >= GOALS["load_throughput_ratio_min"],
        "load_peak_rss <= 1.5x bare": loader["memory_ratio"] <= GOALS["load_memory_ratio_max"],
    }
    if "dag" in out:
        result["dag < 300 s"] = out["dag"]["seconds"] < GOALS["dag_seconds_max"]
        result["dag peak tree RSS < 6 GB"] = out["dag"]["peak_tree_rss"] < GOALS["dag_peak_rss_max_bytes"]
        result["rerun < 30 s, no download, no load"] = (
            out["rerun"]["seconds"] < GOALS["rerun_seconds_max"]
            and out["rerun"]["downloaded_files"] == 0 and out["rerun"]["loaded_files"] == 0)
        result["every question < 1 s"] = all(q["seconds"] < GOALS["question_seconds_max"]
                                             for q in out["questions"].values())
    return result


def _mb(value: int) -> str:
    return f"{value / 1024**2:,.0f} MB"


def table(results: list[dict]) -> str:
    head = f"{'rows':>11} {'step':<42} {'seconds':>8} {'rows/s':>11} {'peak RSS':>10} " \
           f"{'tree RSS':>10} {'vs bare DuckDB':>18}"
    lines = [head, "-" * len(head)]

    def line(rows, step, seconds, rate=None, rss=None, tree=None, vs=""):
        lines.append(f"{rows:>11,} {step:<42} {seconds:>8.2f} {rate or '':>11} "
                     f"{_mb(rss) if rss else '':>10} {_mb(tree) if tree else '':>10} {vs:>18}")

    for out in results:
        rows, bare, loader = out["rows"], out["bare"], out["loader"]
        line(rows, "a. bare DuckDB read_csv", bare["seconds"], f"{bare['rows_per_second']:,}",
             bare["peak_rss"], bare["peak_tree_rss"], "1.00x / 1.00x mem")
        line(rows, "b. loader (extract + read)", loader["load_seconds"],
             f"{loader['rows_per_second']:,}", loader["peak_rss"], loader["peak_tree_rss"],
             f"{loader['throughput_ratio']}x / {loader['memory_ratio']}x mem")
        line(rows, "   (download from the folder)", loader["download_seconds"])
        if "dag" in out:
            line(rows, "c. bulk DAG, first run", out["dag"]["seconds"],
                 f"{int(rows / out['dag']['seconds']):,}", out["dag"]["peak_rss"],
                 out["dag"]["peak_tree_rss"])
            tasks = out["dag"]["tasks"]
            for task in sorted(tasks, key=lambda t: (TASK_ORDER + [t]).index(t)):
                line(rows, f"   task {task}", tasks[task]["seconds"],
                     tree=tasks[task]["peak_tree_rss"])
            line(rows, "d. bulk DAG, rerun (unchanged)", out["rerun"]["seconds"], None,
                 out["rerun"]["peak_rss"], out["rerun"]["peak_tree_rss"])
            for name, q in out["questions"].items():
                line(rows, f"e. {name}"[:42], q["seconds"])
    for out in results:
        for build, timing in out.get("dag", {}).get("dbt", {}).items():
            slowest = ", ".join(f"{node} {seconds:.1f} s" for node, seconds in timing["slowest"][:5])
            lines.append(f"{out['rows']:>11,} dbt {build}: {timing['nodes']} nodes, "
                         f"{timing['node_seconds']} s in nodes; slowest: {slowest}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append",
                        help="rows of itcont.txt (repeatable; default 1,000,000)")
    parser.add_argument("--no-dag", action="store_true", help="only generate, bare DuckDB, loader")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "bench_bulk.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, *rest = args.child
        print(json.dumps({"bare": _bare, "load": _loader}[step](*rest)))
        return []
    results = []
    for rows in args.rows or [1_000_000]:
        work = Path(tempfile.mkdtemp(prefix=f"bench_bulk_{rows}_", dir=args.work))
        try:
            results.append(bench(rows, work, dag=not args.no_dag))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            else:
                print(f"kept {work}")
    summary = {"method": {
        "peak_rss": "largest resident set of one process of the step (os.wait4 ru_maxrss)",
        "peak_tree_rss": "largest sum of resident sets of the step's process tree (psutil, 0.1 s)",
        "steps": "each in its own child process, one after the other, on the same file",
        "machine": f"{os.cpu_count()} cores"}, "goals": GOALS, "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    by_rows = {r["rows"]: r for r in previous.get("results", [])}
    by_rows.update({r["rows"]: r for r in results})
    summary["results"] = [by_rows[k] for k in sorted(by_rows)]
    args.out.write_text(json.dumps(summary, indent=1, default=str))
    print(table(results))
    print(json.dumps({r["rows"]: r["goals"] for r in results}, indent=1))
    return results


if __name__ == "__main__":
    main()
