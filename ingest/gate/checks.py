"""The publish gate: Great Expectations suites, written as code, run on the built warehouse.

dbt tests guard each model; this gate checks what a reader of the published file relies on:
keys that are unique and present in every mart, no counted row with a value that did not parse
(`audit.parse_rejects`), figure totals that reconcile with the FEC's own
committee totals within tolerance, one current version per lobbying filing group, LD-203 amounts
that parse and contribution dates inside their filing period. Any failure raises `GateFailed`,
naming the expectation and showing the offending rows, and the publish step refuses to run.

GX's SQL data source returns empty results on duckdb-engine, so each table is read from DuckDB
(read-only, only the columns a suite needs) into a pandas data source. A table of up to
`WHOLE_TABLE_ROWS` rows goes to GX whole. A larger one (a national bulk build puts tens of
millions of rows in `fct_contributions`, several GB as a pandas frame) goes to GX one expectation
at a time, as the rows that expectation could fail on, chosen by DuckDB (`candidate_sql`: nulls
of a not-null column, repeated keys of a unique one, values outside a set or a range). Those rows
are a superset of the offending ones, so GX still judges every row it would have judged, and the
failures, counts and rows shown are the same either way (tests/integration/test_gate.py runs
every planted defect through both).
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ingest.gate.suites import TableCheck, suites

log = logging.getLogger(__name__)

MAX_ROWS_SHOWN = 5
# Tables up to this many rows are validated whole; larger ones by candidate rows (see above).
WHOLE_TABLE_ROWS = 1_000_000


class GateFailed(RuntimeError):
    """At least one expectation failed; the message lists them with offending rows."""

    def __init__(self, message: str, failures: list[dict]):
        super().__init__(message)
        self.failures = failures


@dataclass
class GateResult:
    evaluated: int = 0
    passed: int = 0
    failures: list = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures


def _quiet_gx():
    for name in ("great_expectations", "great_expectations._docs_decorators"):
        logging.getLogger(name).setLevel(logging.WARNING)
    import great_expectations as gx

    return gx


def _describe(failure: dict) -> str:
    rows = failure["rows"]
    shown = "\n".join(f"      {json.dumps(row, default=str)}" for row in rows[:MAX_ROWS_SHOWN])
    more = f"\n      ... and {len(rows) - MAX_ROWS_SHOWN} more" if len(rows) > MAX_ROWS_SHOWN else ""
    return (f"  - {failure['table']}: {failure['expectation']}({failure['kwargs']}) failed; "
            f"{failure['unexpected_count']} offending row(s):\n{shown}{more}")


def _sql_literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def candidate_sql(sql: str, class_name: str, kwargs: dict) -> str | None:
    """The rows of `sql` that the expectation `class_name(**kwargs)` could fail on: a superset
    of the rows GX would flag (GX skips nulls in its value-set and range checks, as these do).
    None for an expectation this does not know; its table is then read whole."""
    if class_name == "ExpectColumnValuesToNotBeNull":
        where = f"{_quoted(kwargs['column'])} is null"
    elif class_name in ("ExpectColumnValuesToBeUnique", "ExpectCompoundColumnsToBeUnique"):
        columns = kwargs.get("column_list") or [kwargs["column"]]
        keys = ", ".join(_quoted(c) for c in columns)
        same = " and ".join(f"q.{_quoted(c)} is not distinct from d.{_quoted(c)}"
                            for c in columns)
        return (f"with q as ({sql}), d as (select {keys} from q group by all "
                f"having count(*) > 1) select q.* from q semi join d on {same}")
    elif class_name == "ExpectColumnValuesToBeInSet":
        values = ", ".join(_sql_literal(v) for v in kwargs["value_set"])
        column = _quoted(kwargs["column"])
        where = f"{column} is not null and {column} not in ({values})"
    elif class_name == "ExpectColumnValuesToBeBetween":
        column = _quoted(kwargs["column"])
        outside = [f"{column} < {_sql_literal(kwargs['min_value'])}"
                   if kwargs.get("min_value") is not None else None,
                   f"{column} > {_sql_literal(kwargs['max_value'])}"
                   if kwargs.get("max_value") is not None else None]
        where = f"{column} is not null and ({' or '.join(o for o in outside if o) or 'false'})"
    else:
        return None
    return f"select * from ({sql}) as q where {where}"


def _batches(con, check: TableCheck, whole_table_rows: int):
    """(frame, expectations) pairs for GX: the whole table with every expectation, or, for a
    table larger than `whole_table_rows`, each expectation with its candidate rows."""
    rows = con.execute(f"select count(*) from ({check.sql})").fetchall()[0][0]
    chosen = [candidate_sql(check.sql, name, kwargs) for name, kwargs in check.expectations]
    if rows <= whole_table_rows or None in chosen:
        yield con.sql(check.sql).df(), check.expectations
        return
    log.info("gate: %s has %s rows; validating each expectation on its candidate rows",
             check.name, f"{rows:,}")
    for sql, expectation in zip(chosen, check.expectations, strict=True):
        yield con.sql(sql).df(), (expectation,)


def run_gate(warehouse_path: Path, *, state_dir: Path | None = None,
             checks: list[TableCheck] | None = None, review_dir: Path | None = None,
             whole_table_rows: int | None = None) -> GateResult:
    """Validate the warehouse. Raises `GateFailed` if any expectation fails.

    Tables of more than `whole_table_rows` rows (default `WHOLE_TABLE_ROWS`) are validated by
    candidate rows (see the module docstring). On success, and when `state_dir` is given, a
    receipt naming the validated warehouse file (size and modification time) is written for the
    publish step to check.
    """
    import duckdb

    if whole_table_rows is None:
        whole_table_rows = WHOLE_TABLE_ROWS
    gx = _quiet_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if checks is None:
        from ingest.link.config import load_config

        config = load_config(review_dir)
        checks = suites(lobbyist_match_threshold=config["lobbyist_match_threshold"],
                        organization_match_threshold=config["organization_match_threshold"])
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("warehouse")
    result = GateResult()
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        for check in checks:
            try:
                batches = _batches(con, check, whole_table_rows)
                first = next(batches)
            except duckdb.Error as exc:
                result.failures.append({"table": check.name, "expectation": "table_is_readable",
                                        "kwargs": {}, "unexpected_count": 1,
                                        "rows": [{"error": str(exc).splitlines()[0]}]})
                continue
            for part, (frame, expectations) in enumerate(itertools.chain([first], batches)):
                name = check.name.replace(" ", "_") + (f"_{part}" if part else "")
                asset = source.add_dataframe_asset(name=name)
                batch = asset.add_batch_definition_whole_dataframe("all").get_batch(
                    batch_parameters={"dataframe": frame})
                suite = gx.ExpectationSuite(name=f"{name}_gate")
                for class_name, kwargs in expectations:
                    suite.add_expectation(getattr(gx.expectations, class_name)(**kwargs))
                suite = context.suites.add(suite)
                validation = batch.validate(suite, result_format="COMPLETE")
                for item in validation.results:
                    result.evaluated += 1
                    if item.success:
                        result.passed += 1
                        continue
                    config = item.expectation_config
                    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
                    index = item.result.get("unexpected_index_list") or []
                    offending = frame.loc[[i for i in index if i in frame.index]].astype(object)
                    rows = offending.where(offending.notna(), None).to_dict("records")
                    result.failures.append({
                        "table": check.name, "expectation": config.type, "kwargs": kwargs,
                        "unexpected_count": item.result.get("unexpected_count", len(rows)),
                        "rows": rows,
                    })
    finally:
        con.close()
    if result.failures:
        message = "validation gate failed; nothing was published:\n" + "\n".join(
            _describe(f) for f in result.failures)
        log.error("%s", message)
        raise GateFailed(message, result.failures)
    log.info("validation gate passed: %d expectations", result.evaluated)
    if state_dir is not None:
        write_receipt(warehouse_path, state_dir, result)
    return result


def receipt_path(state_dir: Path) -> Path:
    return Path(state_dir) / "gate_receipt.json"


def warehouse_fingerprint(warehouse_path: Path) -> dict:
    stat = Path(warehouse_path).stat()
    return {"path": str(Path(warehouse_path).resolve()), "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns}


def write_receipt(warehouse_path: Path, state_dir: Path, result: GateResult) -> None:
    from ingest.common.files import atomic_write, utc_now

    receipt = {**warehouse_fingerprint(warehouse_path), "validated_at": utc_now().isoformat(),
               "expectations": result.evaluated}
    atomic_write(receipt_path(state_dir), json.dumps(receipt, indent=1).encode())


def has_valid_receipt(warehouse_path: Path, state_dir: Path) -> bool:
    """True when the gate passed on the warehouse file exactly as it is now."""
    path = receipt_path(state_dir)
    if not path.exists():
        return False
    receipt = json.loads(path.read_text(encoding="utf-8"))
    current = warehouse_fingerprint(warehouse_path)
    return all(receipt.get(k) == v for k, v in current.items())
