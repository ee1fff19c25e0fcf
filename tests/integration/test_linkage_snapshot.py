"""The link step on the warehouse built from the bundled snapshot."""

from __future__ import annotations

import pytest

from ingest.common.warehouse import connect
from ingest.link.config import STATUSES
from ingest.link.run import run_linkage

pytestmark = pytest.mark.integration


def test_link_step_on_snapshot_is_complete_and_stable(warehouse_copy, tmp_path):
    path = warehouse_copy.warehouse_path
    summary = run_linkage(path, tmp_path)
    con = connect(path, read_only=True)
    try:
        individuals = con.execute("select count(*) from staging.stg_fec__contributions "
                                  "where entity_type = 'IND'").fetchall()[0][0]
        first = dict(con.execute("select sub_id, donor_id from links.donor_clusters").fetchall())
        statuses = {row[0] for row in con.execute(
            "select distinct status from links.lobbyist_donor_links").fetchall()}
        unscored = con.execute("select count(*) from links.lobbyist_donor_links "
                               "where match_probability is null or evidence is null").fetchall()[0][0]
    finally:
        con.close()
    assert individuals > 0 and len(first) == individuals == summary["donor_records"]
    assert 0 < summary["donor_clusters"] <= individuals
    assert statuses <= set(STATUSES) and unscored == 0
    run_linkage(path, tmp_path)
    con = connect(path, read_only=True)
    try:
        assert dict(con.execute("select sub_id, donor_id from links.donor_clusters").fetchall()) == first
    finally:
        con.close()
