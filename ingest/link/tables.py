"""Publishing the link tables: the work database's results replace schema ``links`` in the
warehouse in one transaction, each table and column commented from `LINK_TABLE_DOCS`.
"""

from __future__ import annotations

from ingest.link.config import BATCH_ROWS

_STATUS_DOC = ("auto (score at or above the threshold in review/linkage.yml), below_threshold (never "
               "used in answers), confirmed or rejected (by a reviewer, review/link_reviews.csv)")
_SCORE_DOC = "splink match probability (0-1) that the two records are the same; not a fact"
LINK_TABLE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "donor_clusters": ("One row per itemized FEC receipt of an individual, with its donor.", {
        "sub_id": "FEC sub_id of the receipt (see fct_contributions).",
        "donor_id": "The donor: same id = same person by the model; stable while its cluster is.",
        "profile_id": "The receipt's cleaned name, ZIP, city, state, employer and occupation (hashed).",
        "cluster_size": "Receipts in the donor's cluster.",
        "profiles_in_cluster": "Distinct profiles (spellings, addresses, employers) in the cluster.",
        "best_match_probability": "Best pairwise score inside the cluster (1 for identical profiles; "
                                  "null for a single receipt).",
    }),
    "lobbyist_donor_links": ("LDA lobbyist <-> FEC donor candidate links.", {
        "lobbyist_id": "LDA lobbyist id (see dim_lobbyists).",
        "lobbyist_name": "The lobbyist's name as filed.",
        "donor_id": "The donor (links.donor_clusters).",
        "donor_name": "The donor's best-matching name.",
        "match_probability": _SCORE_DOC + ".",
        "evidence": "What agreed and what did not (names, employer vs lobbying firm, occupation).",
        "status": _STATUS_DOC + ".",
        "reviewer": "Who decided, for confirmed or rejected links.",
        "review_note": "The reviewer's note.",
    }),
    "organization_links": ("Lobbying client <-> FEC PAC sponsor or employer candidate links.", {
        "canonical_client_id": "The lobbying client (see dim_lobbying_clients).",
        "client_name": "The client's canonical name.",
        "organization_kind": "committee (a PAC's connected organisation) or employer (as donors wrote it).",
        "organization_id": "committee_id, or employer: followed by the employer's name key.",
        "organization_name": "The connected organisation or the most common employer spelling.",
        "match_probability": _SCORE_DOC + ".",
        "evidence": "Name agreement (same key, one begins the other, close spelling) and industry coding.",
        "status": _STATUS_DOC + ".",
        "reviewer": "Who decided, for confirmed or rejected links.",
        "review_note": "The reviewer's note.",
    }),
    "link_decisions": ("Every row of review/link_reviews.csv and what it did on the last run.", {
        "row_number": "Line of the row in link_reviews.csv (the header is line 1).",
        "link_type": "lobbyist_donor, client_organization or same_donor.",
        "left_id": "lobbyist_id, canonical_client_id or sub_id.",
        "right_id": "donor_id, organization_id or sub_id.",
        "decision": "confirm or reject.",
        "reviewer": "Who decided.",
        "note": "The reviewer's note.",
        "effect": "What the decision did on the last run.",
    }),
}


def _comment(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _publish(con, work) -> None:
    """Replace the ``links`` tables in one transaction, with a description on every column."""
    queries = {
        "donor_clusters": "select sub_id, donor_id, profile_id, cluster_size, "
                          "profiles_in_cluster, best_match_probability from donor_clusters",
        "lobbyist_donor_links": "select * from lobbyist_donor_links",
        "organization_links": "select * from organization_links",
        "link_decisions": "select * from link_decisions",
    }
    con.execute("begin transaction")
    try:
        con.execute("create schema if not exists links")
        for name, query in queries.items():
            # streamed in batches from the work database: never the whole table in Python
            con.register(f"_{name}_arrow", work.sql(query).fetch_record_batch(BATCH_ROWS))
            con.execute(f"create or replace table links.{name} as select * from _{name}_arrow")
            con.unregister(f"_{name}_arrow")
            table_doc, column_docs = LINK_TABLE_DOCS[name]
            con.execute(f"comment on table links.{name} is {_comment(table_doc)}")
            for column, doc in column_docs.items():
                con.execute(f"comment on column links.{name}.{column} is {_comment(doc)}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
