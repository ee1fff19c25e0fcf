"""Exports of the published file for people who do not write SQL: every answer table as CSV or
Parquet, with a data dictionary and the file's provenance beside them.

    influence export                       # CSV, into $INFLUENCE_DATA_DIR/export/csv/
    influence export --format parquet --table fct_contributions --table dim_figures

A folder holds one file per table (``fct_contributions.csv``; tables outside ``main`` keep their
schema: ``links.donor_clusters.csv``), ``data_dictionary`` (table, column, type, description:
the same descriptions as the DuckDB comments; a table's own description is the row with an empty
column), ``about_this_file`` (when the file was published, from what, whether it holds sample
data) and ``README.txt``, which starts with the SAMPLE DATA banner when the file holds sample data.
Each Parquet file also carries its table's description and the banner as file metadata.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ingest.publish.published_file import PUBLISHED_SCHEMAS, literal, published_tables, quote

FORMATS = ("csv", "parquet")


class UnknownName(ValueError):
    """A name (question, table, parameter) that does not exist; the message suggests the closest."""


def suggest(name: str, known, what: str) -> UnknownName:
    """An error for `name` that names the closest of `known`, or lists them all."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if not close:
        close = [k for k in known if name.lower() in k.lower()][:3]
    hint = (f"did you mean {' or '.join(close)}?" if close
            else f"one of: {', '.join(known) or 'none'}")
    return UnknownName(f"no {what} {name!r}; {hint}")


def table_label(schema: str, table: str) -> str:
    """``fct_contributions`` for main, ``links.donor_clusters`` elsewhere."""
    return table if schema == "main" else f"{schema}.{table}"


@dataclass(frozen=True)
class About:
    """What `about_this_file` says, with the banner every output of the file carries."""

    facts: dict[str, str]

    @property
    def is_sample(self) -> bool:
        facts = self.facts
        # files published before contains_sample_data existed chose the note by mode
        default = "yes" if facts.get("data_mode") == "offline" else "no"
        return facts.get("contains_sample_data", default) == "yes"

    @property
    def published_at(self) -> str:
        return self.facts.get("published_at", "an unknown date")

    @property
    def real_bulk(self) -> str | None:
        """'2020 cycle, as of 2019-03-22' when the file also holds the FEC's real bulk files."""
        match = re.search(r"REAL FEC bulk data, ([^:]+):", self.facts.get("bulk_note", "")
                          or self.facts.get("note", ""))
        return match[1] if match else None

    @property
    def banner(self) -> str:
        """Two or three sentences: SAMPLE DATA (and the real bulk data beside it), or real data;
        and when the file was published. The whole story is `facts['note']`."""
        if self.is_sample:
            text = ("SAMPLE DATA: invented records from the offline snapshot bundled with the "
                    "project, not the live FEC and LDA APIs. Do not publish numbers from it.")
            if self.real_bulk:
                text += (f" Rows with source = 'bulk' are REAL FEC bulk data ({self.real_bulk}).")
        else:
            text = "Real data. " + self.facts.get("note", "Origin not recorded.")
        return f"{text} Published {self.published_at}."


def read_about(con) -> About:
    """The file's `about_this_file`; for a warehouse (which has none), the same provenance facts
    counted from its raw tables."""
    exists = con.execute("select count(*) from duckdb_tables() where schema_name = 'main' "
                         "and table_name = 'about_this_file'").fetchone()[0]
    if exists:
        return About(dict(con.execute("select key, value from main.about_this_file").fetchall()))
    from ingest.publish.release import provenance_facts

    return About({**provenance_facts(con), "published_at": "never (an unpublished warehouse)"})


def data_dictionary(con) -> list[tuple[str, str, str, str]]:
    """(table, column, type, description) of every published table: a row per column, after one
    row for the table itself (empty column, type 'TABLE')."""
    catalog = con.execute("select current_database()").fetchone()[0]
    out = []
    for schema, table, description in published_tables(con, catalog):
        label = table_label(schema, table)
        out.append((label, "", "TABLE", description or ""))
        out += [(label, column, data_type, comment or "") for column, data_type, comment in
                con.execute("""
                    select column_name, data_type, comment from duckdb_columns()
                    where database_name = current_database() and schema_name = ?
                      and table_name = ? order by column_index""", [schema, table]).fetchall()]
    return out


