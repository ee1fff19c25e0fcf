"""The reporters' commands (`influence ask`, `export`, `site`, `explore`): each reads the published
file and prints what it wrote or answered. A name that does not exist (a question, a table, a
parameter) is one line on stderr naming the closest ones, and exit status 2; no traceback."""

from __future__ import annotations

import sys
from pathlib import Path

from ingest.desk.export import UnknownName


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise UnknownName(f"--param {item!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def main(args, settings) -> int:
    db = Path(args.db) if getattr(args, "db", None) else settings.published_path
    try:
        if args.command == "ask":
            from ingest.desk.questions.ask import list_questions, render, run

            if args.list or not args.name:
                print(list_questions())
                return 0
            answer = run(args.name, db, _params(args.param))
            print(render(answer, args.format, args.limit, args.all))
        elif args.command == "export":
            from ingest.desk.export import export

            out = Path(args.out) if args.out else settings.data_dir / "export" / args.format
            result = export(db, out, fmt=args.format, tables=args.table)
            if result["is_sample"]:
                print(result["banner"])
            print(f"wrote {len(result['tables'])} table(s), data_dictionary and about_this_file "
                  f"({args.format}) to {result['folder']}")
        elif args.command == "site":
            from ingest.desk.site import build_site

            out = Path(args.out) if args.out else settings.data_dir / "site"
            result = build_site(db, out)
            print(f"site: {result['pages']} pages in {result['seconds']:.1f} s -> "
                  f"{result['index']}")
        elif args.command == "explore":
            from ingest.desk.explore import build_explorer, serve

            built = build_explorer(db, settings.data_dir / "explorer")
            print(f"explorer: {built['database']} ({built['tables']} tables, "
                  f"{built['queries']} canned queries)")
            if not args.build_only:
                return serve(built, host=args.host, port=args.port)
    except UnknownName as exc:
        print(f"influence {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0
