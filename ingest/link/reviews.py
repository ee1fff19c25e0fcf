"""The review rules every link type follows: a reviewer's decision beats the threshold
(`link_status_sql`), and each decision records what it did (`review_effect_sql`), including
adding a confirmed pair the model never proposed (`ADDED_EFFECT`).
"""

from __future__ import annotations

from ingest.link.config import Review

ADDED_EFFECT = "added a confirmed link the model did not propose"


def review_table(work, table: str, reviews: list[Review], link_type: str) -> None:
    """The reviews of one link type as a table: row_number, left_id, right_id, decision, ..."""
    work.execute(f"create or replace table {table} (row_number integer, left_id varchar, "
                 "right_id varchar, decision varchar, reviewer varchar, note varchar)")
    rows = [(r.row, r.left_id, r.right_id, r.decision, r.reviewer, r.note)
            for r in reviews if r.link_type == link_type]
    if rows:
        work.executemany(f"insert into {table} values (?, ?, ?, ?, ?, ?)", rows)


def review_effect_sql(candidate: str, left_known: str, right_known: str, left_name: str,
                      right_name: str) -> str:
    """What a review row did, from whether its pair was a candidate and its ids exist."""
    return f"""case
                when {candidate} is not null and reviews.decision = 'confirm'
                    then 'confirmed a scored candidate'
                when {candidate} is not null then 'rejected a scored candidate'
                when reviews.decision = 'reject' then 'no such candidate; kept as a rejection'
                when {left_known} is null then 'not applied: unknown {left_name}'
                when {right_known} is null then 'not applied: unknown {right_name}'
                else '{ADDED_EFFECT}'
            end"""


def link_status_sql(threshold: float) -> str:
    """A link's status: the reviewer's decision first, then the threshold."""
    return f"""case
                when decisions.decision = 'reject' then 'rejected'
                when decisions.decision = 'confirm' then 'confirmed'
                when candidates.match_probability >= {threshold} then 'auto'
                else 'below_threshold'
            end"""
