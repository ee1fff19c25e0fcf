"""A small synthetic warehouse for the link step's tests: receipts, lobbyists, and readers of the
links tables.
"""

from __future__ import annotations

import duckdb

CONTRIBUTIONS = [
    # sub_id, name, first, last, zip, city, state, employer, occupation, entity_type
    ("4001", "COPHER, JOHN", "JOHN", "COPHER", "20001", "WASHINGTON", "DC",
     "AKIN GUMP STRAUSS HAUER & FELD", "LOBBYIST", "IND"),
    ("4002", "COPHER, JOHN R", "JOHN R", "COPHER", "200012345", "WASHINGTON", "DC",
     "AKIN GUMP STRAUSS HAUER & FELD LLP", "LOBBYIST", "IND"),
    ("4003", "COPHER, JON", "JON", "COPHER", "20001", "WASHINGTON", "DC",
     "AKIN GUMP STRAUSS HAUER FELD", "GOVERNMENT RELATIONS", "IND"),
    ("4004", "COPHER, JOHN MR.", "JOHN", "COPHER", "20002", "WASHINGTON", "DC",
     "AKIN GUMP", "LOBBYIST", "IND"),
    ("5001", "COPHER, JOHN", "JOHN", "COPHER", "97201", "PORTLAND", "OR",
     "INTEL CORP", "ENGINEER", "IND"),
    ("5002", "COPHER, JOHN", "JOHN", "COPHER", "97201", "PORTLAND", "OR",
     "INTEL CORP", "ENGINEER", "IND"),
    ("6001", "ALVAREZ, MARIA", "MARIA", "ALVAREZ", "33101", "MIAMI", "FL",
     "UNIVERSITY OF MIAMI", "PROFESSOR", "IND"),
    ("6002", "ALVAREZ, MARIA E", "MARIA", "ALVAREZ", "33101", "MIAMI", "FL",
     "UNIV OF MIAMI", "PROFESSOR", "IND"),
    ("7001", "BRANDT, SUSAN", "SUSAN", "BRANDT", "60601", "CHICAGO", "IL",
     "BOEING", "ANALYST", "IND"),
    ("8001", "ACME PAC", None, None, "20001", "WASHINGTON", "DC", None, None, "PAC"),
]

LOBBYISTS = [
    # lobbyist_id, first, nickname, last, registrant
    (11, "JOHN", None, "COPHER", "AKIN GUMP STRAUSS HAUER & FELD LLP"),
    (12, "SUSAN", None, "BRANDT", "PODESTA GROUP"),
    (13, "MARK", None, "ALVAREZ", "SQUIRE PATTON BOGGS"),
]


def make_warehouse(path, contributions=CONTRIBUTIONS, lobbyists=LOBBYISTS) -> None:
    """A warehouse with just the staged columns the linkage reads, typed as dbt builds them."""
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists staging")
    con.execute("""create or replace table staging.stg_fec__contributions (
        sub_id varchar, contributor_name varchar, contributor_first_name varchar,
        contributor_last_name varchar, contributor_zip varchar, contributor_city varchar,
        contributor_state varchar, contributor_employer varchar, contributor_occupation varchar,
        entity_type varchar, amount decimal(14, 2))""")
    if contributions:
        con.executemany("insert into staging.stg_fec__contributions "
                        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 100)", contributions)
    con.execute("""create or replace table staging.stg_lda__lobbyists (
        lobbyist_id bigint, registrant_id bigint, prefix varchar, first_name varchar, nickname varchar,
        middle_name varchar, last_name varchar, suffix varchar, lobbyist_name varchar,
        registrant_name varchar)""")
    con.executemany("insert into staging.stg_lda__lobbyists values (?, 1, null, ?, ?, null, ?, null, "
                    "concat_ws(' ', $2, $4), ?)",
                    [(lid, first, nick, last, reg) for lid, first, nick, last, reg in lobbyists])
    con.execute("""create or replace table staging.stg_lda__contribution_reports (
        filing_uuid varchar, registrant_id bigint, lobbyist_id bigint, lobbyist_name varchar,
        registrant_name varchar)""")
    con.execute("insert into staging.stg_lda__contribution_reports values "
                "('c-1', 1, 11, 'JOHN R COPHER', 'AKIN GUMP STRAUSS HAUER & FELD LLP')")
    con.close()


def read(path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def donor_ids(path) -> dict[str, str]:
    return dict(read(path, "select sub_id, donor_id from links.donor_clusters"))


def links(path) -> dict[tuple[str, str], tuple[float, str, str]]:
    rows = read(path, "select lobbyist_id, donor_id, match_probability, status, evidence "
                      "from links.lobbyist_donor_links")
    return {(lob, don): (prob, status, evidence) for lob, don, prob, status, evidence in rows}


def write_reviews(config_dir, *rows: str) -> None:
    text = "link_type,left_id,right_id,decision,reviewer,note\n" + "".join(r + "\n" for r in rows)
    (config_dir / "link_reviews.csv").write_text(text, encoding="utf-8")
