"""Donor clusters: which Schedule A receipts of individuals are the same person.

Receipts collapse into profiles; a splink model (dedupe, fixed parameters `DONOR_COMPARISONS`,
blocking `DONOR_BLOCKING`) scores pairs of profiles; connected components at
``donor_match_threshold`` are donors, and chains of namesakes are split at `STRICTER_THRESHOLDS`.
Reviews of link type ``same_donor`` join or separate two receipts' donors.
"""

from __future__ import annotations

import logging

from ingest.link.config import Review
from ingest.link.model import (
    EMPLOYER_UNKNOWN,
    OCCUPATION_UNKNOWN,
    _bands,
    _clean_name,
    _clean_org,
    _jw,
    _level,
    _null,
    _scalar,
    _settings,
)
from ingest.link.reviews import review_table

log = logging.getLogger(__name__)

# m = P(level | same person), u = P(level | two random people). Values were set from what the FEC
# data look like (surname and first-name frequencies in the US, donors clustered in a few thousand
# ZIP codes, employers spelled freely) and checked on the snapshot; they are not trained.
DONOR_COMPARISONS = [
    {"output_column_name": "first_name", "comparison_levels": [
        _null("first_name_l is null or first_name_r is null"),
        _level("first_name_l = first_name_r", "exact", 0.86, 0.02),
        _level(f"{_jw('first_name')} >= 0.92", "jw >= 0.92", 0.07, 0.004),
        _level("left(first_name_l, 1) = left(first_name_r, 1) and "
               "(length(first_name_l) = 1 or length(first_name_r) = 1)", "initial", 0.03, 0.01),
        _level("else", "different", 0.04, 0.966),
    ]},
    {"output_column_name": "last_name", "comparison_levels": [
        _null("last_name_l is null or last_name_r is null"),
        _level("last_name_l = last_name_r", "exact", 0.93, 0.001),
        _level(f"{_jw('last_name')} >= 0.92", "jw >= 0.92", 0.04, 0.002),
        _level("else", "different", 0.03, 0.997),
    ]},
    {"output_column_name": "zip", "comparison_levels": [
        _null("zip5_l is null or zip5_r is null"),
        _level("zip5_l = zip5_r", "same ZIP", 0.82, 0.001),
        _level("zip3_l = zip3_r", "same ZIP3", 0.10, 0.01),
        _level("else", "different", 0.08, 0.989),
    ]},
    {"output_column_name": "city", "comparison_levels": [
        _null("city_l is null or city_r is null"),
        _level("city_l = city_r", "exact", 0.85, 0.005),
        _level(f"{_jw('city')} >= 0.9", "jw >= 0.9", 0.05, 0.002),
        _level("else", "different", 0.10, 0.993),
    ]},
    {"output_column_name": "employer", "comparison_levels": [
        _null("employer_l is null or employer_r is null"),
        _level("employer_l = employer_r", "exact", 0.60, 0.002),
        _level(f"{_jw('employer')} >= 0.9 or (least(length(employer_l), length(employer_r)) >= 5 "
               "and (contains(employer_l, employer_r) or contains(employer_r, employer_l)))",
               "similar or contained", 0.15, 0.002),
        _level("else", "different", 0.25, 0.996),
    ]},
    {"output_column_name": "occupation", "comparison_levels": [
        _null("occupation_l is null or occupation_r is null"),
        _level("occupation_l = occupation_r", "exact", 0.70, 0.02),
        _level(f"{_jw('occupation')} >= 0.88", "jw >= 0.88", 0.10, 0.01),
        _level("else", "different", 0.20, 0.97),
    ]},
]
# Two of three rules block on the surname; the third catches surname typos and changes.
DONOR_BLOCKING = [
    "l.last_name = r.last_name and l.zip3 = r.zip3",
    "l.last_name = r.last_name and l.first_name = r.first_name and l.state = r.state",
    "l.first_name = r.first_name and l.zip5 = r.zip5 and l.employer = r.employer",
]


