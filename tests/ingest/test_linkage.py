"""Entity resolution on a small synthetic warehouse: clusters, stable IDs, reviews, configuration."""

from __future__ import annotations

import duckdb
import pytest

from ingest.link.config import LinkageError
from ingest.link.run import run_linkage

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


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    make_warehouse(path)
    config = tmp_path / "config"
    config.mkdir()
    return path, config


def test_variants_cluster_and_namesake_stays_apart(warehouse):
    path, config = warehouse
    summary = run_linkage(path, config)
    ids = donor_ids(path)
    assert "8001" not in ids, "committees are not individual donors"
    assert len({ids[s] for s in ("4001", "4002", "4003", "4004")}) == 1
    assert ids["5001"] == ids["5002"] != ids["4001"]
    assert ids["6001"] == ids["6002"]
    assert ids["7001"] not in {ids["4001"], ids["5001"], ids["6001"]}
    sizes = dict(read(path, "select sub_id, cluster_size from links.donor_clusters"))
    assert sizes["4001"] == 4 and sizes["5001"] == 2 and sizes["7001"] == 1
    best = dict(read(path, "select sub_id, best_match_probability from links.donor_clusters"))
    assert best["4001"] >= 0.95 and best["5001"] == 1.0 and best["7001"] is None
    assert summary["donor_clusters"] == 4
    assert summary["donor_records"] == 9
    assert sum(summary["donor_pair_bands"].values()) > 0
    assert summary["seconds"] >= 0


def test_donor_ids_are_stable_across_runs_and_unrelated_rows(warehouse, tmp_path):
    path, config = warehouse
    run_linkage(path, config)
    first = donor_ids(path)
    run_linkage(path, config)
    assert donor_ids(path) == first
    other = tmp_path / "other.duckdb"
    make_warehouse(other, CONTRIBUTIONS + [
        ("0999", "NGUYEN, LINH", "LINH", "NGUYEN", "98101", "SEATTLE", "WA", "AMAZON", "MANAGER", "IND"),
    ])
    run_linkage(other, config)
    grown = donor_ids(other)
    assert {sub_id: grown[sub_id] for sub_id in first} == first
    assert grown["0999"] not in first.values()


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


def test_reviews_reject_and_confirm_on_next_run(warehouse):
    path, config = warehouse
    run_linkage(path, config)
    ids = donor_ids(path)
    assert links(path)[("11", ids["4001"])][1] == "auto"
    assert links(path)[("12", ids["7001"])][1] == "below_threshold"
    write_reviews(
        config,
        f"lobbyist_donor,11,{ids['4001']},reject,jdoe,different John Copher per disclosure",
        f"lobbyist_donor,12,{ids['7001']},confirm,jdoe,confirmed by phone",
        f"lobbyist_donor,12,{ids['5001']},confirm,jdoe,married name",
        "lobbyist_donor,99,D0000000000000000,confirm,jdoe,typo",
    )
    summary = run_linkage(path, config)
    found = links(path)
    assert found[("11", ids["4001"])][1] == "rejected"
    prob, status, _ = found[("12", ids["7001"])]
    assert status == "confirmed" and prob < 0.9
    prob, status, evidence = found[("12", ids["5001"])]
    assert status == "confirmed" and prob < 0.01
    assert evidence.startswith("not proposed by the model") and "SUSAN ~ JOHN" in evidence
    assert not any(lob == "99" for lob, _ in found)
    effects = read(path, "select row_number, decision, effect from links.link_decisions order by 1")
    assert effects == [
        (2, "reject", "rejected a scored candidate"),
        (3, "confirm", "confirmed a scored candidate"),
        (4, "confirm", "added a confirmed link the model did not propose"),
        (5, "confirm", "not applied: unknown lobbyist_id"),
    ]
    assert summary["lobbyist_links"]["confirmed"] == 2
    write_reviews(config)
    run_linkage(path, config)
    assert links(path)[("11", ids["4001"])][1] == "auto"
    assert read(path, "select count(*) from links.link_decisions") == [(0,)]


