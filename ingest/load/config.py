"""The watchlist and the FEC resolution into ``raw_config`` (replaced on every load), and how many
figures the resolution links.
"""

from __future__ import annotations

import json

from ingest.common.watchlist import Watchlist
from ingest.load.records import CONFIG_SCHEMA


def figures_resolved(resolution_json: str | None) -> int:
    """How many watchlist figures the FEC resolution links to a candidate or committee."""
    if not resolution_json:
        return 0
    links = json.loads(resolution_json).get("links") or []
    return len({lk["owner_id"] for lk in links if lk.get("owner_type") == "figure"})


def load_config(con, watchlist: Watchlist, resolution_json: str | None) -> None:
    """Replace the raw_config tables with the current watchlist and FEC ID resolution."""
    con.execute(f"create schema if not exists {CONFIG_SCHEMA}")
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.watchlist_figures (
        figure_id varchar primary key, figure_name varchar, figure_type varchar,
        party varchar, candidate_ids varchar[], committee_ids varchar[], searches json,
        lobbying_names varchar[])""")
    con.executemany(
        f"insert into {CONFIG_SCHEMA}.watchlist_figures values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(f.id, f.name, f.type, f.party, list(f.candidate_ids), list(f.committee_ids),
          json.dumps([s.__dict__ for s in f.search]), list(f.lobbying_names))
         for f in watchlist.figures],
    )
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.watchlist_industries (
        industry_id varchar primary key, industry_name varchar, opensecrets_codes varchar[],
        employer_patterns varchar[], organization_patterns varchar[],
        pac_committee_ids varchar[], pac_names varchar[], lobbying_issue_terms varchar[],
        lobbying_issue_codes varchar[])""")
    con.executemany(
        f"insert into {CONFIG_SCHEMA}.watchlist_industries values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i.id, i.name, list(i.opensecrets_codes), list(i.employer_patterns),
          list(i.organization_patterns), list(i.pac_committee_ids), list(i.pac_names),
          list(i.lobbying_issue_terms), list(i.lobbying_issue_codes))
         for i in watchlist.industries],
    )
    con.execute(f"""create or replace table {CONFIG_SCHEMA}.fec_links (
        owner_type varchar, owner_id varchar, candidate_id varchar, committee_id varchar,
        method varchar, evidence varchar, cycles integer[], resolved_at varchar)""")
    if resolution_json:
        data = json.loads(resolution_json)
        con.executemany(
            f"insert into {CONFIG_SCHEMA}.fec_links values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(lk["owner_type"], lk["owner_id"], lk["candidate_id"], lk["committee_id"],
              lk["method"], lk["evidence"], [int(c) for c in lk.get("cycles") or []],
              data.get("resolved_at")) for lk in data["links"]],
        )
