"""Saved questions: one SQL file each in `ingest/desk/questions/`, run against the published file.

    influence ask --list
    influence ask payday_to_wasserman_schultz [--db data/influence.duckdb]
    influence ask payday_revolving_door --format csv > revolving_door.csv
    influence ask lobbying_clients_behind_gifts --format markdown --all

Each file starts with comment lines `-- question:`, `-- answer:` and `-- caveats:` (continued on
indented comment lines), optionally `-- params: name=default, ...`, then one SELECT. A question
with parameters reads them as `$name` (text; cast in the SQL) and takes other values with
`--param name=value`:

    influence ask top_industries_for_candidate --param candidate="WASSERMAN SCHULTZ"

Formats: `table` (the default: long text wraps inside its column, and when the links do not fit
beside the other columns they go on lines of their own under their row, whole, so they can be
clicked), `csv`, `json` and `markdown`. Every format says what the file holds: on a file with
sample data its first line is the SAMPLE DATA banner (in CSV a line starting with `#`; in JSON
the `banner` and `contains_sample_data` keys). `table` and `markdown` show 50 rows unless given
`--limit N` or `--all`; `csv` and `json` give every row unless given `--limit`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ingest.desk.export import About, UnknownName, read_about, suggest

QUESTIONS_DIR = Path(__file__).resolve().parent  # the saved questions sit beside this module
FORMATS = ("table", "csv", "json", "markdown")
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Question:
    name: str
    question: str
    answer: str
    caveats: str
    sql: str
    params: dict[str, str] | None = None


@dataclass(frozen=True)
class Answer:
    question: Question
    columns: list[str]
    rows: list[tuple]
    about: About
    params: dict[str, str]


def _header(text: str) -> dict:
    fields: dict = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        match = re.match(r"(question|answer|caveats|params):\s*(.*)", body)
        if match:
            current = match[1]
            fields[current] = match[2]
        elif current:
            fields[current] += " " + body
    return fields


def parse_params(text: str) -> dict[str, str]:
    """'industry=payday_lending, cycle=2020' -> {'industry': 'payday_lending', 'cycle': '2020'}."""
    params = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep or not re.fullmatch(r"[a-z_]+", name.strip()):
            raise ValueError(f"params: {part!r} is not name=default")
        params[name.strip()] = value.strip()
    return params


def load_questions(directory: Path = QUESTIONS_DIR) -> dict[str, Question]:
    out = {}
    for path in sorted(directory.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        fields = _header(text)
        missing = {"question", "answer", "caveats"} - set(fields)
        if missing:
            raise ValueError(f"{path.name}: missing header line(s) {', '.join(sorted(missing))}")
        out[path.stem] = Question(path.stem, fields["question"], fields["answer"],
                                  fields["caveats"], text, parse_params(fields.get("params", "")))
    return out


def find_question(name: str) -> Question:
    """The saved question `name`; an unknown name raises `UnknownName` naming the closest."""
    questions = load_questions()
    if name not in questions:
        raise suggest(name, questions, "saved question")
    return questions[name]


def run(name: str, db_path: Path, params: dict[str, str] | None = None) -> Answer:
    """Run one saved question read-only, with what the file says about itself."""
    import duckdb

    question = find_question(name)
    if not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    values = dict(question.params or {})
    unknown = sorted(set(params or {}) - set(values))
    if unknown:
        hint = str(suggest(unknown[0], values, "parameter")).partition("; ")[2]
        raise UnknownName(f"{name} takes no parameter {', '.join(unknown)}; "
                          + (hint if values else "it takes none"))
    values.update(params or {})
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        result = con.execute(question.sql, values) if values else con.execute(question.sql)
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
        about = read_about(con)
    finally:
        con.close()
    return Answer(question, columns, rows, about, values)


def ask(name: str, db_path: Path, params: dict[str, str] | None = None
        ) -> tuple[list[str], list[tuple]]:
    """Run one saved question read-only; return (column names, rows). `params` override the
    question's defaults; a name the question does not take is an error."""
    answer = run(name, db_path, params)
    return answer.columns, answer.rows


# ---------- formats


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    return str(value)