DONOR_RECORDS_SQL = f"""
with source as (
    select
        cast(sub_id as varchar) as sub_id,
        coalesce(nullif(trim(contributor_last_name), ''),
                 split_part(contributor_name, ',', 1)) as last_raw,
        coalesce(nullif(trim(contributor_first_name), ''),
                 split_part(trim(split_part(contributor_name, ',', 2)), ' ', 1)) as first_raw,
        left(regexp_replace(coalesce(contributor_zip, ''), '[^0-9]', '', 'g'), 5) as zip_raw,
        contributor_city, contributor_state, contributor_employer, contributor_occupation
    from staging.stg_fec__contributions
    where entity_type = 'IND' and sub_id is not null
),
cleaned as (
    select
        sub_id,
        split_part({_clean_name('first_raw')}, ' ', 1) as first_name,
        {_clean_name('last_raw')} as last_name,
        case when length(zip_raw) = 5 then zip_raw end as zip5,
        {_clean_org('contributor_city', (), None)} as city,
        nullif(upper(trim(contributor_state)), '') as state,
        {_clean_org('contributor_employer', EMPLOYER_UNKNOWN)} as employer,
        {_clean_org('contributor_occupation', OCCUPATION_UNKNOWN, None)} as occupation
    from source
)
select
    *,
    left(zip5, 3) as zip3,
    md5(concat_ws('|', first_name, last_name, zip5, city, state, employer, occupation)) as unique_id
from cleaned
"""

PROFILES_SQL = """
select
    unique_id, any_value(first_name) as first_name, any_value(last_name) as last_name,
    any_value(zip5) as zip5, any_value(zip3) as zip3, any_value(city) as city,
    any_value(state) as state, any_value(employer) as employer, any_value(occupation) as occupation
from donor_records
group by unique_id
"""


def _donor_prior(config: dict, n_profiles: int) -> float:
    """P(two random profiles are the same person): each duplicated profile has ~one partner."""
    return min(0.5, config["donor_duplicate_rate"] / max(n_profiles - 1, 1))


