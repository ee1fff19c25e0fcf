"""Fault benchmark: a live `influence extract` + `influence load` against local stand-ins of
OpenFEC and LDA.gov that misbehave, compared with the same run against well-behaved ones.

The stand-ins are the project's fakes (`tests/fakes`) with `Chaos`: 10 % of calls answered
500/502/503/504, every 7th answered 429 with ``Retry-After``, 5 % of bodies cut short and 5 % of
connections dropped (seeded; no request fails more than three times in a row). Each source's
extract runs as its own `influence` process (both at once), then one `influence load`. Checks
that the faulty run needs no manual rerun, lands exactly the rows of the clean run, costs at most
twice its calls, and leaves neither key anywhere in the data folder.

    python -m tests.bench_faults            # the retry defaults (1 s back-off base)
    python -m tests.bench_faults --fast     # 0.05 s back-off base, Retry-After 0

Results are printed and written to data/bench_faults.json. `tests/integration/test_api_faults.py`
runs the same comparison (fast) as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from tests.fakes._http_fake import Chaos
from tests.fakes.fec_api import FakeFecApi
from tests.fakes.lda_api import FakeLdaApi

REPO = Path(__file__).resolve().parent.parent
INFLUENCE = str(Path(sys.executable).with_name("influence"))
LDA_YEARS = "2015,2016,2017,2018"
DEFAULT_CHAOS = dict(error_rate=0.10, every_nth_429=7, truncate_rate=0.05, drop_rate=0.05)


def _env(fec: FakeFecApi, lda: FakeLdaApi, fec_key: str, lda_key: str, extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INFLUENCE_", "FEC_", "LDA_"))}
    env.update(
        INFLUENCE_MODE="live", INFLUENCE_LDA_YEARS=LDA_YEARS,
        FEC_API_BASE_URL=fec.base_url, FEC_API_KEY=fec_key, FEC_RATE_LIMIT_PER_HOUR="1000000",
        LDA_API_BASE_URL=lda.base_url, LDA_API_KEY=lda_key, LDA_RATE_LIMIT_PER_MINUTE="1000000",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1",
    )
    env.update(extra)
    return env


def _raw_tables(warehouse: Path) -> dict[str, dict]:
    """Rows of every raw API table: count and a digest of (record_key, record)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute("""
            select schema_name || '.' || table_name from duckdb_tables()
            where schema_name in ('raw_fec', 'raw_lda') and not starts_with(table_name, '_')
            order by 1""").fetchall()
        out = {}
        for (table,) in tables:
            n, digest = con.execute(
                f"select count(*), md5(coalesce(string_agg(record_key || ':' || "
                f"md5(record::varchar), ',' order by record_key), '')) from {table}").fetchone()
            out[table] = {"rows": n, "digest": digest}
        for schema in ("raw_fec", "raw_lda"):
            for name in ("_quarantine", "_rejects"):
                out[f"{schema}.{name}"] = {"rows": con.execute(
                    f"select count(*) from {schema}.{name}").fetchone()[0]}
        return out
    finally:
        con.close()


def _retried(stdout: str) -> str:
    return next((line.split(None, 1)[1] for line in stdout.splitlines()
                 if line.startswith("retried ")), "nothing")


