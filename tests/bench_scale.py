"""Benchmark the real pipeline on OpenFEC-shaped Schedule A pages at scale:
``uv run python -m tests.bench_scale --rows 100000 [--rows 1000000]``.

**The pages.** Every receipt is one of the offline snapshot's Schedule A records (real OpenFEC
shape, 81 fields, nested ``committee``) with a fresh ``sub_id`` and filer ``transaction_id`` (so no
two rows share a key and the amendment rule pairs nothing), written as the API sends it: compact
JSON, 100 records a page, one sidecar per page (request path ``/schedules/schedule_a/``), one
query folder per committee and cycle. The contributors of individual receipts are drawn from a
population of donors whose surnames, first names, city/state/ZIP and employer/occupation follow
the real spreads of the FEC's 2020 individual contributions (the bundled bulk excerpt,
``ingest/snapshot/bulk/2020/indiv20.zip``; common surnames such as SMITH are common, a tail of
rare surnames is added), each giving one or more times (a few give very often), with the variants
real filings show (middle initial, ZIP+4, employer suffixes and abbreviations, nicknames, a move).
Totals pages are rewritten for every committee and cycle the receipts go to, adding their
counted itemized sums to the FEC's figure, so the reconciliation (and the publish gate) holds.
Pages are generated once per row count in ``<work>/pages-<rows>`` and reused.

**The anchor.** DuckDB on its own, in a child process, on the same pages: ``read_json`` (the
schema detected from the records, as DuckDB reads JSON by default) building the same raw table
(``record_key`` primary key, the record written back as JSON, the source file, and each file's
sha256 from ``read_blob``): the anchor every step's time is divided by; a bare ``read_json`` of
the records into a table; and the quickest DuckDB-only route found (``read_text`` and DuckDB's
JSON functions) building the same raw table.

**The steps**, each in its own child process on a fresh data folder (the landing zone hard-linked
from the pages, the offline snapshot's resolution): ``load``, ``transform`` (first dbt build),
``link``, ``answers``, ``validate``, ``publish``; then 1 % more receipts are landed and
``load +1%`` and ``transform +1%`` measure the incremental path (the build covers the models
downstream of the source tables that changed), ``transform again`` a build with nothing new (no
dbt run), and ``transform --all`` the whole build with nothing new: dbt's fixed cost per build.
With ``--whole-run`` the whole ``influence run`` (offline, from the landed pages) runs once more
in one process on a fresh copy.
``--code DIR`` measures another checkout (e.g. ``git archive HEAD | tar -x -C /tmp/head``).

Peak memory: ``peak_rss`` is the largest resident set of any one process of the step (``wait4``'s
``ru_maxrss``: the child or the largest descendant it waited for, e.g. dbt); ``peak_tree_rss`` the
largest sum over the step's process tree, sampled every 0.1 s.

Prints a table and writes ``data/bench_scale.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "ingest" / "snapshot"
PER_PAGE = 100
STEPS = ("load", "transform", "link", "answers", "validate", "publish")
STEP_CALLS = {"load": "load_step", "transform": "transform_step", "link": "link_step",
              "answers": "answers_step", "validate": "validate_step", "publish": "publish_step"}
NICKNAMES = {"WILLIAM": "BILL", "ROBERT": "BOB", "RICHARD": "RICK", "JOSEPH": "JOE",
             "ELIZABETH": "LIZ", "MICHAEL": "MIKE", "JAMES": "JIM", "THOMAS": "TOM",
             "KATHERINE": "KATE", "DAVID": "DAVE", "STEVEN": "STEVE", "DANIEL": "DAN",
             "CHRISTOPHER": "CHRIS", "MARGARET": "PEGGY", "SUSAN": "SUE", "JENNIFER": "JENNY"}
EMPLOYER_SUFFIXES = (" INC", " LLC", " INC.", ", INC.", " CORP", " CO")
TAIL_SUFFIXES = ("SON", "MAN", "ER", "ING", "LEY", "TON", "BERG", "STEIN", "OWSKI", "EZ", "ELLI")


# -- the donors ----------------------------------------------------------------------------------


def real_spreads() -> dict:
    """Surnames, first names, places and jobs of the individuals in the bundled bulk excerpt."""
    with zipfile.ZipFile(SNAPSHOT / "bulk" / "2020" / "indiv20.zip") as archive:
        text = archive.read("itcont.txt").decode("utf-8", "replace")
    last, first, places, jobs = Counter(), Counter(), Counter(), Counter()
    for line in text.splitlines():
        fields = line.split("|")
        if len(fields) < 21 or fields[6] != "IND" or "," not in fields[7]:
            continue
        surname, _, rest = fields[7].partition(",")
        given = rest.strip().split(" ")[0].strip(".")
        zip5 = fields[10][:5]
        if not surname.strip() or not given or len(zip5) != 5 or not zip5.isdigit():
            continue
        last[surname.strip()] += 1
        first[given] += 1
        places[(fields[8], fields[9], zip5)] += 1
        jobs[(fields[11], fields[12])] += 1
    return {name: sorted(counter.items()) for name, counter in
            (("last", last), ("first", first), ("places", places), ("jobs", jobs))}


class Donors:
    """A population of donors drawn from the real spreads (deterministic for a seed)."""

    def __init__(self, n: int, seed: int = 2016):
        self.rng = random.Random(seed)
        spreads = real_spreads()
        self.spreads = spreads
        self.cumulative = {k: list(itertools.accumulate(w for _, w in v))
                           for k, v in spreads.items()}
        self.values = {k: [x for x, _ in v] for k, v in spreads.items()}
        surnames = self.values["last"]
        self.people = [self._person(surnames) for _ in range(n)]

    def _pick(self, key: str):
        return self.rng.choices(self.values[key], cum_weights=self.cumulative[key])[0]

    def _person(self, surnames) -> tuple:
        last = self._pick("last")
        if self.rng.random() < 0.3:  # the long tail of rare surnames the excerpt is too small for
            last = self.rng.choice(surnames)[:5] + self.rng.choice(TAIL_SUFFIXES)
        middle = chr(65 + self.rng.randrange(26)) if self.rng.random() < 0.6 else ""
        city, state, zip5 = self._pick("places")
        employer, occupation = self._pick("jobs")
        return (self._pick("first"), middle, last, city, state, zip5, employer, occupation)

    def pick(self) -> tuple:
        """A donor for one receipt: a few give very often, most once or twice."""
        n = len(self.people)
        frequent = max(1, n // 20)  # one donor in 20 gives a third of the receipts
        return self.people[self.rng.randrange(frequent if self.rng.random() < 0.3 else n)]

    def variant(self, person: tuple) -> dict:
        """The contributor fields of one receipt, with the variants filers write."""
        first, middle, last, city, state, zip5, employer, occupation = person
        rng = self.rng
        roll = rng.random()
        zip_code = zip5 + f"{rng.randrange(10000):04d}" if rng.random() < 0.5 else zip5
        if roll < 0.04:
            first = NICKNAMES.get(first, first)
        elif roll < 0.06 and len(last) > 3:
            i = rng.randrange(1, len(last) - 1)
            last = last[:i] + last[i + 1] + last[i] + last[i + 2:]  # a transposition
        elif roll < 0.10 and employer not in ("", "RETIRED", "NOT EMPLOYED", "NONE"):
            employer = employer + rng.choice(EMPLOYER_SUFFIXES)
        elif roll < 0.12:
            city, state, zip_code = self._pick("places")  # moved
        elif roll < 0.14:
            employer = "INFORMATION REQUESTED"
        shown_middle = middle if rng.random() < 0.7 else ""
        return {
            "contributor_name": f"{last}, {first}" + (f" {shown_middle}" if shown_middle else ""),
            "contributor_first_name": first, "contributor_middle_name": shown_middle or None,
            "contributor_last_name": last, "contributor_city": city, "contributor_state": state,
            "contributor_zip": zip_code, "contributor_employer": employer or None,
            "contributor_occupation": occupation or None,
        }


# -- the pages -----------------------------------------------------------------------------------


def _landed_records(landing: Path, kind: str) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((landing / "fec" / kind).rglob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        meta = json.loads(path.with_name(path.name[:-5] + ".meta.json").read_text())
        for record in json.loads(path.read_bytes()).get("results", []):
            out.append((meta["fetched_at"], record))
    return out


def _cycle(record: dict) -> int | None:
    if record.get("two_year_transaction_period"):
        return int(record["two_year_transaction_period"])
    for value in (record.get("contribution_receipt_date") or "")[:4], record.get("report_year"):
        if value and str(value).isdigit():
            year = int(value)
            return year + year % 2
    return None


def _counted_itemized(record: dict) -> bool:
    memo = record.get("memo_code") == "X" or bool(record.get("memoed_subtotal"))
    line = record.get("line_number") or ""
    return not memo and (line.startswith("11A") or line.startswith("17A"))


def _write_page(folder: Path, stamp: str, page: int, body: dict, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stamp}_p{page:04d}"
    (folder / f"{name}.json").write_bytes(json.dumps(body, separators=(",", ":")).encode())
    (folder / f"{name}.meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True))


def write_receipts(landing: Path, templates: list[dict], donors: Donors, rows: int, first: int,
                   fetched: datetime, label: str) -> dict:
    """Land `rows` receipts (sub_ids from `first`); return the counted sums by committee|cycle."""
    rng = random.Random(first)
    stamp = fetched.strftime("%Y%m%dT%H%M%S%fZ")
    by_query: dict[tuple, list[dict]] = defaultdict(list)
    sums: dict[str, float] = defaultdict(float)
    written = 0
    page_numbers: dict[tuple, int] = {}

    def flush(key: tuple, final: bool = False) -> None:
        nonlocal written
        records = by_query[key]
        while len(records) >= PER_PAGE or (final and records):
            page_records, records[:] = records[:PER_PAGE], records[PER_PAGE:]
            pages = page_numbers[key] = page_numbers.get(key, 0) + 1
            committee_id, cycle = key
            body = {"api_version": "1.0",
                    "pagination": {"count": rows, "is_count_exact": True, "pages": None,
                                   "per_page": PER_PAGE,
                                   "last_indexes": {"last_index": page_records[-1]["sub_id"]}},
                    "results": page_records}
            meta = {"base_url": "https://api.open.fec.gov/v1", "fetched_at": fetched.isoformat(),
                    "kind": "schedule_a", "page": pages, "path": "/schedules/schedule_a/",
                    "params": {"committee_id": committee_id,
                               "two_year_transaction_period": str(cycle), "per_page": PER_PAGE},
                    "source": "fec", "status": 200}
            folder = landing / "fec" / "schedule_a" / f"{label}-{committee_id.lower()}-{cycle}"
            _write_page(folder, stamp, pages, body, meta)
            written += len(page_records)

    for n in range(first, first + rows):
        record = dict(rng.choice(templates))
        record["sub_id"] = f"8{n:018d}"
        record["transaction_id"] = f"SA11AI.B{n}"
        record["link_id"] = 8 * 10**18 + n
        if record.get("entity_type") == "IND":
            record.update(donors.variant(donors.pick()))
        cycle = _cycle(record)
        if cycle is None:
            continue
        record["two_year_transaction_period"] = cycle
        if _counted_itemized(record) and record.get("contribution_receipt_amount") is not None:
            sums[f"{record['committee_id']}|{cycle}"] += float(record["contribution_receipt_amount"])
        key = (record["committee_id"], cycle)
        by_query[key].append(record)
        if len(by_query[key]) >= PER_PAGE:
            flush(key)
    for key in list(by_query):
        flush(key, final=True)
    return {"rows": written, "sums": dict(sums)}


def write_totals(landing: Path, base_totals: list[tuple[str, dict]], sums: dict[str, float],
                 fetched: datetime, label: str) -> int:
    """Re-land each affected committee's totals with the generated receipts added."""
    latest: dict[str, tuple[str, dict]] = {}
    for fetched_at, record in base_totals:
        key = f"{record['committee_id']}|{record['cycle']}"
        if key not in latest or fetched_at >= latest[key][0]:
            latest[key] = (fetched_at, record)
    by_committee: dict[str, list[dict]] = defaultdict(list)
    for key, added in sums.items():
        if key not in latest:
            continue
        record = dict(latest[key][1])
        for field in ("individual_itemized_contributions", "individual_contributions", "receipts"):
            if record.get(field) is not None:
                record[field] = round(float(record[field]) + added, 2)
        by_committee[record["committee_id"]].append(record)
    stamp = fetched.strftime("%Y%m%dT%H%M%S%fZ")
    for committee_id, records in by_committee.items():
        body = {"api_version": "1.0", "pagination": {"count": len(records), "pages": 1,
                                                     "per_page": PER_PAGE}, "results": records}
        meta = {"base_url": "https://api.open.fec.gov/v1", "fetched_at": fetched.isoformat(),
                "kind": "totals", "page": 1, "path": f"/committee/{committee_id}/totals/",
                "params": {"per_page": PER_PAGE}, "source": "fec", "status": 200}
        _write_page(landing / "fec" / "totals" / f"{label}-{committee_id.lower()}", stamp, 1,
                    body, meta)
    return len(by_committee)


