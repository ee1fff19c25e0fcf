"""What a ``dbt build`` must cover: only what changed since the last successful build.

A build reads the raw tables (dbt sources) and the dbt project. After each successful build the
transform records, in the warehouse (schema ``build_state``), a fingerprint of every source table,
of the project and of the relations the build left. The next build compares:

- no record, or a changed project (any file under ``dbt_project/``, the dbt version or the
  build's selector): the **whole** build, as a full refresh (the incremental models' SQL may
  have changed, so none of their rows is kept);
- a relation of the last build missing, or ``--full-refresh``: the whole build;
- else the models and tests **downstream of the source tables that changed**
  (``source:fec.schedule_a+ ...``): after an FEC load the LDA and bulk chains are not rebuilt,
  and the other way round. Unit tests are left out: they test the SQL, which has not changed
  since the last build, where they passed;
- nothing changed: **no build** (the marts already hold every raw row).

A source table's fingerprint is its row count and the sum of a hash of every column of every
row, so any change counts: a load, a bulk file replacing its cycle, a new watchlist, a raw row
edited by hand (about 1 s per million API receipts, cold). A build that fails records nothing, so the
next one covers its sources again. Takes: the warehouse. Leaves: ``build_state.sources``
and ``build_state.project`` after a successful build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA = "build_state"
# dbt source name -> warehouse schema (dbt_project/models/staging/*/_*__sources.yml).
SOURCE_SCHEMAS = {"fec": "raw_fec", "lda": "raw_lda", "fec_bulk": "raw_fec_bulk",
                  "config": "raw_config"}
# The schemas the transform's models are built in.
MODEL_SCHEMAS = ("main", "staging", "intermediate", "evaluation", "audit")


@dataclass
class Scope:
    """The selection for one build: `everything`, the changed `sources` (``fec.schedule_a``), or
    nothing (`empty`); `refresh` when the whole build must be a full refresh; `reason` says
    why, for the log and the step's summary."""

    everything: bool
    refresh: bool = False
    sources: list[str] = field(default_factory=list)
    reason: str = ""
    fingerprints: dict = field(default_factory=dict)
    project: str = ""

    @property
    def empty(self) -> bool:
        return not self.everything and not self.sources

    def select_args(self) -> tuple[str, ...]:
        if self.everything or self.empty:
            return ()
        return ("--select", " ".join(f"source:{name}+" for name in self.sources),
                "--exclude-resource-type", "unit_test")


def project_fingerprint(project_dir: Path, *extra: str) -> str:
    """sha256 of every file under the dbt project (path and bytes), the dbt versions and `extra`
    (the build's selector)."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for path in sorted(p for p in Path(project_dir).rglob("*") if p.is_file()):
        relative = path.relative_to(project_dir)
        if ({"target", "logs", "dbt_packages", "__pycache__"} & set(relative.parts)
                or any(part.startswith(".") for part in relative.parts)):
            continue
        digest.update(str(relative).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for part in (version("dbt-core"), version("dbt-duckdb"), *extra):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def source_fingerprints(con) -> dict[str, str]:
    """``{"fec.schedule_a": "<rows>:<hash sum>", ...}`` for every table of the source schemas
    (the loader's bookkeeping tables, whose names start with ``_``, are not sources)."""
    tables = con.execute(f"""
        select schema_name, table_name, list(column_name order by column_index)
        from duckdb_columns()
        where schema_name in ({", ".join("?" for _ in SOURCE_SCHEMAS)})
          and not starts_with(table_name, '_')
        group by all order by all""", list(SOURCE_SCHEMAS.values())).fetchall()
    by_schema = {schema: name for name, schema in SOURCE_SCHEMAS.items()}
    out = {}
    for schema, table, columns in tables:
        hashed = "hash(" + ", ".join('"' + c.replace('"', '""') + '"' for c in columns) + ")"
        # sum() of the UBIGINT hashes is already an exact HUGEINT; a cast per row doubles the time.
        rows, total = con.execute(
            f'select count(*), coalesce(sum({hashed}), 0)::varchar '
            f'from "{schema}"."{table}"').fetchone()
        out[f"{by_schema[schema]}.{table}"] = f"{rows}:{total}"
    return out


def _relations(con) -> set[str]:
    return {f"{schema}.{name}" for schema, name in con.execute(f"""
        select schema_name, table_name from duckdb_tables()
        where schema_name in ({", ".join("?" for _ in MODEL_SCHEMAS)})
        union all
        select schema_name, view_name from duckdb_views()
        where not internal and schema_name in ({", ".join("?" for _ in MODEL_SCHEMAS)})""",
        [*MODEL_SCHEMAS, *MODEL_SCHEMAS]).fetchall()}


def decide(con, project: str, *, whole: str | None = None) -> Scope:
    """The scope of the next build on the warehouse `con` (read only); `whole` (a reason, e.g.
    "full refresh") asks for the whole build."""
    fingerprints = source_fingerprints(con)
    scope = Scope(everything=True, fingerprints=fingerprints, project=project)
    if whole:
        scope.reason = whole
        return scope
    stored = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = ?", [SCHEMA]).fetchall()}
    last = (con.execute(f"select fingerprint, relations from {SCHEMA}.project").fetchone()
            if {"project", "sources"} <= stored else None)
    if last is None:
        scope.reason = "no record of an earlier build"
        scope.refresh = True
        return scope
    recorded_project, built = last
    recorded = dict(con.execute(f"select source, fingerprint from {SCHEMA}.sources").fetchall())
    if recorded_project != project:
        scope.reason = "the dbt project changed since the last build"
        scope.refresh = True
        return scope
    missing = sorted(set(built) - _relations(con))
    if missing:
        scope.reason = f"{len(missing)} relation(s) of the last build are missing ({missing[0]} ...)"
        return scope
    changed = sorted(name for name in fingerprints.keys() | recorded.keys()
                     if fingerprints.get(name) != recorded.get(name))
    gone = [name for name in changed if name not in fingerprints]
    if gone:
        scope.reason = f"source table(s) no longer in the warehouse: {', '.join(gone)}"
        return scope
    scope.everything = False
    scope.sources = changed
    scope.reason = ("changed since the last build: " + ", ".join(changed) if changed
                    else "no source table changed since the last build")
    return scope


def record(con, scope: Scope) -> None:
    """After a successful build of `scope`: store its fingerprints, its project and the
    relations now in the warehouse, in one transaction."""
    con.execute("begin")
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(f"create or replace table {SCHEMA}.sources (source varchar primary key, "
                "fingerprint varchar, recorded_at timestamptz default now())")
    if scope.fingerprints:
        con.executemany(f"insert into {SCHEMA}.sources (source, fingerprint) values (?, ?)",
                        sorted(scope.fingerprints.items()))
    con.execute(f"create or replace table {SCHEMA}.project (fingerprint varchar, "
                "relations varchar[], recorded_at timestamptz default now())")
    con.execute(f"insert into {SCHEMA}.project (fingerprint, relations) values (?, ?)",
                [scope.project, sorted(_relations(con))])
    con.execute("commit")
