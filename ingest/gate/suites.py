"""The gate's suites, written as code: which rows each mart must satisfy (`suites`).

Keys that are unique and present in every mart, no counted row with a value that did not parse
(`audit.parse_rejects`), figure totals that reconcile with the FEC's own committee totals within
tolerance, one current version per lobbying filing group, LD-203 amounts that parse and dates
inside their filing period, link tables that respect their thresholds, answer rows that rest on
usable links, and industry totals equal to the sum of their cited rows. Each suite is the SQL
that feeds it (only the columns it needs) and its expectations as (GX class name, kwargs);
`ingest.gate.checks` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE_DOLLARS = 1.00
TOLERANCE_SHARE = 0.01


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
