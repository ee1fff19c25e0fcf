"""Organisation links: lobbying clients <-> PAC sponsors and employers, with reviews."""

from __future__ import annotations

import duckdb

from ingest.link.run import run_linkage
from tests.ingest.link.helpers import read, write_reviews

ORGANIZATIONS = [
    # organization_kind, organization_id, organization_name, name_keys, industry_id
    ("lobbying_client", "goldman-sachs-group", "GOLDMAN SACHS GROUP", ["GOLDMAN SACHS GROUP"],
     "wall_street_banks"),
    ("lobbying_client", "advance-auto-parts", "ADVANCE AUTO PARTS", ["ADVANCE AUTO PARTS"], None),
    ("committee", "C00000001", "THE GOLDMAN SACHS GROUP, INC.", ["GOLDMAN SACHS GROUP"],
     "wall_street_banks"),
    ("employer", "employer:GOLDMAN SACHS", "GOLDMAN SACHS & CO", ["GOLDMAN SACHS"],
     "wall_street_banks"),
    ("employer", "employer:GOLDMEN SACHS GROUP", "GOLDMEN SACHS GROUP", ["GOLDMEN SACHS GROUP"],
     None),
    ("employer", "employer:GOLDMAN PROPERTIES", "GOLDMAN PROPERTIES", ["GOLDMAN PROPERTIES"], None),
    ("employer", "employer:GS GROUP", "GS GROUP INC", ["GS GROUP"], None),
    ("employer", "employer:ADVANCE AUTO PARTS", "ADVANCE AUTO PARTS INC", ["ADVANCE AUTO PARTS"],
     None),
    ("employer", "employer:ADVANCE AMERICA", "ADVANCE AMERICA", ["ADVANCE AMERICA"],
     "payday_lending"),
]


def add_organizations(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists intermediate")
    con.execute("""create or replace table intermediate.int_organization_names (
        organization_kind varchar, organization_id varchar, organization_name varchar,
        name_keys varchar[], industry_id varchar)""")
    con.executemany("insert into intermediate.int_organization_names values (?, ?, ?, ?, ?)",
                    ORGANIZATIONS)
    con.close()


def org_links(path) -> dict[tuple[str, str], tuple[float, str, str]]:
    rows = read(path, "select canonical_client_id, organization_id, match_probability, status, "
                      "evidence from links.organization_links")
    return {(client, org): (prob, status, ev) for client, org, prob, status, ev in rows}


def test_organisation_links_scores_evidence_and_reviews(warehouse):
    path, config = warehouse
    add_organizations(path)
    summary = run_linkage(path, config)
    found = org_links(path)
    prob, status, evidence = found[("goldman-sachs-group", "C00000001")]
    assert status == "auto" and prob > 0.99
    assert evidence == "same name key GOLDMAN SACHS GROUP; both coded wall_street_banks"
    prob, status, evidence = found[("goldman-sachs-group", "employer:GOLDMAN SACHS")]
    assert status == "auto" and 0.9 <= prob < 0.99 and "begins like" in evidence
    prob, status, evidence = found[("goldman-sachs-group", "employer:GOLDMEN SACHS GROUP")]
    assert status == "below_threshold" and prob < 0.5 and "jaro-winkler" in evidence
    assert found[("advance-auto-parts", "employer:ADVANCE AUTO PARTS")][1] == "auto"
    # a shared first word is not a link (scored far below the storage floor)
    assert ("goldman-sachs-group", "employer:GOLDMAN PROPERTIES") not in found
    assert ("advance-auto-parts", "employer:ADVANCE AMERICA") not in found
    assert summary["organization_links"] == {"auto": 3, "below_threshold": 1}

    write_reviews(
        config,
        "client_organization,goldman-sachs-group,employer:GOLDMEN SACHS GROUP,confirm,jdoe,typo",
        "client_organization,advance-auto-parts,employer:ADVANCE AUTO PARTS,reject,jdoe,test",
        "client_organization,goldman-sachs-group,employer:GS GROUP,confirm,jdoe,abbreviation",
        "client_organization,no-such-client,C00000001,confirm,jdoe,",
    )
    run_linkage(path, config)
    found = org_links(path)
    assert found[("goldman-sachs-group", "employer:GOLDMEN SACHS GROUP")][1] == "confirmed"
    assert found[("advance-auto-parts", "employer:ADVANCE AUTO PARTS")][1] == "rejected"
    prob, status, evidence = found[("goldman-sachs-group", "employer:GS GROUP")]
    assert status == "confirmed" and evidence.startswith("not proposed by the model")
    assert read(path, "select row_number, effect from links.link_decisions order by 1") == [
        (2, "confirmed a scored candidate"),
        (3, "rejected a scored candidate"),
        (4, "added a confirmed link the model did not propose"),
        (5, "not applied: unknown canonical_client_id"),
    ]