def is_link(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _link_columns(columns: list[str], rows: list[tuple]) -> list[int]:
    return [i for i in range(len(columns))
            if any(is_link(cell(row[i])) for row in rows)]


def format_table(columns: list[str], rows: list[tuple], limit: int | None = DEFAULT_LIMIT,
                 width: int | None = None) -> str:
    """A plain-text table that never cuts a value. Long text wraps inside its column; links are
    never broken: if they do not fit beside the other columns, each goes on a line of its own
    under its row (`column: https://...`), whole, so a terminal can open it."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    shown = rows if limit is None else rows[:limit]
    texts = [[cell(v) for v in row] for row in shown]
    links = _link_columns(columns, shown)

    def natural(i: int) -> int:
        return max([len(columns[i])] + [len(r[i]) for r in texts])

    grid = list(range(len(columns)))
    if sum(natural(i) + 2 for i in grid) > width:
        grid = [i for i in grid if i not in links]
    widths = {i: natural(i) for i in grid}
    # shrink the widest columns (wrapping their text) until the row fits or nothing can give
    while sum(w + 2 for w in widths.values()) > width:
        widest = max(widths, key=widths.get)
        floor = max(12, len(columns[widest]))
        if widths[widest] <= floor:
            break
        widths[widest] = max(floor, widths[widest] - 1)

    def wrapped(text: str, w: int) -> list[str]:
        if len(text) <= w:
            return [text]
        return textwrap.wrap(text, w, break_long_words=not is_link(text),
                             break_on_hyphens=False) or [""]

    lines = ["  ".join(columns[i].ljust(widths[i]) for i in grid).rstrip(),
             "  ".join("-" * widths[i] for i in grid)]
    for row in texts:
        parts = {i: wrapped(row[i], widths[i]) for i in grid}
        for n in range(max((len(p) for p in parts.values()), default=1)):
            lines.append("  ".join((parts[i][n] if n < len(parts[i]) else "").ljust(widths[i])
                                   for i in grid).rstrip())
        lines += [f"    {columns[i]}: {row[i]}" for i in links if i not in grid and row[i]]
    if len(rows) > len(shown):
        lines.append(f"... {len(rows) - len(shown)} more rows (--all shows them, --format csv "
                     "writes them)")
    return "\n".join(lines)


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def format_markdown(columns: list[str], rows: list[tuple]) -> str:
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(escape(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(escape(cell(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def render(answer: Answer, fmt: str = "table", limit: int | None = None,
           show_all: bool = False) -> str:
    """The answer in `fmt`, with the file's banner. `limit` None: the format's default."""
    if fmt not in FORMATS:
        raise suggest(fmt, FORMATS, "format")
    if show_all:
        limit = None
    elif limit is None and fmt in ("table", "markdown"):
        limit = DEFAULT_LIMIT
    rows = answer.rows if limit is None else answer.rows[:limit]
    question, about = answer.question, answer.about
    banner = about.banner
    more = len(answer.rows) - len(rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(answer.columns)
        writer.writerows([[cell(v) for v in row] for row in rows])
        # the banner travels with the rows: a spreadsheet shows it as the first line
        body = out.getvalue().rstrip("\n")
        return f"# {banner}\n{body}" if about.is_sample else body
    if fmt == "json":
        return json.dumps({
            "banner": banner, "contains_sample_data": about.is_sample,
            "question": question.name, "asks": question.question, "params": answer.params,
            "published_at": about.facts.get("published_at"),
            "columns": answer.columns,
            "rows": [dict(zip(answer.columns, map(_json_value, row), strict=True))
                     for row in rows],
            "row_count": len(answer.rows), "rows_left_out": more,
            "how_to_read": question.answer, "caveats": question.caveats,
        }, indent=2, ensure_ascii=False)
    if fmt == "markdown":
        lines = [f"> **{banner}**" if about.is_sample else f"> {banner}", "",
                 f"**{question.question}**", "", format_markdown(answer.columns, rows)]
        if more:
            lines += ["", f"_... {more} more rows (`--all` shows them)_"]
        lines += ["", f"How to read it: {question.answer}", "", f"Caveats: {question.caveats}"]
        return "\n".join(lines)
    table = format_table(answer.columns, answer.rows, limit)
    text = f"{question.question}\n\n{table}\n\nHow to read it: {question.answer}\n" \
           f"Caveats: {question.caveats}"
    width = min(100, shutil.get_terminal_size((120, 24)).columns)
    shown = "\n".join(textwrap.wrap(banner, width))
    if about.is_sample:
        rule = "!" * width
        return f"{rule}\n{shown}\n{rule}\n\n{text}\n\n{rule}\n{shown}\n{rule}"
    return f"{shown}\n\n{text}"


def list_questions() -> str:
    lines = []
    for q in load_questions().values():
        takes = (" (parameters: " + ", ".join(f"{k}={v}" for k, v in q.params.items())
                 + ")") if q.params else ""
        lines.append(f"{q.name}{takes}\n    {q.question}")
    return "\n".join(lines)