def _link_donors(work, config: dict, reviews: list[Review]) -> dict:
    """Cluster donor profiles with splink; leaves `donor_clusters` and `donor_pairs` in `work`."""
    from splink import DuckDBAPI, Linker

    n_profiles = _scalar(work, "select count(*) from donor_profiles")
    prior = _donor_prior(config, n_profiles)
    threshold = config["donor_match_threshold"]
    if n_profiles >= 2:
        db_api = DuckDBAPI(work)
        profiles = db_api.register("donor_profiles", table_name="donor_profiles_input")
        linker = Linker(profiles, _settings("dedupe_only", DONOR_COMPARISONS, DONOR_BLOCKING, prior),
                        log_level=None)
        predictions = linker.inference.predict(warning_mode="never")
        work.execute(f"""create or replace table donor_pairs as
            select unique_id_l, unique_id_r, match_probability from {predictions.physical_name}""")
    else:
        work.execute("create or replace table donor_pairs (unique_id_l varchar, unique_id_r varchar, "
                     "match_probability double)")
    # Reviewers' same_donor decisions name two sub_ids: confirm adds an edge between their
    # profiles, reject removes the direct one (other records may still join them; the effect
    # column of link_decisions says so).
    review_table(work, "donor_reviews", reviews, "same_donor")
    work.execute("""
        create or replace table donor_review_pairs as
        select reviews.*, left_records.unique_id as profile_l, right_records.unique_id as profile_r
        from donor_reviews as reviews
        left join donor_records as left_records on left_records.sub_id = reviews.left_id
        left join donor_records as right_records on right_records.sub_id = reviews.right_id
    """)
    # Edges: pairs at or above the threshold, less the ones a reviewer rejected, plus the ones a
    # reviewer confirmed (probability 1: they hold at any threshold).
    work.execute(f"""
        create or replace table donor_edges as
        select unique_id_l as node_a, unique_id_r as node_b, match_probability from donor_pairs
        where match_probability >= {threshold}
            and not exists (
                select 1 from donor_review_pairs as rejected
                where rejected.decision = 'reject'
                    and least(rejected.profile_l, rejected.profile_r) = least(unique_id_l, unique_id_r)
                    and greatest(rejected.profile_l, rejected.profile_r)
                        = greatest(unique_id_l, unique_id_r)
            )
        union all
        select profile_l, profile_r, 1.0 from donor_review_pairs
        where decision = 'confirm' and profile_l is not null and profile_r is not null
    """)
    split = _cluster_profiles(work, config)
    # One statement per step: each materialized, so no two joins' hash tables are held at
    # once (as one statement, this ran out of the work database's memory cap at 3M receipts).
    work.execute("""
        create or replace table record_cluster as
        select records.sub_id, records.unique_id, profile_cluster.cluster
        from donor_records as records join profile_cluster using (unique_id)
    """)
    work.execute("""
        create or replace table cluster_sizes as
        select cluster, 'D' || left(md5(min(sub_id)), 16) as donor_id,
            count(*) as cluster_size, count(distinct unique_id) as profiles_in_cluster
        from record_cluster group by cluster
    """)
    work.execute(f"""
        create or replace table cluster_best as
        select profile_cluster.cluster, max(pairs.match_probability) as best_probability
        from donor_pairs as pairs
        join profile_cluster on profile_cluster.unique_id = pairs.unique_id_l
        join profile_cluster as other on other.unique_id = pairs.unique_id_r
        where pairs.match_probability >= {threshold} and other.cluster = profile_cluster.cluster
        group by profile_cluster.cluster
    """)
    work.execute("""
        create or replace table donor_clusters as
        select
            records.sub_id, clusters.donor_id, records.unique_id as profile_id,
            clusters.cluster_size, clusters.profiles_in_cluster,
            -- rows of one identical profile are certain duplicates
            case when best.best_probability is not null then best.best_probability
                 when clusters.cluster_size > 1 then 1.0 end as best_match_probability
        from record_cluster as records
        join cluster_sizes as clusters using (cluster)
        left join cluster_best as best using (cluster)
        order by records.sub_id
    """)
    work.execute("drop table record_cluster; drop table cluster_sizes; drop table cluster_best")
    work.execute("""
        create or replace table donor_decisions as
        select
            pairs.row_number, 'same_donor' as link_type, pairs.left_id, pairs.right_id,
            pairs.decision, pairs.reviewer, pairs.note,
            case
                when pairs.profile_l is null or pairs.profile_r is null
                    then 'not applied: unknown sub_id'
                when pairs.decision = 'confirm' then 'joined into one donor'
                when pairs.profile_l = pairs.profile_r
                    then 'not applied: the two records are identical, hence one donor'
                when left_cluster.cluster = right_cluster.cluster
                    then 'direct link removed, but other records still join them'
                else 'kept apart'
            end as effect
        from donor_review_pairs as pairs
        left join profile_cluster as left_cluster on left_cluster.unique_id = pairs.profile_l
        left join profile_cluster as right_cluster on right_cluster.unique_id = pairs.profile_r
    """)
    return {"donor_records": _scalar(work, "select count(*) from donor_records"),
            "donor_profiles": n_profiles,
            "donor_prior": prior,
            "donor_clusters": _scalar(work, "select count(distinct donor_id) from donor_clusters"),
            "largest_donor_cluster": _scalar(work, "select coalesce(max(profiles_in_cluster), 0) "
                                                   "from donor_clusters"),
            "donor_clusters_split": split,
            "donor_pair_bands": _bands(work, "donor_pairs")}


# A chain of matched profiles this large is not one person: common names (JOHN SMITH, retired,
# in one big city) link pair by pair into chains of thousands. Such a cluster is held at stricter
# thresholds, one after the other, until every part is donor-sized; what is still too large at the
# last one is left as its profiles (identical name, address, employer and occupation).
STRICTER_THRESHOLDS = (0.99, 0.999, 0.9999, 0.99999)