@pytest.mark.parametrize("row, message", [
    ("lobbyist_donor,11,D1,maybe,jdoe,", "row 3: decision 'maybe'"),
    ("donor_merge,11,D1,confirm,jdoe,", "row 3: link_type 'donor_merge'"),
    ("lobbyist_donor,,D1,confirm,jdoe,", "row 3: left_id and right_id are required"),
    ("lobbyist_donor,11,D1,confirm,,", "row 3: reviewer is required"),
    ("lobbyist_donor,11,D1,confirm,jdoe,note,extra", "row 3: expected 6 fields"),
    ("lobbyist_donor,12,D2,reject,jdoe,", "row 3: contradicts row 2"),
])
def test_malformed_review_csv_names_the_row(warehouse, row, message):
    path, config = warehouse
    write_reviews(config, "lobbyist_donor,12,D2,confirm,jdoe,ok", row)
    with pytest.raises(LinkageError, match=message.replace("(", r"\(")):
        run_linkage(path, config)


def test_review_csv_with_wrong_header_fails(warehouse):
    path, config = warehouse
    (config / "link_reviews.csv").write_text("left,right,decision\n1,2,confirm\n", encoding="utf-8")
    with pytest.raises(LinkageError, match="header lacks column"):
        run_linkage(path, config)


