"""Saved questions: one SQL file each in `ingest/questions/`, run against the published file.

    influence ask --list
    influence ask payday_to_wasserman_schultz [--db data/influence.duckdb]

Each file starts with comment lines `-- question:`, `-- answer:` and `-- caveats:` (continued on
indented comment lines), then one SELECT.
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


def _header(text: str) -> dict:
    fields: dict = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        match = re.match(r"(question|answer|caveats):\s*(.*)", body)
        if match:
            current = match[1]
            fields[current] = match[2]
        elif current:
            fields[current] += " " + body
    return fields


def load_questions(directory: Path = QUESTIONS_DIR) -> dict[str, Question]:
    out = {}
    for path in sorted(directory.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        fields = _header(text)
        missing = {"question", "answer", "caveats"} - set(fields)
        if missing:
            raise ValueError(f"{path.name}: missing header line(s) {', '.join(sorted(missing))}")
        out[path.stem] = Question(path.stem, fields["question"], fields["answer"],
                                  fields["caveats"], text)
    return out


def ask(name: str, db_path: Path) -> tuple[list[str], list[tuple]]:
    """Run one saved question read-only; return (column names, rows)."""
    import duckdb

    questions = load_questions()
    if name not in questions:
        raise KeyError(f"no saved question {name!r}; try one of: {', '.join(questions)}")
    if not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        result = con.execute(questions[name].sql)
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