def fault_run(work: Path, *, chaos: Chaos | None, backoff_base: float | None = None,
              seed: int = 7) -> dict:
    """One extract (both sources at once) + load into `work`/data; returns its figures."""
    fec_key, lda_key = f"fec-{secrets.token_hex(12)}", f"lda-{secrets.token_hex(12)}"
    data = Path(work) / "data"
    data.mkdir(parents=True, exist_ok=True)
    extra = {} if backoff_base is None else {"INFLUENCE_HTTP_BACKOFF_BASE": str(backoff_base)}
    with FakeFecApi(api_key=fec_key) as fec, FakeLdaApi(api_key=lda_key) as lda:
        for number, fake in enumerate((fec, lda)):
            fake.set_chaos(None if chaos is None else
                           Chaos(**{**chaos.__dict__, "seed": chaos.seed + number}))
        env = _env(fec, lda, fec_key, lda_key, extra)
        figures: dict = {"sources": {}}
        started = time.monotonic()
        runs = {}
        for source in ("fec", "lda"):
            log = open(Path(work) / f"extract-{source}.log", "w")  # noqa: SIM115
            runs[source] = (subprocess.Popen(
                [INFLUENCE, "--data-dir", str(data), "extract", "--source", source],
                env=env, stdout=log, stderr=subprocess.STDOUT, text=True, cwd=REPO),
                time.monotonic(), log)
        ended = {}
        while len(ended) < len(runs):
            for source, (process, _, _) in runs.items():
                if source not in ended and process.poll() is not None:
                    ended[source] = time.monotonic()
            time.sleep(0.1)
        for source, (process, began, log) in runs.items():
            log.close()
            output = (Path(work) / f"extract-{source}.log").read_text()
            fake = fec if source == "fec" else lda
            figures["sources"][source] = {
                "exit": process.returncode, "calls": fake.calls_received,
                "faults_injected": dict(fake.chaos_counts),
                "seconds": round(ended[source] - began, 1),
                "client_retries": _retried(output),
                "tail": output.strip().splitlines()[-3:],
            }
        figures["extract_seconds"] = round(time.monotonic() - started, 1)
        began = time.monotonic()
        load = subprocess.run([INFLUENCE, "--data-dir", str(data), "-q", "load"], env=env,
                              capture_output=True, text=True, cwd=REPO)
        figures["load"] = {"exit": load.returncode, "seconds": round(time.monotonic() - began, 1),
                           "stderr": load.stderr.strip()[-500:]}
    figures["tables"] = _raw_tables(data / "warehouse.duckdb") if load.returncode == 0 else {}
    figures["landed_files"] = sum(1 for p in (data / "landing").rglob("*_p*.json")
                                  if not p.name.endswith(".meta.json"))
    quarantine = data / "quarantine"
    figures["quarantined_files"] = sorted(str(p.relative_to(data)) for p in quarantine.rglob("*")
                                          if p.is_file()) if quarantine.exists() else []
    figures["files_with_a_key"] = sorted(
        str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()
        and (fec_key.encode() in (body := p.read_bytes()) or lda_key.encode() in body))
    return figures


def compare(clean: dict, faulty: dict) -> dict:
    """What the issue asks of the faulty run, against the clean one."""
    return {
        "finished_without_rerun": all(s["exit"] == 0 for s in faulty["sources"].values())
        and faulty["load"]["exit"] == 0,
        "same_rows_as_clean": faulty["tables"] == clean["tables"] and bool(clean["tables"]),
        "call_ratio": {source: round(faulty["sources"][source]["calls"]
                                     / clean["sources"][source]["calls"], 2)
                       for source in ("fec", "lda")},
        "key_in_data_dir": faulty["files_with_a_key"] + clean["files_with_a_key"],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true",
                        help="0.05 s back-off base and Retry-After 0 (the test's settings)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", default=None, help="folder to keep the two data folders in")
    args = parser.parse_args(argv)
    import tempfile

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-faults-"))
    chaos = Chaos(seed=args.seed, retry_after=0 if args.fast else 1, **DEFAULT_CHAOS)
    clean = fault_run(work / "clean", chaos=None, backoff_base=0.05 if args.fast else None)
    faulty = fault_run(work / "faulty", chaos=chaos, backoff_base=0.05 if args.fast else None)
    result = {"settings": {"chaos": chaos.__dict__, "fast": args.fast, "work": str(work)},
              "clean": clean, "faulty": faulty, "verdict": compare(clean, faulty)}
    text = json.dumps(result, indent=1, default=str)
    print(text)
    out = REPO / "data" / "bench_faults.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    return result


if __name__ == "__main__":
    main()