def test_thresholds_from_linkage_yml_and_argument(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("lobbyist_match_threshold: 0.99999999\n"
                                        "lobbyist_candidate_floor: 0.0\n", encoding="utf-8")
    summary = run_linkage(path, config)
    assert summary["settings"]["lobbyist_match_threshold"] == 0.99999999
    assert "auto" not in summary["lobbyist_links"]
    assert {s for _, s, _ in links(path).values()} == {"below_threshold"}
    summary = run_linkage(path, config, thresholds={"lobbyist_match_threshold": 0.5})
    assert summary["lobbyist_links"]["auto"] >= 1
    summary = run_linkage(path, config, thresholds={"donor_match_threshold": 1.0})
    assert donor_ids(path)["4001"] != donor_ids(path)["4003"]


def test_bad_linkage_yml_fails(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("donor_match_threshhold: 0.9\n", encoding="utf-8")
    with pytest.raises(LinkageError, match="unknown setting 'donor_match_threshhold'"):
        run_linkage(path, config)
    with pytest.raises(LinkageError, match="between 0 and 1"):
        run_linkage(path, None, thresholds={"donor_match_threshold": 2})


def test_same_donor_reviews_join_and_split_donors(warehouse):
    path, config = warehouse
    run_linkage(path, config)
    ids = donor_ids(path)
    assert ids["4001"] != ids["5001"] and ids["6001"] == ids["6002"]
    write_reviews(
        config,
        "same_donor,4001,5001,confirm,jdoe,same John Copher: moved from DC to Portland",
        "same_donor,6001,6002,reject,jdoe,two Maria Alvarezes at the university",
        "same_donor,4001,4003,reject,jdoe,",
        "same_donor,4001,4002,reject,jdoe,",
        "same_donor,4001,0000,confirm,jdoe,typo",
    )
    summary = run_linkage(path, config)
    ids = donor_ids(path)
    assert ids["4001"] == ids["5001"] == ids["5002"]
    assert ids["6001"] != ids["6002"]
    # 4001 and 4003 stay one donor through 4004; 4001 and 4002 are the same record cleaned
    assert ids["4001"] == ids["4003"] == ids["4002"]
    assert read(path, "select row_number, link_type, effect from links.link_decisions order by 1") == [
        (2, "same_donor", "joined into one donor"),
        (3, "same_donor", "kept apart"),
        (4, "same_donor", "direct link removed, but other records still join them"),
        (5, "same_donor", "not applied: the two records are identical, hence one donor"),
        (6, "same_donor", "not applied: unknown sub_id"),
    ]
    assert summary["decisions"]["kept apart"] == 1


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


# -- connected components in bounded memory; chains of namesakes are not donors -------------------

def test_connected_components_label_each_node_by_the_smallest_of_its_component():
    import random

    from ingest.link.donors import connected_components

    rng = random.Random(3)
    n = 400
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(300)]
    chain = rng.sample(range(n), 120)  # a long chain in random order
    edges += list(zip(chain, chain[1:], strict=False))
    labels = connected_components(n, [a for a, _ in edges], [b for _, b in edges])
    neighbours = {node: set() for node in range(n)}
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    for node in range(n):  # breadth-first search: the component and its smallest node
        seen, frontier = {node}, [node]
        while frontier:
            frontier = [m for k in frontier for m in neighbours[k] if m not in seen]
            seen.update(frontier)
        assert labels[node] == min(seen)
    assert list(connected_components(3, [], [])) == [0, 1, 2]


def _clusters_of(work, edges: list[tuple[str, str, float]], zips: dict[str, str], **limits):
    from ingest.link.config import DEFAULTS
    from ingest.link.donors import _cluster_profiles

    work.execute("create or replace table donor_profiles (unique_id varchar, zip5 varchar, "
                 "last_name varchar)")
    work.executemany("insert into donor_profiles values (?, ?, 'SMITH')", list(zips.items()))
    work.execute("create or replace table donor_edges (node_a varchar, node_b varchar, "
                 "match_probability double)")
    if edges:
        work.executemany("insert into donor_edges values (?, ?, ?)", edges)
    split = _cluster_profiles(work, {**DEFAULTS, **limits})
    return dict(work.execute("select unique_id, cluster from profile_cluster").fetchall()), split


def test_a_chain_of_namesakes_is_held_at_a_stricter_threshold_and_reported():
    work = duckdb.connect()
    # 15 people with two profiles each (scored 0.99999), chained person to person by weaker
    # matches (0.96): at the 0.95 threshold one cluster of 30 profiles in 15 ZIP codes.
    profiles = [f"p{i:02d}" for i in range(30)]
    zips = {p: f"200{i // 2:02d}" for i, p in enumerate(profiles)}
    edges = [(profiles[i], profiles[i + 1], 0.99999 if i % 2 == 0 else 0.96) for i in range(29)]
    clusters, split = _clusters_of(work, edges, zips, donor_cluster_max_profiles=10,
                                   donor_cluster_max_zips=5)
    assert split == [{"profiles": 30, "zips": 15, "last_name": "SMITH", "held_at": 0.99}]
    assert {clusters[p] for p in profiles} == set(profiles[::2])
    assert all(clusters[profiles[i]] == clusters[profiles[i + 1]] == profiles[i]
               for i in range(0, 30, 2))
    # within the limits nothing is split
    clusters, split = _clusters_of(work, edges, zips)
    assert split == [] and set(clusters.values()) == {"p00"}


def test_a_chain_no_threshold_breaks_is_left_as_its_profiles():
    work = duckdb.connect()
    profiles = [f"p{i:02d}" for i in range(12)]
    edges = [(a, b, 1.0) for a, b in zip(profiles, profiles[1:], strict=False)]
    clusters, split = _clusters_of(work, edges, {p: "20001" for p in profiles},
                                   donor_cluster_max_profiles=5)
    assert split[0]["held_at"] == "profiles" and split[0]["zips"] == 1
    assert clusters == {p: p for p in profiles}


def test_namesakes_in_one_city_do_not_become_one_donor(tmp_path):
    """Retired JOHN SMITHs of one city, each in a ZIP of their own: every pair scores high,
    so the chain is reported and its profiles stand alone."""
    rows = [(f"90{n:02d}", "SMITH, JOHN", "JOHN", "SMITH", f"200{n:02d}", "WASHINGTON", "DC",
             "RETIRED", "RETIRED", "IND") for n in range(30)]
    path = tmp_path / "warehouse.duckdb"
    make_warehouse(path, contributions=CONTRIBUTIONS + rows)
    summary = run_linkage(path, None, thresholds={"donor_cluster_max_zips": 10})
    ids = donor_ids(path)
    assert len({ids[row[0]] for row in rows}) == 30
    [split] = summary["donor_clusters_split"]
    assert (split["profiles"], split["zips"], split["last_name"]) == (30, 30, "SMITH")
    assert ids["4001"] == ids["4002"]  # other donors are untouched


def test_only_api_receipts_get_donor_ids(warehouse):
    """The bulk files' millions of receipts never reach the link step: it reads the API's
    Schedule A staging only."""
    path, config = warehouse
    con = duckdb.connect(str(path))
    con.execute("create table staging.stg_fec_bulk__individual_contributions as "
                "select '7' || sub_id as sub_id, * exclude (sub_id) "
                "from staging.stg_fec__contributions")
    con.close()
    run_linkage(path, config)
    api = {row[0] for row in read(path, "select sub_id from staging.stg_fec__contributions "
                                        "where entity_type = 'IND'")}
    assert set(donor_ids(path)) == api


def test_cluster_limits_must_be_whole_numbers(warehouse):
    path, config = warehouse
    (config / "linkage.yml").write_text("donor_cluster_max_zips: 0.5\n")
    with pytest.raises(LinkageError, match="donor_cluster_max_zips must be a whole number"):
        run_linkage(path, config)
