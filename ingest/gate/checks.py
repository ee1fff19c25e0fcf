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

log = logging.getLogger(__name__)

TOLERANCE_DOLLARS = 1.00
TOLERANCE_SHARE = 0.01
MAX_ROWS_SHOWN = 5
# Tables up to this many rows are validated whole; larger ones by candidate rows (see above).
WHOLE_TABLE_ROWS = 1_000_000


class GateFailed(RuntimeError):
    """At least one expectation failed; the message lists them with offending rows."""

    def __init__(self, message: str, failures: list[dict]):
        super().__init__(message)
        self.failures = failures


@dataclass(frozen=True)
class TableCheck:
    """One suite: the SQL that feeds it, and its expectations as (class name, kwargs)."""

    name: str
    sql: str
    expectations: tuple
    key_columns: tuple = ()


def _key_checks(column: str) -> tuple:
    return (("ExpectColumnValuesToNotBeNull", {"column": column}),
            ("ExpectColumnValuesToBeUnique", {"column": column}))


def suites(tolerance_dollars: float = TOLERANCE_DOLLARS,
           tolerance_share: float = TOLERANCE_SHARE,
           lobbyist_match_threshold: float = 0.9,
           organization_match_threshold: float = 0.9) -> list[TableCheck]:
    """The gate's suites. The reconciliation is recomputed here, not read from the model."""
    return [
        TableCheck("dim_figures", "select figure_id, figure_name from main.dim_figures",
                   _key_checks("figure_id"), ("figure_id",)),
        TableCheck("dim_committees", "select committee_id, committee_name from main.dim_committees",
                   _key_checks("committee_id"), ("committee_id",)),
        TableCheck("fct_contributions",
                   "select sub_id, counts_toward_total, committee_id, contributor_name, amount, "
                   "filing_url from main.fct_contributions",
                   _key_checks("sub_id")
                   + (("ExpectColumnValuesToNotBeNull", {"column": "counts_toward_total"}),),
                   ("sub_id",)),
        TableCheck(
            "fct_contributions (counted rows have an amount)",
            "select sub_id, committee_id, contributor_name, amount, source_file, "
            "counts_toward_total and amount is null as counted_without_amount "
            "from main.fct_contributions",
            (("ExpectColumnValuesToBeInSet",
              {"column": "counted_without_amount", "value_set": [False]}),),
            ("sub_id",),
        ),
        TableCheck("fct_pac_disbursements", "select sub_id, committee_id, recipient_name, amount "
                   "from main.fct_pac_disbursements",
                   _key_checks("sub_id"), ("sub_id",)),
        # A value that did not parse on a row a total counts: the total would quietly miss it.
        TableCheck(
            "audit.parse_rejects (rows that count toward a total)",
            "select source_table, row_key, column_name, raw_value, reason, source_file, "
            "counts_toward_total from audit.parse_rejects",
            (("ExpectColumnValuesToBeInSet",
              {"column": "counts_toward_total", "value_set": [False]}),),
            ("source_table", "row_key", "column_name"),
        ),
        TableCheck("fct_independent_expenditures",
                   "select sub_id, spender_committee_id, candidate_id, amount "
                   "from main.fct_independent_expenditures",
                   _key_checks("sub_id"), ("sub_id",)),
        TableCheck(
            "fct_figure_cycle_summary",
            f"""
            select
                figure_id,
                cycle,
                itemized_individual_receipts,
                fec_individual_itemized_contributions,
                abs(itemized_individual_receipts - fec_individual_itemized_contributions)::double
                - greatest({tolerance_dollars},
                           {tolerance_share} * abs(fec_individual_itemized_contributions))::double
                    as difference_beyond_tolerance
            from main.fct_figure_cycle_summary
            """,
            (("ExpectColumnValuesToNotBeNull", {"column": "figure_id"}),
             ("ExpectColumnValuesToNotBeNull", {"column": "cycle"}),
             ("ExpectCompoundColumnsToBeUnique", {"column_list": ["figure_id", "cycle"]}),
             # Null when the FEC totals were not fetched; GX skips nulls here.
             ("ExpectColumnValuesToBeBetween",
              {"column": "difference_beyond_tolerance", "max_value": 0})),
            ("figure_id", "cycle"),
        ),
        *lobbying_suites(),
        *link_suites(lobbyist_match_threshold, organization_match_threshold),
        *answer_link_suites(lobbyist_match_threshold, organization_match_threshold),
        TableCheck(
            "fct_industry_recipient_totals",
            """
            select
                totals.industry_id, totals.cycle, totals.channel, totals.recipient_type,
                totals.recipient_id, totals.amount, totals.n_transactions,
                (totals.amount - coalesce(items.amount, 0))::double as difference_from_cited_rows,
                totals.n_transactions - coalesce(items.n_items, 0) as count_difference
            from main.fct_industry_recipient_totals as totals
            left join (
                select industry_id, cycle, channel,
                       case when recipient_candidate_id is not null then 'candidate'
                            else 'committee' end as recipient_type,
                       coalesce(recipient_candidate_id, recipient_committee_id) as recipient_id,
                       sum(amount) as amount, count(*) as n_items
                from main.fct_industry_recipient_items
                group by all
            ) as items
                using (industry_id, cycle, channel, recipient_type, recipient_id)
            """,
            # Every total for any recipient equals the sum of the cited rows behind it.
            (("ExpectColumnValuesToBeBetween",
              {"column": "difference_from_cited_rows", "min_value": 0, "max_value": 0}),
             ("ExpectColumnValuesToBeBetween",
              {"column": "count_difference", "min_value": 0, "max_value": 0})),
            ("industry_id", "cycle", "channel", "recipient_id"),
        ),
        TableCheck(
            "fct_industry_money_to_figures",
            """
            select
                totals.industry_id, totals.figure_id, totals.cycle, totals.channel,
                totals.amount, totals.n_transactions,
                (totals.amount - coalesce(items.amount, 0))::double as difference_from_cited_rows,
                totals.n_transactions - coalesce(items.n_items, 0) as count_difference
            from main.fct_industry_money_to_figures as totals
            left join (
                select industry_id, figure_id, cycle, channel,
                       sum(amount) as amount, count(*) as n_items
                from main.fct_industry_money_items
                group by all
            ) as items
                using (industry_id, figure_id, cycle, channel)
            """,
            # Every published industry total equals the sum of the cited rows behind it.
            (("ExpectColumnValuesToBeBetween",
              {"column": "difference_from_cited_rows", "min_value": 0, "max_value": 0}),
             ("ExpectColumnValuesToBeBetween",
              {"column": "count_difference", "min_value": 0, "max_value": 0})),
        ),
    ]


