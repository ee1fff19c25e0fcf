"""Saved questions: one SQL file each in `ingest/questions/`, run against the published file.

    influence ask --list
    influence ask payday_to_wasserman_schultz [--db data/influence.duckdb]

Each file starts with comment lines `-- question:`, `-- answer:` and `-- caveats:` (continued on
indented comment lines), optionally `-- params: name=default, ...`, then one SELECT. A question
with parameters reads them as `$name` (text; cast in the SQL) and takes other values with
`--param name=value`:

    influence ask top_industries_for_candidate --param candidate="WASSERMAN SCHULTZ"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"


@dataclass(frozen=True)
class Question:
    name: str
    question: str
    answer: str
    caveats: str
    sql: str
    params: dict[str, str] | None = None


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


def ask(name: str, db_path: Path, params: dict[str, str] | None = None
        ) -> tuple[list[str], list[tuple]]:
    """Run one saved question read-only; return (column names, rows). `params` override the
    question's defaults; a name the question does not take is an error."""
    import duckdb

    questions = load_questions()
    if name not in questions:
        raise KeyError(f"no saved question {name!r}; try one of: {', '.join(questions)}")
    if not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        question = questions[name]
        values = dict(question.params or {})
        unknown = set(params or {}) - set(values)
        if unknown:
            raise ValueError(f"{name} takes no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(values) or 'none'}")
        values.update(params or {})
        result = con.execute(question.sql, values) if values else con.execute(question.sql)
        columns = [d[0] for d in result.description]
        return columns, result.fetchall()
    finally:
        con.close()


def format_table(columns: list[str], rows: list[tuple], limit: int = 50) -> str:
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    shown = [[cell(v)[:60] for v in row] for row in rows[:limit]]
    widths = [max([len(c)] + [len(r[i]) for r in shown]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in shown]
    if len(rows) > limit:
        lines.append(f"... {len(rows) - limit} more rows")
    return "\n".join(lines)
