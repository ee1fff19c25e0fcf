"""Donor clusters: variants cluster, namesakes stay apart, stable IDs, same_donor reviews, chains of
namesakes held at stricter thresholds, only API receipts.
"""

from __future__ import annotations

import duckdb

from ingest.link.run import run_linkage
from tests.ingest.link.helpers import CONTRIBUTIONS, donor_ids, make_warehouse, read, write_reviews


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
