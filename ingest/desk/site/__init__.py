"""The reporters' site: static HTML built from the published file, readable from disk and
hostable anywhere (no server, no CDN, nothing fetched).

    influence site                       # -> $INFLUENCE_DATA_DIR/site/index.html

Pages: one per watchlist figure (money by cycle and channel with a chart, top industries, top
employers and contributors by cycle, industry PACs' gifts, gifts from other committees, outside
spending for and against, the lobbying clients whose lobbyists gave and what they lobbied on),
one per industry (lobbying spending by year with a chart, clients, top recipients by cycle, money
to the watchlist figures, the revolving door, its PACs), a search page over donors, employers,
lobbying clients and specific-issue text, and a data dictionary generated from the file's column
descriptions. Every number links to a page of the rows it adds up (`ingest.desk.site.rows`), every
row to its filing, and every page carries the file's provenance (SAMPLE DATA or real, and when).

Charts are SVG drawn at build time (`ingest.desk.site.charts`); only the search page uses JavaScript.
The Airflow DAGs build the site after every publish (task ``site``). The build writes a new
folder beside the old one and swaps it in, so a reader never sees half of each.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from ingest.desk.export import read_about, table_label
from ingest.desk.site import pages
from ingest.desk.site.charts import dollars
from ingest.desk.site.rows import MAX_ROWS, PAGE_ROWS, Citations
from ingest.publish.published_file import published_tables, quote

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# Records of each kind the search page holds in the browser (the latest first); the page says
# when it left some out. The explorer searches them all.
SEARCH_LIMIT = 50_000
SEARCH_COLUMNS = ["kind", "name", "detail", "org", "client", "issue", "to", "page", "date",
                  "cycle", "amount", "url"]


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["dollars"] = lambda value: "" if value is None else dollars(value)
    env.filters["filing_label"] = filing_label
    env.filters["plural"] = lambda word, n: word if n == 1 else (
        word[:-1] + "ies" if word.endswith("y") else word + "s")
    env.filters["when"] = when
    env.globals["zip"] = zip
    return env


def when(stamp: str) -> str:
    """'2026-11-30T03:03:54.535147+00:00' -> '2026-11-30 03:03 UTC'."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def filing_label(url: str) -> str:
    """'FEC image 201807159000062815', 'LDA filing 1b777b2a', 'LD-203 a84f51fc'."""
    if "docquery.fec.gov" in url and "?" in url:
        return f"FEC image {url.rsplit('?', 1)[1]}"
    parts = [p for p in url.split("/") if p]
    if "contribution" in parts:
        return f"LD-203 {parts[parts.index('contribution') + 1][:8]}"
    if "filing" in parts[3:]:
        return f"LDA filing {parts[parts.index('filing', 3) + 1][:8]}"
    return "filing"


class Writer:
    def __init__(self, root: Path, env, common: dict):
        self.root, self.env, self.common, self.pages = root, env, common, 0

    def write(self, path: str, template: str, **context) -> None:
        depth = path.count("/")
        html = self.env.get_template(template).render(
            root="../" * depth, **self.common, **context)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages += 1


def _donor_key(con) -> str:
    by_name = "'name:' || upper(contributor_name) || '|' || coalesce(contributor_state, '')"
    if pages.has_table(con, "links", "donor_clusters"):
        return f"coalesce(donors.donor_id, {by_name})"
    return by_name


