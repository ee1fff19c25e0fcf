"""What each page of the site shows, read from the published file's marts.

Every function takes a read-only DuckDB connection and returns plain data for a template; every
total it returns carries `href`, the page of the rows it adds up (registered with `Citations`).
The numbers are the marts' own (fct_figure_cycle_summary, dim_figure_profiles,
fct_industry_money_to_figures, fct_industry_recipient_totals...); the row pages add the rows up
again beside them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ingest.desk.site.charts import Bar, bar_chart
from ingest.desk.site.rows import Citations

TOP = 10
TOP_RECIPIENTS = 25
COUNTED = "counts_toward_total"

# fct_figure_cycle_summary's money columns, as the chart and table name them, and their rows
SUMMARY_CHANNELS = [
    ("itemized_individual_receipts", "Itemized individuals", "contributions",
     f"figure_id = ? and cycle = ? and {COUNTED} and is_individual_itemized",
     "itemized receipts from individuals"),
    ("all_industries_employee_receipts", "Industry employees", "contributions",
     f"figure_id = ? and cycle = ? and {COUNTED} and industry_id is not null",
     "receipts from employees of the watchlist industries"),
    ("all_industries_pac_contributions", "Industry PACs", "pac_gifts",
     f"recipient_figure_id = ? and cycle = ? and {COUNTED} and industry_id is not null",
     "gifts from the watchlist industries' PACs"),
    ("committee_gifts_received", "Committee gifts", "committee_gifts",
     f"figure_id = ? and cycle = ? and {COUNTED}", "gifts from other committees"),
    ("independent_expenditures_supporting", "Outside spending for", "outside_spending",
     f"figure_id = ? and cycle = ? and {COUNTED} and support_oppose_indicator = 'S'",
     "independent expenditures supporting"),
    ("independent_expenditures_opposing", "Outside spending against", "outside_spending",
     f"figure_id = ? and cycle = ? and {COUNTED} and support_oppose_indicator = 'O'",
     "independent expenditures opposing"),
]
CHANNEL_NAMES = {"employees": "Employees", "pacs": "PACs", "lobbyists": "Lobbyists (LD-203)"}


@dataclass
class Number:
    """A number on a page and the rows behind it."""

    value: object
    href: str | None = None
    count: int | None = None


def records(con, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def has_table(con, schema: str, table: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where database_name = "
                            "current_database() and schema_name = ? and table_name = ?",
                            [schema, table]).fetchone()[0])


def industry_names(con) -> dict[str, str]:
    """Every industry the file codes anything to, with its watchlist name where one is given."""
    names: dict[str, str] = {}
    for sql in ("select distinct industry_id, industry_name from fct_industry_money_to_figures",
                "select distinct industry_id, industry_name from fct_industry_recipient_totals",
                "select distinct industry_id, null from fct_lobbying_activities",
                "select distinct industry_id, null from dim_committees",
                "select distinct industry_id, null from fct_contributions"):
        for industry_id, name in con.execute(sql).fetchall():
            if industry_id and (name or industry_id not in names):
                names[industry_id] = name or industry_id.replace("_", " ").capitalize()
    return dict(sorted(names.items()))


def figures(con) -> list[dict]:
    return records(con, """
        select figures.*, profiles.industry_dollars
        from dim_figures as figures
        left join dim_figure_profiles as profiles using (figure_id)
        order by figures.figure_name""")


# ---------- a figure


def figure_page(con, cite: Citations, figure: dict, industries: dict[str, str],
                donor_key: str) -> dict:
    fid, name = figure["figure_id"], figure["figure_name"]
    page = (f"figures/{fid}.html", name)
    summary = records(con, "select * from fct_figure_cycle_summary where figure_id = ? "
                      "order by cycle", [fid])
    for row in summary:
        row["numbers"] = {}
        for column, _label, kind, where, what in SUMMARY_CHANNELS:
            href = cite.link(kind, where, [fid, row["cycle"]], back=page, expected=row[column],
                             title=f"{name}, {row['cycle']} cycle: {what}")
            row["numbers"][column] = Number(row[column], href)
        row["counted"] = Number(row["n_contributions"], cite.link(
            "contributions", f"figure_id = ? and cycle = ? and {COUNTED}", [fid, row["cycle"]],
            back=page, title=f"{name}, {row['cycle']} cycle: every counted receipt (itemized "
                             "individuals, committees and others)"), row["n_contributions"])
    chart = bar_chart(
        [(row["cycle"], [Bar(label, row["numbers"][column].value,
                             "../" + row["numbers"][column].href)
                         for column, label, *_ in SUMMARY_CHANNELS]) for row in summary],
        title=f"Money for {name} by cycle and channel (US dollars)",
        series=[label for _, label, *_ in SUMMARY_CHANNELS], chart_id="money-by-cycle")

    committees = records(con, "select * from dim_figure_committees where figure_id = ? "
                         "order by committee_id", [fid])
    profile = (records(con, "select * from dim_figure_profiles where figure_id = ?", [fid])
               or [{"top_industries": [], "top_lobbying_clients": []}])[0]
    top_industries = [
        {"industry_id": item["industry_id"], "name": industries.get(item["industry_id"],
                                                                    item["industry_id"]),
         "dollars": Number(item["dollars"], cite.link(
             "industry_items", "figure_id = ? and industry_id = ? and also_counted_in_channel "
             "is null", [fid, item["industry_id"]], back=page, expected=item["dollars"],
             title=f"{name}: money from {industries.get(item['industry_id'])} (all cycles, "
                   "channels added, each gift once)"))}
        for item in profile["top_industries"]]

    by_industry = records(con, """
        select industry_id, cycle, channel, amount, n_transactions, amount_also_in_other_channels
        from fct_industry_money_to_figures where figure_id = ?
        order by industry_id, channel, cycle""", [fid])
    cycles = sorted({row["cycle"] for row in by_industry})
    grid: dict[tuple, dict] = defaultdict(dict)
    for row in by_industry:
        grid[(row["industry_id"], row["channel"])][row["cycle"]] = Number(
            row["amount"], cite.link(
                "industry_items", "figure_id = ? and industry_id = ? and cycle = ? and "
                "channel = ?", [fid, row["industry_id"], row["cycle"], row["channel"]],
                back=page, expected=row["amount"],
                title=f"{name}, {row['cycle']} cycle: {industries.get(row['industry_id'])}, "
                      f"{CHANNEL_NAMES.get(row['channel'], row['channel'])}"),
            row["n_transactions"])
    industry_grid = [{"industry": industries.get(ind, ind), "industry_id": ind,
                      "channel": CHANNEL_NAMES.get(channel, channel), "cells": cells}
                     for (ind, channel), cells in grid.items()]

    return {
        "figure": figure, "summary": summary, "chart": chart, "committees": committees,
        "channels": [(column, label) for column, label, *_ in SUMMARY_CHANNELS],
        "top_industries": top_industries, "industry_cycles": cycles,
        "industry_grid": industry_grid,
        "top_employers": _top_employers(con, cite, fid, name, page),
        "top_contributors": _top_contributors(con, cite, fid, name, page, donor_key),
        "pac_gifts": _pac_gifts(con, cite, fid, name, page),
        "committee_givers": _committee_givers(con, cite, fid, name, page),
        "outside": _outside(con, cite, fid, name, page),
        "clients": _clients(con, cite, fid, name, page, profile["top_lobbying_clients"]),
    }


def _by_cycle(rows: list[dict]) -> list[tuple[int, list[dict]]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["cycle"]].append(row)
    return sorted(grouped.items(), reverse=True)


def _top_employers(con, cite, fid, name, page):
    employer = "coalesce(nullif(upper(trim(contributor_employer)), ''), '(none given)')"
    where = f"figure_id = ? and cycle = ? and {COUNTED} and is_individual_itemized"
    rows = records(con, f"""
        select cycle, {employer} as employer, sum(amount) as dollars, count(*) as n
        from fct_contributions where figure_id = ? and {COUNTED} and is_individual_itemized
        group by cycle, employer
        qualify row_number() over (partition by cycle order by dollars desc, employer) <= {TOP}
        order by cycle desc, dollars desc, employer""", [fid])
    for row in rows:
        row["dollars"] = Number(row["dollars"], cite.link(
            "contributions", f"{where} and {employer} = ?", [fid, row["cycle"], row["employer"]],
            back=page, expected=row["dollars"],
            title=f"{name}, {row['cycle']} cycle: itemized receipts from people who gave the "
                  f"employer {row['employer']}"), row["n"])
    return _by_cycle(rows)


def _top_contributors(con, cite, fid, name, page, donor_key):
    where = f"figure_id = ? and cycle = ? and {COUNTED} and is_individual_itemized"
    rows = records(con, f"""
        select cycle, {donor_key} as donor, mode(contributor_name) as contributor,
               mode(contributor_employer) as employer,
               mode(concat_ws(', ', contributor_city, contributor_state)) as place,
               sum(amount) as dollars, count(*) as n
        from fct_contributions {cite.kinds["contributions"].joins}
        where {where.replace("cycle = ? and ", "")}
        group by cycle, donor
        qualify row_number() over (partition by cycle order by dollars desc, donor) <= {TOP}
        order by cycle desc, dollars desc, donor""", [fid])
    for row in rows:
        row["dollars"] = Number(row["dollars"], cite.link(
            "contributions", f"{where} and {donor_key} = ?", [fid, row["cycle"], row["donor"]],
            back=page, expected=row["dollars"],
            title=f"{name}, {row['cycle']} cycle: receipts from {row['contributor']} "
                  f"(one donor: {row['donor']})"), row["n"])
    return _by_cycle(rows)


def _pac_gifts(con, cite, fid, name, page):
    where = f"recipient_figure_id = ? and cycle = ? and {COUNTED} and committee_id = ?"
    rows = records(con, f"""
        select cycle, committee_id, min(committee_name) as pac, min(industry_id) as industry_id,
               sum(amount) as dollars, count(*) as n
        from fct_pac_disbursements
        where recipient_figure_id = ? and {COUNTED} and industry_id is not null
        group by cycle, committee_id order by cycle desc, dollars desc, pac""", [fid])
    for row in rows:
        row["dollars"] = Number(row["dollars"], cite.link(
            "pac_gifts", where, [fid, row["cycle"], row["committee_id"]], back=page,
            expected=row["dollars"],
            title=f"{name}, {row['cycle']} cycle: gifts from {row['pac']}"), row["n"])
    return rows


def _committee_givers(con, cite, fid, name, page):
    where = f"figure_id = ? and cycle = ? and {COUNTED} and giver_committee_id = ?"
    rows = records(con, f"""
        select cycle, giver_committee_id, min(giver_committee_name) as giver,
               min(giver_industry_id) as industry_id, sum(amount) as dollars, count(*) as n
        from fct_committee_gifts_to_figures where figure_id = ? and {COUNTED}
        group by cycle, giver_committee_id
        qualify row_number() over (partition by cycle order by dollars desc, giver) <= {TOP}
        order by cycle desc, dollars desc, giver""", [fid])
    for row in rows:
        row["dollars"] = Number(row["dollars"], cite.link(
            "committee_gifts", where, [fid, row["cycle"], row["giver_committee_id"]], back=page,
            expected=row["dollars"],
            title=f"{name}, {row['cycle']} cycle: gifts from {row['giver']}"), row["n"])
    return _by_cycle(rows)


def _outside(con, cite, fid, name, page):
    where = (f"figure_id = ? and cycle = ? and {COUNTED} and spender_committee_id = ? "
             "and support_oppose_indicator = ?")
    rows = records(con, f"""
        select cycle, spender_committee_id, min(spender_committee_name) as spender,
               support_oppose_indicator as side, sum(amount) as dollars, count(*) as n
        from fct_independent_expenditures where figure_id = ? and {COUNTED}
        group by cycle, spender_committee_id, support_oppose_indicator
        order by cycle desc, side desc, dollars desc, spender""", [fid])
    for row in rows:
        what = {"S": "for", "O": "against"}.get(row["side"], row["side"])
        row["side_label"] = what
        row["dollars"] = Number(row["dollars"], cite.link(
            "outside_spending", where,
            [fid, row["cycle"], row["spender_committee_id"], row["side"]], back=page,
            expected=row["dollars"],
            title=f"{name}, {row['cycle']} cycle: {row['spender']}'s spending {what}"),
            row["n"])
    return rows


def _clients(con, cite, fid, name, page, clients: list[dict]):
    out = []
    for client in clients:
        cid = client["canonical_client_id"]
        years = [y for (y,) in con.execute(
            "select distinct filing_year from fct_lobbyist_money_trail where figure_id = ? and "
            "canonical_client_id = ? order by 1", [fid, cid]).fetchall()]
        issues = records(con, """
            select general_issue_code, min(general_issue_name) as issue_name, count(*) as n,
                   list(distinct specific_issues order by specific_issues) as texts
            from fct_lobbying_activities
            where canonical_client_id = ? and is_current_version and list_contains(?, filing_year)
            group by general_issue_code order by general_issue_code""", [cid, years])
        for issue in issues:
            issue["href"] = cite.link(
                "lobbying_activities", "canonical_client_id = ? and is_current_version and "
                "list_contains(?, filing_year) and general_issue_code = ?",
                [cid, years, issue["general_issue_code"]], back=page,
                title=f"What {client['client_name']} lobbied on ({issue['general_issue_code']}) "
                      f"in {', '.join(map(str, years))}")
        out.append({
            **client, "years": years, "issues": issues,
            "dollars": Number(client["dollars"], cite.link(
                "lobbyist_trail", "figure_id = ? and canonical_client_id = ?", [fid, cid],
                back=page, expected=client["dollars"],
                title=f"{name}: gifts from lobbyists who worked for {client['client_name']}"))})
    return out


# ---------- an industry


def industry_page(con, cite: Citations, industry_id: str, industry_name: str,
                  figure_names: dict[str, str]) -> dict:
    page = (f"industries/{industry_id}.html", industry_name)
    lobbying_where = "is_current_version and list_contains(activity_industry_ids, ?)"
    spending = records(con, f"""
        select filing_year, sum(coalesce(income, 0) + coalesce(expenses, 0)) as dollars,
               count(*) as n
        from fct_lobbying_filings where {lobbying_where}
        group by filing_year order by filing_year""", [industry_id])
    for row in spending:
        row["dollars"] = Number(row["dollars"], cite.link(
            "lobbying_filings", f"{lobbying_where} and filing_year = ?",
            [industry_id, row["filing_year"]], back=page, expected=row["dollars"],
            title=f"{industry_name}: lobbying filings of {row['filing_year']} (current "
                  "versions)"), row["n"])
    chart = bar_chart(
        [(row["filing_year"], [Bar("Lobbying spending", row["dollars"].value,
                                   "../" + row["dollars"].href)]) for row in spending],
        title=f"{industry_name}: lobbying spending by year (US dollars, income of outside firms "
              "plus in-house expenses, current filings)",
        series=["Lobbying spending"], chart_id="lobbying-by-year", height=260)

    clients = records(con, f"""
        select filings.canonical_client_id, min(clients.canonical_name) as client,
               sum(coalesce(income, 0) + coalesce(expenses, 0)) as dollars, count(*) as n,
               min(filing_year) as first_year, max(filing_year) as last_year,
               list_sort(list_distinct(list(filings.registrant_name))) as registrants
        from fct_lobbying_filings as filings
        left join dim_lobbying_clients as clients using (canonical_client_id)
        where {lobbying_where}
        group by filings.canonical_client_id order by dollars desc, client""", [industry_id])
    for row in clients:
        row["dollars"] = Number(row["dollars"], cite.link(
            "lobbying_filings", f"{lobbying_where} and canonical_client_id = ?",
            [industry_id, row["canonical_client_id"]], back=page, expected=row["dollars"],
            title=f"{industry_name}: lobbying filings for {row['client']} (current versions)"),
            row["n"])

    recipients = records(con, f"""
        select cycle, recipient_type, recipient_id, min(recipient_name) as recipient,
               sum(amount) as dollars,
               sum(amount) filter (where channel = 'employees') as employees,
               sum(amount) filter (where channel = 'pacs') as pacs,
               sum(n_transactions) as n, sum(n_from_bulk) as n_bulk
        from fct_industry_recipient_totals where industry_id = ?
        group by cycle, recipient_type, recipient_id
        qualify row_number() over (partition by cycle order by dollars desc, recipient_id)
            <= {TOP_RECIPIENTS}
        order by cycle desc, dollars desc, recipient_id""", [industry_id])
    recipient_where = ("industry_id = ? and cycle = ? and coalesce(recipient_candidate_id, "
                       "recipient_committee_id) = ? and (recipient_candidate_id is not null) = ?")
    for row in recipients:
        params = [industry_id, row["cycle"], row["recipient_id"],
                  row["recipient_type"] == "candidate"]
        who = row["recipient"] or row["recipient_id"]
        row["recipient"] = who
        row["dollars"] = Number(row["dollars"], cite.link(
            "recipient_items", recipient_where, params, back=page, expected=row["dollars"],
            title=f"{industry_name} money to {who}, {row['cycle']} cycle"), row["n"])
        for channel in ("employees", "pacs"):
            if row[channel] is not None:
                row[channel] = Number(row[channel], cite.link(
                    "recipient_items", recipient_where + " and channel = ?", params + [channel],
                    back=page, expected=row[channel],
                    title=f"{industry_name} money to {who}, {row['cycle']} cycle: "
                          f"{CHANNEL_NAMES[channel].lower()}"))

    to_figures = records(con, """
        select figure_id, cycle, channel, amount, n_transactions
        from fct_industry_money_to_figures where industry_id = ?
        order by figure_id, cycle, channel""", [industry_id])
    figure_rows: dict[str, dict] = {}
    for row in to_figures:
        entry = figure_rows.setdefault(row["figure_id"], {
            "figure_id": row["figure_id"],
            "name": figure_names.get(row["figure_id"], row["figure_id"]), "cells": {}})
        entry["cells"][(row["cycle"], row["channel"])] = Number(row["amount"], cite.link(
            "industry_items", "industry_id = ? and figure_id = ? and cycle = ? and channel = ?",
            [industry_id, row["figure_id"], row["cycle"], row["channel"]], back=page,
            expected=row["amount"],
            title=f"{industry_name} money to {entry['name']}, {row['cycle']} cycle: "
                  f"{CHANNEL_NAMES.get(row['channel'], row['channel']).lower()}"),
            row["n_transactions"])
    columns = sorted({(row["cycle"], row["channel"]) for row in to_figures})

    door = records(con, """
        select * from fct_revolving_door where list_contains(activity_industry_ids, ?)
        order by lobbyist_name, covered_position""", [industry_id])
    pacs = records(con, """
        select committee_id, committee_name, connected_organization_name, fec_url
        from dim_committees where industry_id = ? order by committee_name""", [industry_id])
    return {"industry_id": industry_id, "name": industry_name, "spending": spending,
            "chart": chart, "clients": clients, "recipients": _by_cycle(recipients),
            "figure_columns": columns, "figure_rows": list(figure_rows.values()),
            "revolving_door": door, "pacs": pacs, "channel_names": CHANNEL_NAMES}
