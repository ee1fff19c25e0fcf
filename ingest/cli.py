"""`influence`: the pipeline's steps from the command line, the same functions the DAG runs.

    influence run                 # resolve, extract, load, transform, link, validate, publish
    influence extract --source fec --kind schedule_a
    influence load | transform | link | validate | publish
    influence bulk --file cm --cycle 2020   # fetch and load FEC bulk files (not part of `run`)
    influence ask NAME | export | site | explore   # for reporters: answers, files, site, explorer

Offline by default (the bundled snapshot). For the live APIs: ``INFLUENCE_MODE=live`` with
``FEC_API_KEY`` (and optionally ``LDA_API_KEY``; LDA works anonymously, more slowly).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from ingest.common.fec_bulk_files import NAMES as BULK_NAMES
from ingest.common.settings import Settings, parse_cycles
from ingest.sources.fec.settings import EXTRACT_KINDS
from ingest.sources.lda.settings import EXTRACT_KINDS as LDA_EXTRACT_KINDS


def _settings(args) -> Settings:
    return Settings.from_env(
        data_dir=args.data_dir, mode=args.mode,
        watchlist_path=args.watchlist,
        cycles=parse_cycles(",".join(map(str, args.cycles))) if args.cycles else None,
        bulk_cycles=tuple(getattr(args, "bulk_cycles", None) or ()) or None,
        bulk_files=tuple(getattr(args, "bulk_files", None) or ()) or None,
    )


def _api_key(source: str = "fec") -> str | None:
    # Read at the edge and passed down as an argument; never logged or stored.
    return os.environ.get("FEC_API_KEY" if source == "fec" else "LDA_API_KEY") or None


def _extract_all(settings, sources, kinds, full_refresh) -> list[dict]:
    """Every extract step; a step whose queries partly failed is kept in the results (its
    ``failed`` lists them) and the next step goes on."""
    from ingest import pipeline

    out = []

    def keep(step, *args, **kwargs):
        try:
            out.append(step(*args, **kwargs))
        except pipeline.ExtractIncomplete as exc:
            out.append(exc.summary)

    if "fec" in sources:
        out.append(pipeline.resolve_step(settings, _api_key(), full_refresh=full_refresh))
        for kind in kinds or EXTRACT_KINDS:
            if kind in EXTRACT_KINDS:
                keep(pipeline.extract_step, settings, kind, _api_key(),
                     full_refresh=full_refresh)
    if "lda" in sources:
        for kind in kinds or LDA_EXTRACT_KINDS:
            if kind in LDA_EXTRACT_KINDS:
                keep(pipeline.lda_extract_step, settings, kind, _api_key("lda"),
                     full_refresh=full_refresh)
    return out


def _failed_queries(results: list[dict]) -> list[str]:
    return [f"{r['step']}: {f['query']}: {f['error']}" for r in results for f in r.get("failed", [])]


def _sources(choice: str) -> tuple[str, ...]:
    return ("fec", "lda") if choice == "all" else (choice,)


def _bulk_lines(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        if r["step"].startswith("bulk fetch"):
            for f in r["files"]:
                what = (f"{f['bytes']:,} bytes copied" if f["changed"]
                        else "unchanged, nothing copied")
                lines.append(f"fetched         {f['zip']}: {what}; as of {f['as_of']} "
                             f"({f['as_of_basis']})")
        if r["step"] == "bulk load":
            for f in r["files"]:
                if f["status"] == "loaded":
                    lines.append(
                        f"loaded          {f['source_file']}: {f['rows_loaded']:,} rows, "
                        f"{f['rows_rejected']:,} rejected (of {f['rows_in']:,} lines), as of "
                        f"{f['as_of']}, {f['seconds']:.1f} s ({f['rows_per_second']:,} rows/s)")
                elif f["status"] == "unchanged":
                    lines.append(f"unchanged       {f['source_file']}: same zip as last loaded "
                                 f"({f['rows_loaded']:,} rows, as of {f['as_of']}); skipped")
                else:
                    lines.append(f"{f['status']:<15} {f['source_file']}")
            lines.append(f"rejected        {r['rows_rejected']:,} line(s)")
            lines += [f"                {line}" for line in r["rejects"]]
    return lines


def _summary(settings: Settings, results: list[dict], seconds: float) -> str:
    bulk_only = bool(results) and all(r["step"].startswith("bulk") for r in results)
    if bulk_only:
        lines = ["", "influence: summary", "-" * 60,
                 f"mode            {settings.mode}  (REAL FEC bulk files from "
                 f"{settings.bulk_base_url})",
                 f"bulk cycles     {', '.join(map(str, settings.bulk_cycles))}"]
    else:
        lines = ["", "influence: summary", "-" * 60,
                 f"mode            {settings.mode}" + ("  (SAMPLE DATA from the offline snapshot)"
                                                      if settings.mode == "offline" else ""),
                 f"cycles          {', '.join(map(str, settings.cycles))}"]
    lines += _bulk_lines(results)
    if any(r["step"].startswith("extract lda") for r in results):
        lines.append(f"lobbying years  {', '.join(map(str, settings.lda_years))}")
    calls = sum(r.get("calls", 0) for r in results)
    pages = sum(r.get("pages", 0) for r in results)
    rows = sum(r.get("rows", 0) for r in results if r["step"].startswith("extract"))
    if any(r["step"].startswith(("resolve", "extract")) for r in results):
        lines.append(f"API calls       {calls}   pages {pages}   rows landed {rows}")
        http = [r["http"] for r in results if r.get("http")]
        if any(h["retries"] or h["retries_429"] for h in http):
            lines.append(f"retried         {sum(h['retries'] for h in http)} faults (5xx, dropped, "
                         f"bad bodies), {sum(h['retries_429'] for h in http)} rate limits (429); "
                         f"{sum(h['waited_seconds'] for h in http):.0f} s waited")
        failed = _failed_queries(results)
        if failed:
            lines.append(f"FAILED          {len(failed)} query(ies) after every retry (a rerun "
                         "resumes them; bad bodies are in quarantine/extract/):")
            lines += [f"                {line}" for line in failed]
    for r in results:
        if r["step"] == "resolve" and r["problems"]:
            lines.append(f"resolution      {len(r['problems'])} problem(s): "
                         + "; ".join(r["problems"]))
        if r["step"] == "load":
            loaded = ", ".join(f"{k} {v}" for k, v in sorted(r["rows"].items())) or "nothing new"
            lines.append(f"loaded          {r['files_loaded']} files ({loaded}); "
                         f"{r['files_skipped']} already loaded")
            lines.append(f"quarantined     {r['files_quarantined']} file(s)")
            lines += [f"                {q}" for q in r["quarantined"]]
            lines.append(f"rejected        {r.get('records_rejected', 0)} record(s)")
            lines += [f"                {q}" for q in r.get("rejected", [])]
            if r.get("conflicts"):
                lines.append(f"conflicts       {r['conflicts']} key(s) with differing copies "
                             "(the latest fetch kept)")
        if r["step"] == "transform":
            lines.append(f"dbt build       {r.get('passed', '?')} passed, "
                         f"{r.get('warned', 0)} warnings, {r.get('errors', 0)} errors")
            if r.get("scope"):
                lines.append(f"build scope     {r['scope']}")
            for label, n in r.get("parse_rejects", {}).items():
                lines.append(f"did not parse   {label}: {n['rows']} value(s), "
                             f"{n['on_counted_rows']} on counted rows (audit.parse_rejects)")
        if r["step"] == "link":
            lines.append(f"links           {r.get('donor_clusters')} donors from "
                         f"{r.get('donor_records')} receipts; lobbyist links "
                         f"{r.get('lobbyist_links')}; organisation links "
                         f"{r.get('organization_links')}")
        if r["step"] == "answers":
            lines.append(f"answer marts    {r.get('passed', '?')} passed, "
                         f"{r.get('warned', 0)} warnings, {r.get('errors', 0)} errors")
        if r["step"] == "validate":
            lines.append(f"gate            {r['passed']}/{r['expectations']} expectations passed")
        if r["step"] == "publish":
            lines.append(f"published       {r['published']}")
    lines += [f"time            {seconds:.1f} s", "-" * 60]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="influence", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", help="default $INFLUENCE_DATA_DIR or ./data")
    parser.add_argument("--mode", choices=["offline", "live"], help="default $INFLUENCE_MODE")
    parser.add_argument("--watchlist", help="default $INFLUENCE_WATCHLIST or ./watchlist.yml")
    parser.add_argument("--cycle", dest="cycles", type=int, action="append",
                        help="two-year cycle to pull (repeatable); default $INFLUENCE_CYCLES")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and the summary")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="resolve the watchlist and land API responses")
    extract.add_argument("--source", choices=["fec", "lda", "all"], default="all",
                         help="FEC money, LDA lobbying, or both (default)")
    extract.add_argument("--kind", action="append",
                         choices=sorted(set(EXTRACT_KINDS) | set(LDA_EXTRACT_KINDS)),
                         help="only these kinds (repeatable); default all")
    extract.add_argument("--full-refresh", action="store_true",
                         help="forget saved cursors and pull every query from the start")
    sub.add_parser("load", help="load new landing files into the warehouse")
    transform = sub.add_parser("transform",
                               help="dbt build on the warehouse (all but the answer marts)")
    transform.add_argument("--full-refresh", action="store_true",
                           help="rebuild the incremental staging tables from every raw row")
    transform.add_argument("--all", action="store_true", dest="everything",
                           help="build every model and test, not only what the source tables "
                                "changed since the last build")
    sub.add_parser("link", help="entity resolution (donors, lobbyists, organisations; splink), "
                   "then rebuild the answer marts that use the links")
    sub.add_parser("validate", help="run the Great Expectations gate")
    sub.add_parser("publish", help="publish the validated warehouse atomically")
    ask = sub.add_parser("ask", help="run a saved question against the published file")
    ask.add_argument("name", nargs="?", help="the question (see --list)")
    ask.add_argument("--list", action="store_true", help="list the saved questions")
    ask.add_argument("--db", help="DuckDB file to ask (default the published influence.duckdb)")
    ask.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="a value for one of the question's parameters (repeatable), e.g. "
                     "--param industry=payday_lending --param cycle=2020")
    ask.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table",
                     help="table (default; wraps long values, never cuts them), csv, json, markdown")
    shown = ask.add_mutually_exclusive_group()
    shown.add_argument("--limit", type=int, help="at most N rows (table and markdown: 50 "
                       "unless given; csv and json: all)")
    shown.add_argument("--all", action="store_true", help="every row")
    export = sub.add_parser("export", help="every published table as CSV or Parquet, with a data "
                            "dictionary and about_this_file beside them")
    export.add_argument("--format", choices=["csv", "parquet"], default="csv")
    export.add_argument("--table", action="append", metavar="NAME",
                        help="only this table (repeatable; e.g. fct_contributions, "
                        "links.donor_clusters); default every published table")
    export.add_argument("--out", help="folder to write (default $INFLUENCE_DATA_DIR/export/FORMAT)")
    export.add_argument("--db", help="DuckDB file to export (default the published file)")
    site = sub.add_parser("site", help="build the static site for reporters from the published "
                          "file into $INFLUENCE_DATA_DIR/site/")
    site.add_argument("--db", help="DuckDB file (default the published influence.duckdb)")
    site.add_argument("--out", help="folder to write (default $INFLUENCE_DATA_DIR/site)")
    explore = sub.add_parser("explore", help="build the SQLite explorer from the published file "
                             "and serve it with Datasette")
    explore.add_argument("--db", help="DuckDB file (default the published influence.duckdb)")
    explore.add_argument("--host", default="127.0.0.1")
    explore.add_argument("--port", type=int, default=8001)
    explore.add_argument("--build-only", action="store_true",
                         help="build $INFLUENCE_DATA_DIR/explorer/ and do not serve it")
    bulk = sub.add_parser("bulk", help="fetch FEC bulk files and load them into raw_fec_bulk "
                          "(not part of `run`)")
    bulk.add_argument("--cycle", dest="bulk_cycles", type=int, action="append",
                      help="bulk cycle (repeatable); default $INFLUENCE_BULK_CYCLES, offline 2020, "
                      "live the --cycle/INFLUENCE_CYCLES cycles")
    bulk.add_argument("--file", dest="bulk_files", action="append", choices=BULK_NAMES,
                      help="bulk file (repeatable); default $INFLUENCE_BULK_FILES or all")
    bulk.add_argument("--skip-fetch", action="store_true",
                      help="load the zips fetched before, without asking the source")
    bulk.add_argument("--force", action="store_true",
                      help="reload zips even when they are the ones loaded last")
    sub.add_parser("coding-report",
                   help="precision and recall of the industry coding on the evaluation set")
    run = sub.add_parser("run", help="every step, end to end")
    run.add_argument("--source", choices=["fec", "lda", "all"], default="all")
    run.add_argument("--full-refresh", action="store_true")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S")
    from ingest import pipeline

    started = time.monotonic()
    try:
        settings = _settings(args)
        results: list[dict] = []
        if args.command == "extract":
            results = _extract_all(settings, _sources(args.source), args.kind, args.full_refresh)
        elif args.command == "load":
            results = [pipeline.load_step(settings)]
        elif args.command == "transform":
            results = [pipeline.transform_step(settings, full_refresh=args.full_refresh,
                                               everything=args.everything)]
        elif args.command == "link":
            results = [pipeline.link_step(settings), pipeline.answers_step(settings)]
        elif args.command == "validate":
            results = [pipeline.validate_step(settings)]
        elif args.command == "publish":
            results = [pipeline.publish_step(settings)]
        elif args.command == "bulk":
            if not args.skip_fetch:
                results = [pipeline.bulk_fetch_step(settings, name)
                           for name in settings.bulk_files]
            results.append(pipeline.bulk_load_step(settings, force=args.force))
        elif args.command in ("ask", "export", "site", "explore"):
            from ingest.desk import (
                commands as desk,  # the reporters' commands: saved questions, exports, site
            )

            return desk.main(args, settings)
        elif args.command == "coding-report":
            from ingest.desk.coding import report

            print(report(settings.warehouse_path))
            return 0
        elif args.command == "run":
            results = _extract_all(settings, _sources(args.source), None, args.full_refresh)
            # Like the DAG: a failed query stops the run before the load (a rerun resumes it).
            for step in (pipeline.load_step, pipeline.transform_step, pipeline.link_step,
                         pipeline.answers_step, pipeline.validate_step, pipeline.publish_step):
                if _failed_queries(results):
                    break
                results.append(step(settings))
    except Exception as exc:  # one clear line for the user; details are in the log above
        print(f"influence {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(_summary(settings, results, time.monotonic() - started))
    if _failed_queries(results):
        print(f"influence {args.command}: {len(_failed_queries(results))} query(ies) failed; "
              "rerun to resume them", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