def lobbying_suites() -> list[TableCheck]:
    """Keys, one current version per filing group, amounts that parse, dates in the period."""
    return [
        TableCheck("fct_lobbying_filings",
                   "select filing_uuid, registrant_name, client_name, filing_year, filing_period "
                   "from main.fct_lobbying_filings",
                   _key_checks("filing_uuid"), ("filing_uuid",)),
        TableCheck(
            "fct_lobbying_filings (current versions)",
            """
            select filing_uuid, registrant_id, client_id, filing_year, filing_period,
                   is_registration, filing_type, posted_at
            from main.fct_lobbying_filings
            where is_current_version
            """,
            (("ExpectCompoundColumnsToBeUnique",
              {"column_list": ["registrant_id", "client_id", "filing_year", "filing_period",
                               "is_registration"]}),),
        ),
        TableCheck("fct_lobbying_activities",
                   "select activity_id, filing_uuid, general_issue_code "
                   "from main.fct_lobbying_activities",
                   _key_checks("activity_id"), ("activity_id",)),
        TableCheck("dim_lobbying_clients",
                   "select canonical_client_id, canonical_name from main.dim_lobbying_clients",
                   _key_checks("canonical_client_id"), ("canonical_client_id",)),
        TableCheck("dim_lobbyists", "select lobbyist_id, lobbyist_name from main.dim_lobbyists",
                   _key_checks("lobbyist_id"), ("lobbyist_id",)),
        TableCheck("fct_revolving_door",
                   "select lobbyist_id, lobbyist_name, covered_position from main.fct_revolving_door",
                   (("ExpectCompoundColumnsToBeUnique",
                     {"column_list": ["lobbyist_id", "covered_position"]}),)),
        TableCheck(
            "fct_lobbyist_contributions",
            """
            select
                contribution_item_id, filing_uuid, filing_year, filing_period,
                contributor_name, payee_name, amount_reported, amount, contribution_date,
                period_start_date, period_end_date,
                -- recomputed here rather than read from the model's own flags
                amount is not null or amount_reported is null as amount_parses,
                case when contribution_date is not null then
                    contribution_date between period_start_date and period_end_date
                end as date_in_filing_period
            from main.fct_lobbyist_contributions
            """,
            _key_checks("contribution_item_id") + (
                ("ExpectColumnValuesToBeInSet", {"column": "amount_parses", "value_set": [True]}),
                # Null when the item has no date; GX skips nulls here.
                ("ExpectColumnValuesToBeInSet",
                 {"column": "date_in_filing_period", "value_set": [True]}),
            ),
            ("contribution_item_id",),
        ),
    ]