def generate(rows: int, work: Path, code: Path) -> Path:
    """``<work>/pages-<rows>``: the snapshot's landing and resolution plus the generated pages
    (``landing``), and 1 % more receipts with their totals (``increment``)."""
    out = work / f"pages-{rows}"
    if (out / "manifest.json").exists():
        return out
    if out.exists():
        shutil.rmtree(out)
    base = out / "base"
    # The FEC half through the offline extractor (it writes the resolution); the LDA half as the
    # snapshot holds it (its pages are landed responses already).
    subprocess.run([sys.executable, "-m", "ingest.cli", "-q", "--data-dir", str(base), "extract",
                    "--source", "fec"], cwd=code, env={**os.environ, "INFLUENCE_MODE": "offline"},
                   check=True, stdout=subprocess.DEVNULL)
    landing = base / "landing"
    shutil.copytree(SNAPSHOT / "landing" / "lda", landing / "lda", dirs_exist_ok=True)
    base_totals = _landed_records(landing, "totals")
    # Receipts go only where the FEC's totals can be adjusted to match (a committee and cycle with
    # totals), or to committees no figure owns: the reconciliation then holds.
    resolution = json.loads((base / "state" / "fec" / "resolution.json").read_text())
    figure_committees = {link["committee_id"] for link in resolution["links"]
                         if link["owner_type"] == "figure"}
    with_totals = {f"{r['committee_id']}|{r['cycle']}" for _, r in base_totals}
    templates = [r for _, r in _landed_records(landing, "schedule_a")
                 if f"{r['committee_id']}|{_cycle(r)}" in with_totals
                 or r["committee_id"] not in figure_committees]
    # Fetched after the extract's pages (so the adjusted totals win), the increment later still.
    latest = max(datetime.fromisoformat(at) for at, _ in base_totals)
    base_fetch, increment_fetch = latest + timedelta(hours=1), latest + timedelta(hours=2)
    started = time.perf_counter()
    donors = Donors(max(1, rows * 2 // 5))
    main_part = write_receipts(landing, templates, donors, rows, 0, base_fetch, "bench")
    write_totals(landing, base_totals, main_part["sums"], base_fetch, "bench")
    increment = out / "increment"
    extra = max(1, rows // 100)
    more = write_receipts(increment, templates, donors, extra, rows, increment_fetch, "bench-more")
    both = Counter(main_part["sums"])
    both.update(more["sums"])
    write_totals(increment, base_totals, dict(both), increment_fetch, "bench-more")
    manifest = {"rows": main_part["rows"], "increment_rows": more["rows"],
                "generate_seconds": round(time.perf_counter() - started, 1),
                "schedule_a_bytes": sum(p.stat().st_size for p in
                                        (landing / "fec" / "schedule_a").rglob("bench-*/*_p*.json")
                                        if not p.name.endswith(".meta.json"))}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return out


# -- measuring -----------------------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


# A step whose process tree outgrows this is stopped (the machine is shared): see --max-rss-gib.
MAX_RSS = {"bytes": None}


def _stop_tree(pid: int) -> None:
    """Stop the step this benchmark started: its process and its descendants, by id."""
    import psutil

    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.Error:
            pass


def measure(command: list[str], *, cwd: Path, env: dict | None = None, log: Path) -> dict:
    """Run `command`; its seconds, exit code, peak RSS of one process and of the whole tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak_tree = 0
        stopped = False
        done = threading.Event()

        def sample():
            nonlocal peak_tree, stopped
            while not done.is_set():
                peak_tree = max(peak_tree, _tree_rss(process.pid))
                if MAX_RSS["bytes"] and peak_tree > MAX_RSS["bytes"] and not stopped:
                    stopped = True
                    _stop_tree(process.pid)
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(seconds, 2), "returncode": process.returncode,
            "peak_rss": usage.ru_maxrss * 1024, "peak_tree_rss": peak_tree,
            **({"stopped_over_rss": MAX_RSS["bytes"]} if stopped else {})}


def _python(code: Path, source: str, *, log: Path, env: dict | None = None) -> dict:
    result = measure([sys.executable, "-c", source], cwd=code, env=env, log=log)
    lines = log.read_text(errors="replace").splitlines()
    result["output"] = next((line[len("RESULT "):] for line in reversed(lines)
                             if line.startswith("RESULT ")), None)
    return result


def anchor(pages: Path, work: Path, code: Path) -> dict:
    """DuckDB alone on the generated pages: the raw table with keys and checksums, and bare."""
    files = sorted(str(p) for p in (pages / "base" / "landing" / "fec" / "schedule_a")
                   .rglob("bench-*/*_p*.json") if not p.name.endswith(".meta.json"))
    listing = work / "anchor-files.json"
    listing.write_text(json.dumps(files))
    out = {}
    for label, sql in {
        # read_json as DuckDB reads JSON by default (the schema detected from the records), the
        # records written back as JSON: the raw table's columns, its primary key and checksums.
        "read_json_raw_table": """
            create table raw (record_key varchar primary key, record json not null,
                              source_file varchar not null);
            insert into raw
            select record.sub_id, to_json(record), filename
            from (select filename, unnest(results) as record
                  from read_json(files, filename=true));
            create table checksums as
            select filename, sha256(content) as sha256 from read_blob(files);
        """,
        "read_json_bare": """
            create table raw as select unnest(results) as record from read_json(files);
        """,
        # The quickest DuckDB-only route found: the text, then DuckDB's JSON functions.
        "read_text_raw_table": """
            create table raw (record_key varchar primary key, record json not null,
                              source_file varchar not null);
            insert into raw
            select record ->> 'sub_id', record, filename
            from (select filename, unnest(content -> '$.results[*]') as record
                  from read_text(files));
            create table checksums as
            select filename, sha256(content) as sha256 from read_blob(files);
        """,
    }.items():
        db = work / f"anchor-{label}.duckdb"
        db.unlink(missing_ok=True)
        source = (
            "import duckdb, json, time\n"
            f"files = json.load(open({str(listing)!r}))\n"
            f"con = duckdb.connect({str(db)!r})\n"
            "con.execute('set variable files = ?', [files])\n"
            "t = time.perf_counter()\n"
            f"for statement in {sql!r}.split(';'):\n"
            "    if statement.strip():\n"
            "        con.execute(statement.replace('files', \"getvariable('files')\"))\n"
            "con.execute('checkpoint')\n"
            "n = con.execute('select count(*) from raw').fetchone()[0]\n"
            "print('RESULT ' + json.dumps({'rows': n, 'seconds': time.perf_counter() - t}))\n")
        result = _python(code, source, log=work / "logs" / f"anchor-{label}.log")
        db.unlink(missing_ok=True)
        out[label] = result
    return out


def fresh_data_dir(pages: Path, data_dir: Path) -> None:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(pages / "base" / "landing"), str(data_dir / "landing")],
                   check=True)
    shutil.copytree(pages / "base" / "state", data_dir / "state")


def run_step(step: str, data_dir: Path, code: Path, log: Path, arguments: str = "") -> dict:
    source = (
        "import json, logging\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "from ingest import pipeline\n"
        "from ingest.common.settings import Settings\n"
        f"settings = Settings.from_env(data_dir={str(data_dir)!r}, mode='offline')\n"
        f"result = pipeline.{STEP_CALLS[step]}(settings{arguments})\n"
        "print('RESULT ' + json.dumps(result, default=str))\n")
    return _python(code, source, log=log)


def bench(rows: int, work: Path, code: Path, *, whole_run: bool = False,
          steps: tuple[str, ...] = STEPS, keep: bool = False, load_code: Path | None = None) -> dict:
    pages = generate(rows, work, code)
    manifest = json.loads((pages / "manifest.json").read_text())
    label = code.name or "code"
    out = {"rows": manifest["rows"], "code": str(code), "manifest": manifest}
    out["anchor"] = anchor(pages, work, code)
    data_dir = work / f"run-{label}-{rows}"
    fresh_data_dir(pages, data_dir)
    logs = work / "logs" / f"{label}-{rows}"
    out["steps"] = {}
    for step in steps:
        result = run_step(step, data_dir, load_code if step == "load" and load_code else code,
                          logs / f"{step}.log")
        out["steps"][step] = result
        print(f"{rows:>9,} {step:<14} {result['seconds']:>8.1f} s  "
              f"{result['peak_rss'] / 2**30:5.2f} GiB  rc={result['returncode']}", flush=True)
        if result["returncode"] != 0:
            break
    else:
        subprocess.run(f"cp -al {pages / 'increment' / 'fec'}/* {data_dir / 'landing' / 'fec'}/ "
                       "2>/dev/null || cp -r " + f"{pages / 'increment' / 'fec'}/. "
                       f"{data_dir / 'landing' / 'fec'}/", shell=True, check=True)
        # 1 % more receipts (and their totals): the incremental path (the build covers what
        # they change); then a build with nothing new (none runs), and the whole build with
        # nothing new: dbt's fixed cost (every model and test runs, no new row).
        for step, name, arguments in (("load", "load +1%", ""),
                                      ("transform", "transform +1%", ""),
                                      ("transform", "transform again", ""),
                                      ("transform", "transform --all", ", everything=True")):
            result = run_step(step, data_dir, code, logs / f"{name.replace(' ', '-')}.log",
                              arguments)
            out["steps"][name] = result
            print(f"{rows:>9,} {name:<15} {result['seconds']:>8.1f} s  "
                  f"{result['peak_rss'] / 2**30:5.2f} GiB  rc={result['returncode']}", flush=True)
    out["warehouse_bytes"] = (data_dir / "warehouse.duckdb").stat().st_size if (
        data_dir / "warehouse.duckdb").exists() else None
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    if whole_run:
        run_dir = work / f"whole-{label}-{rows}"
        fresh_data_dir(pages, run_dir)
        result = measure([sys.executable, "-m", "ingest.cli", "-q", "--data-dir", str(run_dir),
                          "run"], cwd=code, env={**os.environ, "INFLUENCE_MODE": "offline"},
                         log=logs / "whole-run.log")
        out["whole_run"] = result
        shutil.rmtree(run_dir, ignore_errors=True)
    return out


# -- reporting -----------------------------------------------------------------------------------


def _gib(value) -> str:
    return f"{value / 2**30:.2f}" if value else "-"


def table(results: list[dict]) -> str:
    lines = [f"{'rows':>9} {'step':<15} {'seconds':>8} {'rows/s':>9} {'peak GiB':>8} "
             f"{'tree GiB':>8} {'x anchor':>8}"]
    for r in results:
        anchor_seconds = r["anchor"]["read_json_raw_table"]["seconds"]
        for name, a in r["anchor"].items():
            lines.append(f"{r['rows']:>9,} {name[:15]:<15} {a['seconds']:>8.1f} "
                         f"{int(r['rows'] / a['seconds']):>9,} {_gib(a['peak_rss']):>8} "
                         f"{_gib(a['peak_tree_rss']):>8} {a['seconds'] / anchor_seconds:>8.2f}")
        for name, s in list(r["steps"].items()) + ([("whole run", r["whole_run"])]
                                                   if "whole_run" in r else []):
            loaded = r["manifest"]["increment_rows"] if name.endswith("+1%") else r["rows"]
            rate = f"{int(loaded / s['seconds']):,}" if name.startswith("load") else ""
            failed = "" if s["returncode"] == 0 else f"  FAILED rc={s['returncode']}"
            if s.get("stopped_over_rss"):
                failed = f"  STOPPED over {_gib(s['stopped_over_rss'])} GiB"
            lines.append(f"{r['rows']:>9,} {name:<15} {s['seconds']:>8.1f} {rate:>9} "
                         f"{_gib(s['peak_rss']):>8} {_gib(s['peak_tree_rss']):>8} "
                         f"{s['seconds'] / anchor_seconds:>8.2f}{failed}")
    for r in results:
        full, increment = r["steps"].get("transform"), r["steps"].get("transform +1%")
        if full and increment:
            lines.append(f"{r['rows']:>9,} rows: a build after 1 % new receipts takes "
                         f"{increment['seconds'] / full['seconds']:.0%} of the full build's time")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        factor = large["rows"] / small["rows"]
        lines.append(f"scaling {small['rows']:,} -> {large['rows']:,} rows (x{factor:g}): "
                     "time ratio / peak RSS ratio")
        for name in small["steps"]:
            if name in large["steps"]:
                a, b = small["steps"][name], large["steps"][name]
                lines.append(f"  {name:<14} time x{b['seconds'] / a['seconds']:.1f}   "
                             f"peak RSS x{b['peak_rss'] / max(a['peak_rss'], 1):.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, action="append",
                        help="receipts to generate (repeatable); default 100000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-scale"),
                        help="folder for the pages (kept and reused) and the runs")
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the checkout to measure (default this one)")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--whole-run", action="store_true",
                        help="also time `influence run` end to end in one process")
    parser.add_argument("--keep", action="store_true", help="keep the run's data folder")
    parser.add_argument("--max-rss-gib", type=float,
                        help="stop a step whose process tree holds more than this (shared machine)")
    parser.add_argument("--load-code", type=Path,
                        help="run the load step with this checkout instead (when --code's loader "
                        "cannot load the pages in this machine's memory)")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "bench_scale.json")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    MAX_RSS["bytes"] = int(args.max_rss_gib * 2**30) if args.max_rss_gib else None
    results = [bench(rows, args.work, args.code.resolve(), whole_run=args.whole_run,
                     steps=tuple(args.steps.split(",")), keep=args.keep,
                     load_code=args.load_code.resolve() if args.load_code else None)
               for rows in args.rows or [100_000]]
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str))
    return results


if __name__ == "__main__":
    main()
