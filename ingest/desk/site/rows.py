"""The rows behind a number: every total the site shows links to a page listing the mart rows it
adds up, each row linking to its filing on fec.gov or lda.gov.

A `RowSet` is one such list: a kind of row (which mart, which columns), a filter, and the number
it stands behind. The pages register the row sets they link to (`Citations.link`), and the build
writes them once each, `PAGE_ROWS` rows to a page, with the sum of the rows beside the number that
was clicked and the same filter as SQL to run on the published file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

PAGE_ROWS = 500
# A number whose rows run to more than this links to the first pages and the SQL for the rest.
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    sql: str
    label: str
    kind: str = "text"  # text, money, date, cite (a filing URL), list


@dataclass(frozen=True)
class Kind:
    """A mart whose rows the site lists."""

    table: str
    columns: tuple[Column, ...]
    amount: str  # the expression summed for the total
    order: str
    joins: str = ""


KINDS = {
    "contributions": Kind(
        "fct_contributions",
        (Column("contribution_date", "Date", "date"),
         Column("contributor_name", "Contributor"),
         Column("contributor_employer", "Employer"),
         Column("contributor_occupation", "Occupation"),
         Column("concat_ws(', ', contributor_city, contributor_state)", "Place"),
         Column("committee_name", "To committee"),
         Column("amount", "Amount", "money"),
         Column("source", "Source"),
         Column("sub_id", "FEC sub_id"),
         Column("filing_url", "Filing", "cite")),
        "amount", "contribution_date, sub_id",
        "left join links.donor_clusters as donors using (sub_id)"),
    "industry_items": Kind(
        "fct_industry_money_items",
        (Column("transaction_date", "Date", "date"),
         Column("channel", "Channel"),
         Column("giver_name", "Giver"),
         Column("giver_affiliation", "Employer / PAC / firm"),
         Column("industry_evidence", "Why this industry"),
         Column("amount", "Amount", "money"),
         Column("also_counted_in_channel", "Also counted in"),
         Column("link_status", "Link"),
         Column("citation_id", "Citation"),
         Column("filing_url", "Filing", "cite")),
        "amount", "transaction_date, citation_id"),
    "pac_gifts": Kind(
        "fct_pac_disbursements",
        (Column("disbursement_date", "Date", "date"),
         Column("committee_name", "PAC"),
         Column("industry_id", "Industry"),
         Column("recipient_name", "To"),
         Column("disbursement_description", "Purpose"),
         Column("amount", "Amount", "money"),
         Column("sub_id", "FEC sub_id"),
         Column("filing_url", "Filing", "cite")),
        "amount", "disbursement_date, sub_id"),
    "committee_gifts": Kind(
        "fct_committee_gifts_to_figures",
        (Column("transaction_date", "Date", "date"),
         Column("giver_committee_name", "Giving committee"),
         Column("giver_industry_id", "Industry"),
         Column("recipient_name", "To"),
         Column("amount", "Amount", "money"),
         Column("source", "Source"),
         Column("sub_id", "FEC sub_id"),
         Column("filing_url", "Filing", "cite")),
        "amount", "transaction_date, sub_id"),
    "outside_spending": Kind(
        "fct_independent_expenditures",
        (Column("expenditure_date", "Date", "date"),
         Column("spender_committee_name", "Spender"),
         Column("case support_oppose_indicator when 'S' then 'for' when 'O' then 'against' "
                "end", "For / against"),
         Column("candidate_name", "Candidate"),
         Column("payee_name", "Paid to"),
         Column("expenditure_description", "Purpose"),
         Column("amount", "Amount", "money"),
         Column("sub_id", "FEC sub_id"),
         Column("filing_url", "Filing", "cite")),
        "amount", "expenditure_date, sub_id"),
    "lobbyist_trail": Kind(
        "fct_lobbyist_money_trail",
        (Column("transaction_date", "Date", "date"),
         Column("giver_name", "Lobbyist or firm"),
         Column("registrant_name", "Lobbying firm"),
         Column("client_name", "Client lobbied for"),
         Column("issue_codes", "Issues", "list"),
         Column("contribution_type", "Kind"),
         Column("coalesce(honoree_name, payee_name)", "Honoree / payee"),
         Column("amount", "Amount", "money"),
         Column("contribution_filing_url", "LD-203 filing", "cite"),
         Column("example_lobbying_filing_url", "Lobbying filing", "cite")),
        "amount", "transaction_date, contribution_item_id"),
    "lobbying_filings": Kind(
        "fct_lobbying_filings",
        (Column("filing_year", "Year"),
         Column("filing_period", "Period"),
         Column("client_name", "Client"),
         Column("registrant_name", "Registrant (firm)"),
         Column("filing_type_name", "Filing"),
         Column("general_issue_codes", "Issues", "list"),
         Column("coalesce(income, 0) + coalesce(expenses, 0)", "Income or expenses", "money"),
         Column("filing_document_url", "Filing", "cite")),
        "coalesce(income, 0) + coalesce(expenses, 0)",
        "filing_year, period_start_date, client_name, filing_uuid"),
    "lobbying_activities": Kind(
        "fct_lobbying_activities",
        (Column("filing_year", "Year"),
         Column("filing_period", "Period"),
         Column("client_name", "Client"),
         Column("registrant_name", "Registrant (firm)"),
         Column("general_issue_code", "Issue"),
         Column("specific_issues", "Specific issues (as filed)"),
         Column("lobbyist_names", "Lobbyists", "list"),
         Column("filing_document_url", "Filing", "cite")),
        "0", "filing_year, period_start_date, client_name, activity_id"),
    "recipient_items": Kind(
        "fct_industry_recipient_items",
        (Column("transaction_date", "Date", "date"),
         Column("channel", "Channel"),
         Column("giver_name", "Giver"),
         Column("giver_employer", "Employer"),
         Column("coding_evidence", "Why this industry"),
         Column("coalesce(recipient_candidate_name, recipient_committee_name)", "To"),
         Column("recipient_committee_name", "Committee"),
         Column("amount", "Amount", "money"),
         Column("source", "Source"),
         Column("filing_url", "Filing", "cite")),
        "amount", "transaction_date, citation_id"),
}


def sql_literal(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(sql_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def inline(where: str, params: list) -> str:
    """The filter with its parameters written in, for readers to paste into a SQL client."""
    pieces = where.split("?")
    out = pieces[0]
    for value, piece in zip(params, pieces[1:], strict=True):
        out += sql_literal(value) + piece
    return out


def slug(*parts) -> str:
    text = "-".join(str(p) for p in parts if p is not None)
    readable = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return f"{readable}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


@dataclass
class RowSet:
    slug: str
    kind: str
    where: str
    params: list
    title: str
    back: tuple[str, str]  # (page path from the site root, its title)
    expected: Decimal | int | None  # the number the link shows
    pages: int = 0
    count: int = 0
    total: Decimal | None = None


@dataclass
class Citations:
    """The row sets the pages link to, keyed by what they select."""

    sets: dict[tuple, RowSet] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=lambda: dict(KINDS))

    def link(self, kind: str, where: str, params: list, *, title: str,
             back: tuple[str, str], expected=None) -> str:
        """The path (from the site root) of the page listing the rows; registered once."""
        key = (kind, where, tuple(tuple(p) if isinstance(p, list) else p for p in params))
        if key not in self.sets:
            self.sets[key] = RowSet(slug(kind, *params, where), kind, where, list(params), title,
                                    back, expected)
        return f"rows/{self.sets[key].slug}.html"

    def query(self, rowset: RowSet) -> tuple[str, str]:
        """(rows query, the same in readable SQL with its parameters written in)."""
        kind = self.kinds[rowset.kind]
        columns = ", ".join(f"{c.sql} as c{i}" for i, c in enumerate(kind.columns))
        sql = (f"select {columns}, {kind.amount} as amount__ from {kind.table} {kind.joins} "
               f"where {rowset.where} order by {kind.order}")
        shown = (f"select * from {kind.table} {kind.joins}\nwhere {inline(rowset.where, rowset.params)}"
                 f"\norder by {kind.order}")
        return sql, shown