def _write_rows(con, cite: Citations, writer: Writer) -> None:
    for rowset in list(cite.sets.values()):
        kind = cite.kinds[rowset.kind]
        sql, shown = cite.query(rowset)
        rows = con.execute(f"{sql} limit {MAX_ROWS + 1}", rowset.params).fetchall()
        if len(rows) > MAX_ROWS:
            count, total = con.execute(f"select count(*), sum(amount__) from ({sql})",
                                       rowset.params).fetchone()
            rows = rows[:MAX_ROWS]
        else:
            count, total = len(rows), sum((row[-1] for row in rows), Decimal(0))
        rowset.count = count
        rowset.total = total if kind.amount != "0" else None
        kept = len(rows)
        rowset.pages = max(1, -(-kept // PAGE_ROWS))
        for page in range(1, rowset.pages + 1):
            chunk = [row[:-1] for row in rows[(page - 1) * PAGE_ROWS:page * PAGE_ROWS]]
            name = rowset.slug + ("" if page == 1 else f"-p{page}")
            writer.write(f"rows/{name}.html", "rows.html", title=rowset.title, r=rowset,
                         columns=kind.columns, rows=chunk, page=page, pages=rowset.pages,
                         capped=count > kept, shown=kept, sql=shown,
                         has_amount=kind.amount != "0")


def _search_rows(con, figure_pages: dict[str, str], industries: dict[str, str]) -> list[list]:
    """What the search page finds: FEC receipts to the figures or from industry employees, PAC
    gifts, LD-203 contributions and lobbying activities (current versions), each with its filing."""
    out = []
    for row in con.execute("""
            select contributor_name, concat_ws(', ', contributor_occupation,
                   concat_ws(' ', contributor_city, contributor_state)),
                   contributor_employer, committee_name, figure_id, contribution_date, cycle,
                   amount, filing_url
            from fct_contributions
            where counts_toward_total and (figure_id is not null or industry_id is not null)
            order by contribution_date desc nulls last, sub_id
            limit ?""", [SEARCH_LIMIT + 1]).fetchall():
        name, detail, employer, to, figure, date, cycle, amount, url = row
        out.append(["FEC receipt", name, detail, employer, None, None, to,
                    figure_pages.get(figure), date, cycle, amount, url])
    for row in con.execute("""
            select committee_name, industry_id, recipient_name, recipient_figure_id,
                   disbursement_date, cycle, amount, filing_url
            from fct_pac_disbursements where counts_toward_total
            order by disbursement_date desc nulls last, sub_id
            limit ?""", [SEARCH_LIMIT + 1]).fetchall():
        pac, industry, to, figure, date, cycle, amount, url = row
        out.append(["PAC gift", pac, None, industries.get(industry, industry), None, None, to,
                    figure_pages.get(figure), date, cycle, amount, url])
    for row in con.execute("""
            select coalesce(lobbyist_name, contributor_name), contribution_type_name,
                   registrant_name, concat_ws(' · honoring ', payee_name, honoree_name),
                   figure_id, contribution_date, filing_year + filing_year % 2, amount,
                   filing_document_url
            from fct_lobbyist_contributions where is_current_version
            order by contribution_date desc nulls last, contribution_item_id
            limit ?""", [SEARCH_LIMIT + 1]).fetchall():
        name, detail, firm, to, figure, date, cycle, amount, url = row
        out.append(["LD-203 contribution", name, detail, firm, None, None, to,
                    figure_pages.get(figure), date, cycle, amount, url])
    for row in con.execute("""
            select client_name, registrant_name, general_issue_code || ': ' ||
                   coalesce(specific_issues, ''), filing_year || ' ' || filing_period,
                   filing_year + filing_year % 2, filing_document_url, industry_id
            from fct_lobbying_activities where is_current_version
            order by filing_year desc, period_start_date desc, activity_id
            limit ?""", [SEARCH_LIMIT + 1]).fetchall():
        client, firm, issue, date, cycle, url, industry = row
        out.append(["lobbying activity", None, None, firm, client, issue, None,
                    f"industries/{industry}.html" if industry else None, date, cycle, None, url])
    return out


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def _dictionary(con) -> list[dict]:
    catalog = con.execute("select current_database()").fetchone()[0]
    tables = []
    for schema, table, description in published_tables(con, catalog):
        columns = [{"name": name, "type": data_type, "description": comment or ""}
                   for name, data_type, comment in con.execute("""
                       select column_name, data_type, comment from duckdb_columns()
                       where database_name = current_database() and schema_name = ?
                         and table_name = ? order by column_index""", [schema, table]).fetchall()]
        rows = con.execute(f"select count(*) from {quote(schema)}.{quote(table)}").fetchone()[0]
        tables.append({"name": table_label(schema, table), "description": description or "",
                       "columns": columns, "rows": rows})
    return tables


def build_site(db_path: Path, out_dir: Path) -> dict:
    """Build the site from the published file `db_path` into `out_dir` (replaced whole)."""
    import duckdb

    started = time.monotonic()
    db_path, out_dir = Path(db_path), Path(out_dir)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: run `make run` first")
    work = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    (work / "assets").mkdir(parents=True)
    for asset in (HERE / "static").iterdir():
        shutil.copyfile(asset, work / "assets" / asset.name)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        about = read_about(con)
        writer = Writer(work, _environment(), {
            "about": about, "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")})
        cite = Citations()
        if not pages.has_table(con, "links", "donor_clusters"):
            cite.kinds["contributions"] = replace(cite.kinds["contributions"], joins="")
        industries = pages.industry_names(con)
        figures = pages.figures(con)
        figure_names = {f["figure_id"]: f["figure_name"] for f in figures}
        writer.common["industries"] = industries
        donor_key = _donor_key(con)
        for figure in figures:
            data = pages.figure_page(con, cite, figure, industries, donor_key)
            writer.write(f"figures/{figure['figure_id']}.html", "figure.html",
                         title=figure["figure_name"], p=data)
            figure["industry_money"] = pages.Number(figure["industry_dollars"], cite.link(
                "industry_items", "figure_id = ? and also_counted_in_channel is null",
                [figure["figure_id"]], back=("index.html", "Home"),
                expected=figure["industry_dollars"],
                title=f"{figure['figure_name']}: money from the watchlist industries, all "
                      "cycles (each gift once)"))
        listed = []
        for industry_id, name in industries.items():
            data = pages.industry_page(con, cite, industry_id, name, figure_names)
            writer.write(f"industries/{industry_id}.html", "industry.html", title=name, p=data)
            listed.append({"industry_id": industry_id, "name": name,
                           "lobbying": _industry_total(con, cite, industry_id, name, "lobbying"),
                           "to_figures": _industry_total(con, cite, industry_id, name,
                                                         "figures")})
        writer.write("index.html", "index.html", title="The watchlist", figures=figures,
                     industry_rows=listed)
        _write_rows(con, cite, writer)

        search = _search_rows(con, {fid: f"figures/{fid}.html" for fid in figure_names},
                              industries)
        by_kind: dict[str, list] = {}
        for row in search:
            by_kind.setdefault(row[0], []).append(row)
        scope = ("It covers receipts counted toward the watchlist figures' totals or from "
                 "employees of the watchlist industries, the industries' PAC gifts, lobbyists' "
                 "LD-203 contributions and current lobbying activities.")
        cut = [kind for kind, found in by_kind.items() if len(found) > SEARCH_LIMIT]
        if cut:
            scope += (f" Of {', '.join(cut)} only the latest {SEARCH_LIMIT:,} are in this "
                      "page.")
        search = [row for found in by_kind.values() for row in found[:SEARCH_LIMIT]]
        by_kind = {kind: min(len(found), SEARCH_LIMIT) for kind, found in by_kind.items()}
        (work / "search-index.js").write_text(
            "window.INFLUENCE_SEARCH = " + json.dumps(
                {"columns": SEARCH_COLUMNS, "rows": search}, default=_json_default,
                ensure_ascii=False, separators=(",", ":")) + ";\n", encoding="utf-8")
        writer.write("search.html", "search.html", title="Search", scope=scope,
                     counts={"total": len(search), "by_kind": by_kind},
                     cycles=sorted({row[9] for row in search if row[9]}, reverse=True))
        writer.write("dictionary.html", "dictionary.html", title="Data dictionary",
                     tables=_dictionary(con))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        con.close()
    _swap(work, out_dir)
    seconds = time.monotonic() - started
    log.info("site: %d pages in %.1f s -> %s", writer.pages, seconds, out_dir)
    return {"step": "site", "folder": str(out_dir), "index": str(out_dir / "index.html"),
            "pages": writer.pages, "row_pages": len(cite.sets), "seconds": round(seconds, 2),
            "search_records": len(search), "contains_sample_data": about.is_sample}


def _industry_total(con, cite, industry_id, name, what):
    if what == "lobbying":
        where = "is_current_version and list_contains(activity_industry_ids, ?)"
        value = con.execute("select sum(coalesce(income, 0) + coalesce(expenses, 0)) from "
                            f"fct_lobbying_filings where {where}", [industry_id]).fetchone()[0]
        kind, title = "lobbying_filings", f"{name}: lobbying filings, all years (current versions)"
    else:
        where = "industry_id = ? and also_counted_in_channel is null"
        value = con.execute(f"select sum(amount) from fct_industry_money_items where {where}",
                            [industry_id]).fetchone()[0]
        kind, title = "industry_items", f"{name}: money to the watchlist figures, all cycles"
    if value is None:
        return None
    return pages.Number(value, cite.link(kind, where, [industry_id], back=("index.html", "Home"),
                                         expected=value, title=title))


def _swap(work: Path, out_dir: Path) -> None:
    """Put the new folder in place of the old one: two renames, the old folder removed after."""
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    if out_dir.exists():
        out_dir.rename(old)
    work.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["build_site"]
