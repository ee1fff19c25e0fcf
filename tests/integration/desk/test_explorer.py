"""The explorer: a SQLite copy of the answer tables served by Datasette on a free loopback port;
its canned queries (the saved questions in SQLite) answer what `influence ask` answers, and its
full-text search finds names, employers and issue text."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import time
import urllib.request
from decimal import Decimal

import pytest

from ingest.desk.explore import build_explorer, command, saved_queries
from ingest.desk.questions.ask import ask, load_questions

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def explorer(desk, tmp_path_factory):
    return build_explorer(desk.published_path, tmp_path_factory.mktemp("explorer") / "explorer")


def normal(value):
    """A DuckDB value and its SQLite copy compare equal: lists are JSON text in SQLite, money
    REAL, booleans 0/1."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return tuple(normal(v) for v in value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal | float):
        return round(float(value), 2)
    return value


def canned(db: str, sql: str, params: dict) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


CASES = [(name, {}) for name in sorted(load_questions())] + [
    ("top_recipients_of_industry", {"industry": "wall_street_banks", "cycle": "2016"}),
    ("top_recipients_of_industry", {"industry": "payday_lending", "cycle": "2020"}),
    ("top_industries_for_candidate", {"candidate": "sanders"}),
]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_every_saved_question_is_a_canned_query_with_the_same_answer(desk, explorer, name,
                                                                     params):
    query = saved_queries()[name]
    question = load_questions()[name]
    assert query["title"] == question.question and question.caveats in query["description"]
    _, expected = ask(name, desk.published_path, params)
    values = {key: params.get(key, "") for key in (question.params or {})}
    got = canned(explorer["database"], query["sql"], values)
    assert expected, name
    assert sorted(tuple(map(normal, row)) for row in got) == \
        sorted(tuple(map(normal, row)) for row in expected)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if url.split("?")[0].endswith(".json") else body


@pytest.fixture(scope="module")
def served(explorer):
    port = free_port()
    process = subprocess.Popen(command(explorer, port=port), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base}/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"datasette did not start: {process.stdout.read()}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_explorer_runs_a_canned_query_and_a_full_text_search(desk, served):
    columns, expected = ask("payday_to_wasserman_schultz", desk.published_path)
    got = get(f"{served}/influence/payday_to_wasserman_schultz.json?_shape=array")
    assert [tuple(normal(row[c]) for c in columns) for row in got] == \
        [tuple(map(normal, row)) for row in expected]
    with_params = get(f"{served}/influence/top_recipients_of_industry.json?_shape=array"
                      "&industry=wall_street_banks&cycle=2016")
    assert with_params and {row["cycle"] for row in with_params} == {2016}

    found = get(f"{served}/influence/fct_contributions.json?_shape=array&_search=reinholt"
                "&_col=contributor_name&_col=filing_url")
    assert found and all("REINHOLT" in row["contributor_name"] for row in found)
    assert all(row["filing_url"].startswith("https://docquery.fec.gov/") for row in found)
    issues = get(f"{served}/influence/fct_lobbying_activities.json?_shape=array"
                 "&_search=payday&_col=specific_issues")
    assert issues and all("payday" in row["specific_issues"].lower() for row in issues)
    employers = get(f"{served}/influence/fct_contributions.json?_shape=array"
                    "&_search=%22capitol+square%22&_col=contributor_employer")
    assert employers and all("CAPITOL SQUARE" in row["contributor_employer"] for row in employers)


def test_the_explorer_describes_every_column_and_says_sample(desk, explorer, served):
    metadata = json.loads(open(explorer["metadata"], encoding="utf-8").read())
    tables = metadata["databases"]["influence"]["tables"]
    assert "filing_url" in tables["fct_contributions"]["columns"]
    assert tables["fct_contributions"]["fts_table"] == "fct_contributions_fts"
    assert "links_donor_clusters" in tables
    page = get(f"{served}/influence/fct_contributions")
    assert 'id="provenance"' in page and "SAMPLE DATA" in page
    assert "SAMPLE DATA" in get(f"{served}/influence/payday_revolving_door")