def _write(con, query: str, path: Path, fmt: str, metadata: dict[str, str] | None = None) -> None:
    """COPY `query` to `path`; a Parquet file also carries `metadata` (key-value, file level)."""
    options = "format csv, header true" if fmt == "csv" else "format parquet, compression zstd"
    if fmt == "parquet" and metadata:
        options += ", kv_metadata {" + ", ".join(
            f"{quote(key)}: {literal(value)}" for key, value in metadata.items()) + "}"
    con.execute(f"copy ({query}) to {literal(str(path))} ({options})")


def export(db_path: Path, out_dir: Path, *, fmt: str = "csv", tables: list[str] | None = None
           ) -> dict:
    """Write the published tables of `db_path` (all, or `tables`) into `out_dir` as `fmt`, with
    the data dictionary, about_this_file and a README. The folder is replaced whole: it is built
    beside and renamed into place, so it never mixes two publications."""
    import duckdb

    if fmt not in FORMATS:
        raise suggest(fmt, FORMATS, "format")
    db_path, out_dir = Path(db_path), Path(out_dir)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        available = {table_label(s, t): (s, t) for s, t, _ in published_tables(con, catalog)}
        chosen = list(available) if not tables else []
        for name in tables or []:
            if name not in available:
                raise suggest(name, available, "published table")
            chosen.append(name)
        about = read_about(con)
        work = out_dir.with_name(f".{out_dir.name}.tmp")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        counts = {}
        descriptions = {label: text for label, column, _, text in data_dictionary(con)
                        if not column}
        provenance = {"influence_banner": about.banner,
                      "contains_sample_data": "yes" if about.is_sample else "no",
                      "published_at": about.published_at}
        for name in chosen:
            schema, table = available[name]
            _write(con, f"select * from {quote(schema)}.{quote(table)}", work / f"{name}.{fmt}",
                   fmt, {"table": name, "description": descriptions.get(name, ""), **provenance})
            counts[name] = con.execute(
                f"select count(*) from {quote(schema)}.{quote(table)}").fetchone()[0]
        dictionary = [row for row in data_dictionary(con) if row[0] in chosen]
        con.execute("create temp table dictionary (\"table\" varchar, \"column\" varchar, "
                    "\"type\" varchar, description varchar)")
        con.executemany("insert into dictionary values (?, ?, ?, ?)", dictionary)
        _write(con, "select * from dictionary", work / f"data_dictionary.{fmt}", fmt)
        _write(con, "select key, value from main.about_this_file", work / f"about_this_file.{fmt}",
               fmt)
        (work / "README.txt").write_text(readme(about, counts, fmt), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        work.rename(out_dir)
    finally:
        con.close()
    return {"step": "export", "folder": str(out_dir), "format": fmt, "tables": counts,
            "banner": about.banner, "is_sample": about.is_sample}


def readme(about: About, counts: dict[str, int], fmt: str) -> str:
    lines = [about.banner, ""]
    if about.facts.get("bulk_files") and about.is_sample:
        lines += ["Rows whose `source` is 'bulk' come from the FEC's real bulk files: "
                  + about.facts["bulk_files"], ""]
    lines += [f"Tables ({fmt}), one file each; what every column means is in "
              f"data_dictionary.{fmt}, where the file came from in about_this_file.{fmt}.", ""]
    width = max((len(name) for name in counts), default=0)
    lines += [f"  {name:<{width}}  {n:>10,} rows" for name, n in counts.items()]
    if about.facts.get("use_restriction"):
        lines += ["", about.facts["use_restriction"]]
    return "\n".join(lines) + "\n"


__all__ = ["FORMATS", "PUBLISHED_SCHEMAS", "About", "UnknownName", "data_dictionary", "export",
           "read_about", "suggest", "table_label"]
