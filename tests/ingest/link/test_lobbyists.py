"""Lobbyist links: score, evidence and status."""

from __future__ import annotations

from ingest.link.run import run_linkage
from tests.ingest.link.helpers import donor_ids, links


def test_lobbyist_links_carry_score_evidence_and_status(warehouse):
    path, config = warehouse
    summary = run_linkage(path, config)
    ids = donor_ids(path)
    found = links(path)
    prob, status, evidence = found[("11", ids["4001"])]
    assert status == "auto" and prob >= 0.9
    assert "last name = COPHER" in evidence and "first name = JOHN" in evidence
    assert "registrant" in evidence
    portland = found.get(("11", ids["5001"]))
    assert portland is None or portland[1] == "below_threshold"
    assert ("13", ids["6001"]) not in found, "MARK is not MARIA"
    assert all(s in ("auto", "below_threshold") for _, s, _ in found.values())
    assert summary["lobbyists"] == 3
    assert summary["lobbyist_links"]["auto"] >= 1
