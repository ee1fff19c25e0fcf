"""The reporters' site, rendered from a published file and opened in headless Chromium (Debian's):
the charts and tables show the marts' numbers, every number links to rows that add up to it,
every citation is an FEC or LDA filing, the search finds a planted donor, every page says what
the data are, and the pages need no network. Screenshots land in the test's folder (and in
$INFLUENCE_SCREENSHOTS when set, which is how the README's pictures are made)."""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from ingest.desk.site import build_site
from ingest.desk.site.charts import dollars

pytestmark = pytest.mark.integration

CITATION = re.compile(
    r"^https://(docquery\.fec\.gov/cgi-bin/fecimg/\?\d+"
    r"|(lda\.gov|lda\.senate\.gov)/filings/public/(filing|contribution)/[0-9a-f-]{36}/print/)$")
PLANTED = {"name": "QUILLFEATHER, ZEPHYRINE", "amount": Decimal("777.00")}
SUMMARY = ["itemized_individual_receipts", "all_industries_employee_receipts",
           "all_industries_pac_contributions", "committee_gifts_received",
           "independent_expenditures_supporting", "independent_expenditures_opposing"]


def rows(path: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def plant_donor(published: Path, copy: Path) -> dict:
    """A copy of the published file with one more receipt: an invented payday-lender employee's
    gift to a committee outside the watchlist (so no figure's totals change)."""
    shutil.copyfile(published, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("""
            insert into fct_contributions
            select * replace ('PLANTED-1' as sub_id, ? as contributor_name,
                              'QUILLFEATHER' as contributor_last_name,
                              'ZEPHYRINE' as contributor_first_name, null as figure_id,
                              'C00999999' as committee_id, 'A COMMITTEE OUTSIDE THE WATCHLIST'
                              as committee_name, ?::decimal(14, 2) as amount,
                              true as counts_toward_total)
            from fct_contributions
            where industry_id = 'payday_lending' and counts_toward_total and source = 'api'
            order by sub_id limit 1""", [PLANTED["name"], PLANTED["amount"]])
        [(url,)] = con.execute("select filing_url from fct_contributions where sub_id = "
                               "'PLANTED-1'").fetchall()
    finally:
        con.close()
    return {**PLANTED, "filing_url": url}


@pytest.fixture(scope="module")
def site(desk, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    planted = plant_donor(desk.published_path, folder / "influence.duckdb")
    built = build_site(folder / "influence.duckdb", folder / "site")
    print(f"\nsite: {built['pages']} pages ({built['row_pages']} row pages) built in "
          f"{built['seconds']:.1f} s")
    return {"root": folder / "site", "db": folder / "influence.duckdb", "built": built,
            "planted": planted}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def shoot(tab, name: str, tmp_path: Path, *, full_page: bool = False) -> Path:
    out = tmp_path / f"{name}.png"
    tab.screenshot(path=str(out), full_page=full_page)
    if os.environ.get("INFLUENCE_SCREENSHOTS"):
        target = Path(os.environ["INFLUENCE_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, target / out.name)
    assert out.stat().st_size > 10_000
    return out


class Links(HTMLParser):
    """Anchors (class, href, data-value), the rows summary, external resources, the banner."""

    def __init__(self):
        super().__init__()
        self.anchors, self.resources, self.summary, self.banner = [], [], None, None
        self.row_cites, self._in_row, self._cites_in_row = [], False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.anchors.append(a)
            if self._in_row and "cite" in (a.get("class") or "").split():
                self._cites_in_row += 1
        if tag in ("script", "img") and a.get("src") or tag == "link" and a.get("href"):
            self.resources.append(a.get("src") or a.get("href"))
        if a.get("id") == "rows-summary":
            self.summary = a
        if a.get("id") == "provenance":
            self.banner = a
        if tag == "tr":
            self._in_row, self._cites_in_row = True, 0

    def handle_endtag(self, tag):
        if tag == "tr" and self._in_row:
            self.row_cites.append(self._cites_in_row)
            self._in_row = False


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def figure_numbers(tab) -> dict:
    return tab.evaluate("""() => ({
        bars: [...document.querySelectorAll('#money-by-cycle rect.bar')].map(
            r => [r.dataset.group, r.dataset.series, r.dataset.value]),
        cells: [...document.querySelectorAll('#summary-table tbody tr')].map(tr => [
            tr.dataset.cycle, [...tr.querySelectorAll('td[data-column]')].map(td => [
                td.dataset.column,
                td.querySelector('[data-value]') ? td.querySelector('[data-value]').dataset.value
                                                 : null,
                td.innerText.trim()])]),
        industries: [...document.querySelectorAll('#top-industries tbody tr')].map(
            tr => [tr.dataset.industry, tr.querySelector('[data-value]').dataset.value]),
    })""")


def check_figure_pages(tab, root: Path, db: Path) -> int:
    checked = 0
    labels = dict(zip(SUMMARY, ["Itemized individuals", "Industry employees", "Industry PACs",
                                "Committee gifts", "Outside spending for",
                                "Outside spending against"], strict=True))
    for (figure_id,) in rows(db, "select figure_id from dim_figures order by 1"):
        tab.goto((root / "figures" / f"{figure_id}.html").as_uri())
        shown = figure_numbers(tab)
        summary = rows(db, f"select cycle, {', '.join(SUMMARY)} from fct_figure_cycle_summary "
                           "where figure_id = ? order by cycle", [figure_id])
        bars = {(group, series): Decimal(value) for group, series, value in shown["bars"]}
        cells = {(int(cycle), column): (Decimal(value), text)
                 for cycle, columns in shown["cells"] for column, value, text in columns
                 if column in SUMMARY}
        assert len(cells) == len(summary) * len(SUMMARY), figure_id
        for cycle, *values in summary:
            for column, value in zip(SUMMARY, values, strict=True):
                assert bars[(str(cycle), labels[column])] == value, (figure_id, cycle, column)
                assert cells[(cycle, column)] == (value, dollars(value)), (figure_id, column)
                checked += 1
        profile = rows(db, "select unnest(top_industries, recursive := true) from "
                           "dim_figure_profiles where figure_id = ?", [figure_id])
        assert [(i, Decimal(v)) for i, v in shown["industries"]] == profile, figure_id
    return checked


def test_figure_pages_show_the_marts_numbers(site, page, tmp_path):
    checked = check_figure_pages(page, site["root"], site["db"])
    assert checked > 100
    page.goto((site["root"] / "figures" / "debbie_wasserman_schultz.html").as_uri())
    assert page.locator("svg#money-by-cycle").is_visible()
    shoot(page, "figure", tmp_path)


def test_industry_pages_show_the_marts_numbers(site, page, tmp_path):
    db = site["db"]
    for (industry_id,) in rows(db, "select distinct industry_id from "
                                   "fct_industry_money_to_figures order by 1"):
        page.goto((site["root"] / "industries" / f"{industry_id}.html").as_uri())
        shown = page.evaluate("""() => ({
            bars: [...document.querySelectorAll('#lobbying-by-year rect.bar')].map(
                r => [r.dataset.group, r.dataset.value]),
            table: [...document.querySelectorAll('#lobbying-by-year-table tbody tr')].map(
                tr => [tr.dataset.year, tr.querySelector('[data-value]').dataset.value]),
            recipients: [...document.querySelectorAll('details[data-cycle]')].map(d => [
                d.dataset.cycle, [...d.querySelectorAll('tr[data-recipient]')].map(tr => [
                    tr.dataset.recipient, tr.lastElementChild.querySelector('[data-value]')
                        .dataset.value])]),
        })""")
        spending = rows(db, """
            select filing_year::varchar, sum(coalesce(income, 0) + coalesce(expenses, 0))
            from fct_lobbying_filings
            where is_current_version and list_contains(activity_industry_ids, ?)
            group by 1 order by 1""", [industry_id])
        assert spending, industry_id
        assert [(y, Decimal(v)) for y, v in shown["bars"]] == spending
        assert [(y, Decimal(v)) for y, v in shown["table"]] == spending
        totals = rows(db, """
            select cycle::varchar, recipient_id, sum(amount) as dollars
            from fct_industry_recipient_totals where industry_id = ?
            group by cycle, recipient_id
            qualify row_number() over (partition by cycle order by dollars desc, recipient_id)
                <= 25
            order by cycle desc, dollars desc, recipient_id""", [industry_id])
        assert [(c, r, Decimal(v)) for c, block in shown["recipients"] for r, v in block] \
            == totals, industry_id
    page.goto((site["root"] / "industries" / "payday_lending.html").as_uri())
    assert page.locator("#revolving-door-table tbody tr").count() == rows(db, """
        select count(*) from fct_revolving_door
        where list_contains(activity_industry_ids, 'payday_lending')""")[0][0]
    shoot(page, "industry", tmp_path)


def test_every_number_links_to_rows_that_add_up_to_it(site, page):
    root = site["root"]
    checked = 0
    for html in [root / "index.html", *sorted((root / "figures").glob("*.html")),
                 *sorted((root / "industries").glob("*.html"))]:
        for anchor in parse(html).anchors:
            kind = set((anchor.get("class") or "").split()) & {"num", "count"}
            if not kind or "rows/" not in anchor["href"]:
                continue
            target = (html.parent / anchor["href"]).resolve()
            summary = parse(target).summary
            assert summary is not None, target
            if kind == {"num"}:  # money: the rows add up to it
                assert Decimal(summary["data-total"]) == Decimal(anchor["data-value"]), target
            else:  # a count: that many rows
                assert summary["data-count"] == anchor["data-count"], target
            checked += 1
    assert checked > 300
    # and in the browser: click the first number of a figure page, land on its cited rows
    page.goto((root / "figures" / "debbie_wasserman_schultz.html").as_uri())
    number = page.locator("#summary-table a.num").first
    expected = number.get_attribute("data-value")
    number.click()
    page.wait_for_selector("#rows-summary")
    assert page.locator("#rows-summary").get_attribute("data-total") == expected
    assert page.locator("table.rows a.cite").count() == int(
        page.locator("#rows-summary").get_attribute("data-count"))


def test_every_citation_is_an_fec_or_lda_filing(site):
    cites = 0
    for html in site["root"].rglob("*.html"):
        parsed = parse(html)
        for anchor in parsed.anchors:
            if "cite" in (anchor.get("class") or "").split():
                assert CITATION.match(anchor["href"]), (html.name, anchor["href"])
                cites += 1
        if html.parent.name == "rows":  # each row of a rows page cites its filing
            assert parsed.row_cites[0] == 0 and all(parsed.row_cites[1:]), html.name
    assert cites > 1000
    index = (site["root"] / "search-index.js").read_text(encoding="utf-8")
    urls = re.findall(r'"(https?://[^"]+)"', index)
    assert urls and all(CITATION.match(url) for url in urls)


def test_the_search_finds_a_planted_donor(site, page, tmp_path):
    planted = site["planted"]
    page.goto((site["root"] / "search.html").as_uri())
    page.fill("#q", "quillfeather")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-status[data-found]")
    assert page.locator("#search-status").get_attribute("data-found") == "1"
    row = page.locator("#results tbody tr").first
    assert planted["name"] in row.inner_text()
    assert row.locator("a.cite").get_attribute("href") == planted["filing_url"]
    assert row.locator("td.num").get_attribute("data-value") in ("777", "777.0", "777.00")
    shoot(page, "search-planted", tmp_path)
    # by employer, by lobbying client and by words of the specific-issue text
    for query, field, expected in (("capitol square", "org", "REINHOLT"),
                                   ("advance america", "client", "ADVANCE AMERICA"),
                                   ("small-dollar", "issue", "small-dollar")):
        page.goto((site["root"] / "search.html").as_uri() + f"?q={query}&in={field}")
        page.wait_for_selector("#search-status[data-found]")
        assert int(page.locator("#search-status").get_attribute("data-found")) > 0, query
        assert expected.lower() in page.locator("#results").inner_text().lower(), query
        if field == "org":
            shoot(page, "search", tmp_path)


def test_every_page_says_what_the_data_are_and_needs_no_network(site, browser):
    published_at = rows(site["db"], "select value from about_this_file where key = "
                                    "'published_at'")[0][0]
    for html in site["root"].rglob("*.html"):
        parsed = parse(html)
        assert parsed.banner and parsed.banner.get("data-sample") == "yes", html
        text = html.read_text(encoding="utf-8")
        assert "SAMPLE DATA." in text and published_at[:10] in text, html
        assert "REAL FEC bulk data (2020 cycle, as of 2019-03-22)" in text, html
        assert not [r for r in parsed.resources if re.match(r"(https?:)?//", r)], html
    # without JavaScript the figure page keeps its chart, its tables and its links
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site["root"] / "figures" / "debbie_wasserman_schultz.html").as_uri())
    assert tab.locator("#money-by-cycle rect.bar").count() >= 6
    assert tab.locator("#summary-table a.num").count() >= 6
    assert tab.locator("#provenance").inner_text().startswith("SAMPLE DATA")
    context.close()


def test_the_data_dictionary_page_has_every_column_description(site, page):
    page.goto((site["root"] / "dictionary.html").as_uri())
    shown = page.evaluate("""() => [...document.querySelectorAll('section.table-doc')].flatMap(
        s => [...s.querySelectorAll('tr[data-column]')].map(
            tr => [s.dataset.table, tr.dataset.column, tr.lastElementChild.innerText.trim()]))""")
    expected = rows(site["db"], """
        select case when schema_name = 'main' then table_name
                    else schema_name || '.' || table_name end, column_name, comment
        from duckdb_columns() where database_name = current_database()""")
    def words(text: str) -> str:
        return " ".join(text.split())

    assert sorted((t, c, words(d)) for t, c, d in shown) == \
        sorted((t, c, words(d)) for t, c, d in expected)


def test_the_site_of_an_api_only_file(api_only, page, tmp_path):
    built = build_site(api_only.published_path, tmp_path / "site")
    root = Path(built["folder"])
    assert check_figure_pages(page, root, api_only.published_path) > 50
    text = (root / "index.html").read_text(encoding="utf-8")
    assert "SAMPLE DATA." in text and "REAL FEC bulk" not in text
    assert (root / "industries" / "payday_lending.html").exists()
    assert (root / "search.html").exists() and (root / "dictionary.html").exists()