def connected_components(n: int, left, right):
    """The component of each of `n` nodes joined by the edges (`left[i]`, `right[i]`), labelled
    by its smallest node: union by the smaller label and path halving, vectorised with numpy,
    in memory linear in the nodes and edges (no pairs of pairs)."""
    import numpy as np

    parent = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while True:
        a, b = parent[left], parent[right]
        moving = a != b
        if not moving.any():
            break
        low, high = np.minimum(a[moving], b[moving]), np.maximum(a[moving], b[moving])
        np.minimum.at(parent, high, low)  # hook every root to the smallest root it touches
        while True:  # compress until every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def _cluster_profiles(work, config: dict) -> list[dict]:
    """`profile_cluster` (unique_id, cluster = the smallest unique_id of its component) from
    `donor_edges`; clusters beyond the donor-size limits are held at stricter thresholds. Returns
    what was split: one entry per oversized cluster, with the threshold that made it donor-sized
    (or ``profiles`` when none did and its profiles stand alone)."""
    import numpy as np
    import pyarrow as pa

    work.execute("""create or replace table profile_index as
                    select unique_id, zip5, last_name,
                           (row_number() over (order by unique_id) - 1)::bigint as node
                    from donor_profiles""")
    n = _scalar(work, "select count(*) from profile_index")
    edges = work.execute("""
        select a.node as node_a, b.node as node_b, edges.match_probability
        from donor_edges as edges
        join profile_index as a on a.unique_id = edges.node_a
        join profile_index as b on b.unique_id = edges.node_b
    """).fetchnumpy()
    left, right = edges["node_a"], edges["node_b"]
    probability = np.asarray(edges["match_probability"], dtype=np.float64)
    labels = connected_components(n, left, right)
    max_profiles, max_zips = config["donor_cluster_max_profiles"], config["donor_cluster_max_zips"]
    split = []
    for root in _oversized(work, labels, np.arange(n), max_profiles, max_zips):
        members = np.flatnonzero(labels == root)
        entry = {"profiles": int(members.size), "zips": _distinct_zips(work, members),
                 "last_name": _scalar(work, f"select mode(last_name) from profile_index "
                                            f"where node in ({_ids(members[:1000])})"),
                 "held_at": "profiles"}
        inside = np.isin(left, members) & np.isin(right, members)
        for stricter in STRICTER_THRESHOLDS:
            keep = inside & (probability >= stricter)
            local = connected_components(n, left[keep], right[keep])[members]
            if not _oversized(work, local, members, max_profiles, max_zips):
                entry["held_at"] = stricter
                break
        else:
            local = members
        labels[members] = local
        log.warning("link: a chain of %d donor profiles in %d ZIP codes (mostly %s) is not one "
                    "donor; held at %s", entry["profiles"], entry["zips"], entry["last_name"],
                    entry["held_at"])
        split.append(entry)
    work.register("_profile_labels", pa.table({"node": np.arange(n, dtype=np.int64),
                                               "root": labels}))
    work.execute("""create or replace table profile_cluster as
                    select profiles.unique_id, roots.unique_id as cluster
                    from _profile_labels as labels
                    join profile_index as profiles on profiles.node = labels.node
                    join profile_index as roots on roots.node = labels.root""")
    work.unregister("_profile_labels")
    return split


def _ids(nodes) -> str:
    return ", ".join(str(int(node)) for node in nodes)


def _distinct_zips(work, nodes) -> int:
    """Distinct ZIP codes of the profiles `nodes` (read from the work database, not held)."""
    return _scalar(work, "select count(distinct zip5) from profile_index "
                         "where node in (select unnest(?::bigint[]))", [list(map(int, nodes))])


def _oversized(work, labels, nodes, max_profiles: int, max_zips: int) -> list[int]:
    """Labels whose component (of the profiles `nodes`, labelled `labels`) has more than
    `max_profiles` profiles or more than `max_zips` distinct ZIP codes."""
    import numpy as np

    roots, counts = np.unique(labels, return_counts=True)
    found = []
    for root, count in zip(roots, counts, strict=True):
        if count > max_profiles:
            found.append(int(root))
        elif count > max_zips:  # a component has at most one ZIP code a profile
            if _distinct_zips(work, nodes[labels == root]) > max_zips:
                found.append(int(root))
    return found