_STATUSES = ["auto", "below_threshold", "confirmed", "rejected"]


def _link_table_check(table: str, key: list[str], threshold: float) -> TableCheck:
    return TableCheck(
        table,
        f"""
        select {', '.join(key)}, match_probability, status,
               status = 'auto' and match_probability < {threshold} as is_auto_below_threshold
        from {table}
        """,
        (("ExpectCompoundColumnsToBeUnique", {"column_list": key}),
         ("ExpectColumnValuesToNotBeNull", {"column": "match_probability"}),
         ("ExpectColumnValuesToBeBetween",
          {"column": "match_probability", "min_value": 0, "max_value": 1}),
         ("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": _STATUSES}),
         ("ExpectColumnValuesToBeInSet",
          {"column": "is_auto_below_threshold", "value_set": [False]})),
    )


def link_suites(lobbyist_match_threshold: float,
                organization_match_threshold: float = 0.9) -> list[TableCheck]:
    """Link tables: unique keys, scores in [0, 1], known statuses, no automatic link below the
    configured threshold (below it a link counts only when a reviewer confirmed it)."""
    return [
        TableCheck("links.donor_clusters",
                   "select sub_id, donor_id, best_match_probability from links.donor_clusters",
                   _key_checks("sub_id") + (
                       ("ExpectColumnValuesToNotBeNull", {"column": "donor_id"}),
                       ("ExpectColumnValuesToBeBetween",
                        {"column": "best_match_probability", "min_value": 0, "max_value": 1}),
                   )),
        _link_table_check("links.lobbyist_donor_links", ["lobbyist_id", "donor_id"],
                          lobbyist_match_threshold),
        _link_table_check("links.organization_links", ["canonical_client_id", "organization_id"],
                          organization_match_threshold),
    ]


def answer_link_suites(lobbyist_match_threshold: float,
                       organization_match_threshold: float) -> list[TableCheck]:
    """Every answer row that rests on a link rests on a usable one: the link exists in the
    current link table and is confirmed, or automatic at or above the configured threshold.
    Recomputed from the link tables, not read from the marts' own status columns."""
    usable = ("coalesce(links.status = 'confirmed' or (links.status = 'auto' "
              "and links.match_probability >= {threshold}), false)")
    return [
        TableCheck(
            "fct_industry_money_items (links used)",
            f"""
            select items.channel, items.industry_id, items.citation_id, items.link_status,
                   items.linked_lobbyist_id, items.linked_donor_id,
                   links.status as current_status, links.match_probability,
                   {usable.format(threshold=lobbyist_match_threshold)} as link_is_usable
            from main.fct_industry_money_items as items
            left join links.lobbyist_donor_links as links
                on cast(links.lobbyist_id as varchar) = cast(items.linked_lobbyist_id as varchar)
                    and links.donor_id = items.linked_donor_id
            where items.link_status is not null or items.linked_donor_id is not null
            """,
            (("ExpectColumnValuesToBeInSet", {"column": "link_is_usable", "value_set": [True]}),),
            ("channel", "industry_id", "citation_id"),
        ),
        TableCheck(
            "fct_client_money_items (links used)",
            f"""
            select items.canonical_client_id, items.channel, items.citation_id,
                   items.organization_id, items.link_status,
                   links.status as current_status, links.match_probability,
                   {usable.format(threshold=organization_match_threshold)} as link_is_usable
            from main.fct_client_money_items as items
            left join links.organization_links as links
                on links.canonical_client_id = items.canonical_client_id
                    and links.organization_id = items.organization_id
            where items.channel <> 'lobbyists'
            """,
            (("ExpectColumnValuesToBeInSet", {"column": "link_is_usable", "value_set": [True]}),),
            ("canonical_client_id", "channel", "citation_id"),
        ),
    ]


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
