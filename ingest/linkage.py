"""Entity resolution: who is the same donor, and which lobbyists gave money.

The `link` step runs after `dbt build` on the staged tables and writes schema ``links``:

- ``links.donor_clusters``: every Schedule A row of an individual contributor gets a ``donor_id``.
  Rows are first collapsed into *profiles* (identical normalised name, ZIP, city, employer and
  occupation); splink (DuckDB backend) scores pairs of profiles and connected components at
  ``donor_match_threshold`` form donors (`connected_components`: a vectorised union-find, memory
  linear in profiles and pairs). ``donor_id`` is a hash of the smallest ``sub_id`` in the
  cluster, so it is stable while the cluster does not change.
- **Chains of namesakes are not donors.** Common names link pair by pair (one retired JOHN SMITH
  to the next) into components no person has: more than ``donor_cluster_max_profiles`` profiles
  or ``donor_cluster_max_zips`` ZIP codes. Such a component is held at `STRICTER_THRESHOLDS` in
  turn until every part is within the limits, or else left as its profiles; each is reported
  (the step's summary, ``donor_clusters_split``, and the log).
- **Which receipts get a donor ID**: the itemized receipts of individuals the API pulls for the
  watchlist (``staging.stg_fec__contributions``: the figures' committees' receipts and the
  watchlist industries' employees' receipts). Donor IDs serve the lobbyists channel: a lobbyist
  is linked to a donor, and that donor's receipts to the figures (and the LD-203 gifts they
  match) are counted. The FEC bulk files' receipts (every committee, tens of millions of rows)
  are counted by employer and committee, never by donor: they never enter this step.
- ``links.lobbyist_donor_links``: LDA lobbyists scored against donor profiles with a second splink
  model (link only), best pair per (lobbyist, donor), with ``match_probability``, ``evidence`` and
  ``status`` (auto, below_threshold, confirmed, rejected).
- ``links.organization_links``: canonical lobbying clients scored against PAC sponsors and employer
  strings (`ingest.organizations`), with the same columns.
- ``links.link_decisions``: the reviewers' decisions from ``link_reviews.csv`` and what each did
  (link types ``lobbyist_donor``, ``client_organization`` and ``same_donor``, which joins or
  separates two receipts' donors).

Model parameters are fixed and documented (`DONOR_COMPARISONS`, `LOBBYIST_COMPARISONS`) rather than
trained: EM on a few hundred rows (the offline snapshot, a watchlist's donors) is unstable and
would move scores, and therefore donor IDs and reviews, from run to run. The prior (the probability
that two random records match) is derived from the record counts, see `_donor_prior`.

Configuration: ``config_dir/linkage.yml`` (keys of `DEFAULTS`), overridden by the ``thresholds``
argument. Reviews: ``config_dir/link_reviews.csv`` with columns `REVIEW_COLUMNS`.
"""

from __future__ import annotations

import csv
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.warehouse import connect, writer_lock

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    # Profiles at or above this pairwise probability are the same donor (connected components).
    "donor_match_threshold": 0.95,
    # Lobbyist-donor pairs at or above this are published as `auto` links.
    "lobbyist_match_threshold": 0.9,
    # Pairs below this are not stored at all (they are only counted in the summary's bands).
    "lobbyist_candidate_floor": 0.01,
    # Share of profiles that have another variant of the same person; sets the donor prior.
    "donor_duplicate_rate": 0.3,
    # P(a given lobbyist and a given donor profile are the same person) before any comparison. Fixed
    # rather than scaled by the data's size so that a name alone never makes an `auto` link (odds
    # ~0.4) while a name plus a registrant employer or a lobbying occupation does (0.98-0.999).
    "lobbyist_prior": 1e-5,
    # A donor cluster with more profiles or more distinct ZIP codes than this is a chain of
    # namesakes, not a person: it is held at stricter thresholds (see `STRICTER_THRESHOLDS`).
    "donor_cluster_max_profiles": 200,
    "donor_cluster_max_zips": 25,
    # Lobbying client <-> organisation (PAC sponsor, employer) pairs at or above this are `auto`.
    "organization_match_threshold": 0.9,
    # Client-organisation pairs below this are not stored.
    "organization_candidate_floor": 0.05,
    # P(a given client and a given organisation name are the same organisation) before comparing;
    # see ingest/organizations.py for what scores it gives.
    "organization_prior": 0.01,
}
COUNT_KEYS = ("donor_cluster_max_profiles", "donor_cluster_max_zips")
PROBABILITY_KEYS = tuple(key for key in DEFAULTS if key not in COUNT_KEYS)

# The work database's memory cap, and rows per batch streamed in and out of it.
WORK_MEMORY = "256MB"
BATCH_ROWS = 100_000

REVIEW_FILE = "link_reviews.csv"
CONFIG_FILE = "linkage.yml"
REVIEW_COLUMNS = ("link_type", "left_id", "right_id", "decision", "reviewer", "note")
LINK_TYPES = ("lobbyist_donor", "client_organization", "same_donor")
DECISIONS = ("confirm", "reject")
STATUSES = ("auto", "below_threshold", "confirmed", "rejected")
BANDS = ((">=0.99", 0.99, 2.0), ("0.9-0.99", 0.9, 0.99), ("0.5-0.9", 0.5, 0.9), ("<0.5", -1.0, 0.5))


class LinkageError(ValueError):
    """Bad linkage configuration or review file; the message names the file and row."""


def _level(sql: str, label: str, m: float, u: float) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _null(sql: str) -> dict:
    return {"sql_condition": sql, "label_for_charts": "null", "is_null_level": True}


def _jw(column: str) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r)"


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

LOBBYING_WORDS = "LOBBY|GOVERNMENT (RELATIONS|AFFAIRS)|PUBLIC (POLICY|AFFAIRS)|LEGISLATIVE"
_ORG_EQUAL = "len(list_intersect(org_names_l, org_names_r)) > 0"
_ORG_CONTAINS = ("len(list_filter(org_names_l, lambda a: length(a) >= 4 and len(list_filter(org_names_r, "
                 "lambda b: length(b) >= 4 and (contains(a, b) or contains(b, a)))) > 0)) > 0")
LOBBYIST_COMPARISONS = [
    {"output_column_name": "first_name", "comparison_levels": [
        _null("first_name_l is null or first_name_r is null"),
        _level("first_name_l = first_name_r or nickname_l = first_name_r or first_name_l = nickname_r",
               "exact or nickname", 0.88, 0.02),
        _level(f"{_jw('first_name')} >= 0.9", "jw >= 0.9", 0.07, 0.005),
        _level("else", "different", 0.05, 0.975),
    ]},
    {"output_column_name": "last_name", "comparison_levels": [
        _null("last_name_l is null or last_name_r is null"),
        _level("last_name_l = last_name_r", "exact", 0.95, 0.001),
        _level("else", "different", 0.05, 0.999),
    ]},
    {"output_column_name": "employer", "comparison_levels": [
        _null("len(org_names_l) = 0 or len(org_names_r) = 0"),
        _level(_ORG_EQUAL, "employer is a registrant", 0.30, 0.0005),
        _level(_ORG_CONTAINS, "employer contains registrant", 0.15, 0.0005),
        _level("else", "different", 0.55, 0.999),
    ]},
    {"output_column_name": "occupation", "comparison_levels": [
        _null("occupation_l is null and occupation_r is null"),
        _level(f"regexp_matches(coalesce(occupation_l, '') || ' ' || coalesce(occupation_r, ''), "
               f"'{LOBBYING_WORDS}')", "occupation mentions lobbying", 0.40, 0.002),
        _level("else", "other", 0.60, 0.998),
    ]},
]
LOBBYIST_BLOCKING = [
    "l.last_name = r.last_name and l.first_initial = r.first_initial",
    "l.last_name = r.last_name and l.nickname = r.first_name",
    "l.last_name = r.last_name and l.first_name = r.nickname",
]

NAME_NOISE = r"\b(JR|SR|II|III|IV|MD|PHD|ESQ|MR|MRS|MS|DR|HON|REV)\b"
ORG_NOISE = r"\b(THE|INC|INCORPORATED|LLC|LLP|PLLC|PC|PA|CORP|CORPORATION|CO|COMPANY|LTD|LP)\b"
EMPLOYER_UNKNOWN = ("NONE", "N A", "NA", "INFORMATION REQUESTED", "INFORMATION REQUESTED PER BEST EFFORTS",
                    "REQUESTED", "SELF", "SELF EMPLOYED", "RETIRED", "NOT EMPLOYED", "UNEMPLOYED",
                    "HOMEMAKER", "ENTREPRENEUR")
OCCUPATION_UNKNOWN = ("NONE", "N A", "NA", "INFORMATION REQUESTED", "INFORMATION REQUESTED PER BEST EFFORTS",
                      "REQUESTED")


@dataclass(frozen=True)
class Review:
    """One row of the review CSV (`row` is its line number, header = 1)."""

    row: int
    link_type: str
    left_id: str
    right_id: str
    decision: str
    reviewer: str
    note: str


def load_config(config_dir: Path | None, overrides: dict | None = None) -> dict:
    """Defaults, then ``config_dir/linkage.yml``, then `overrides`; unknown keys are errors."""
    config = dict(DEFAULTS)
    path = Path(config_dir) / CONFIG_FILE if config_dir else None
    if path and path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise LinkageError(f"{path}: expected a mapping of setting: value")
        config.update(_checked(loaded, str(path)))
    config.update(_checked(overrides or {}, "thresholds argument"))
    return config


def _checked(values: dict, where: str) -> dict:
    for key, value in values.items():
        if key not in DEFAULTS:
            raise LinkageError(f"{where}: unknown setting {key!r} (known: {', '.join(DEFAULTS)})")
        if key in PROBABILITY_KEYS and (isinstance(value, bool) or not isinstance(value, int | float)
                                        or not 0 <= value <= 1):
            raise LinkageError(f"{where}: {key} must be a number between 0 and 1, not {value!r}")
        if key in COUNT_KEYS and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise LinkageError(f"{where}: {key} must be a whole number of at least 1, "
                               f"not {value!r}")
    return dict(values)


def read_reviews(config_dir: Path | None) -> list[Review]:
    """Parse and validate ``config_dir/link_reviews.csv``; no file means no decisions."""
    path = Path(config_dir) / REVIEW_FILE if config_dir else None
    if not path or not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LinkageError(f"{path}: header lacks column(s) {', '.join(missing)}; "
                               f"expected {','.join(REVIEW_COLUMNS)}")
        reviews: list[Review] = []
        seen: dict[tuple, Review] = {}
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise LinkageError(f"{path} row {line}: expected {len(REVIEW_COLUMNS)} fields")
            if not any(v.strip() for v in row.values()):
                continue
            values = {k: (row[k] or "").strip() for k in REVIEW_COLUMNS}
            values["decision"] = values["decision"].lower()
            problem = (
                f"link_type {values['link_type']!r} is not one of {LINK_TYPES}"
                if values["link_type"] not in LINK_TYPES
                else f"decision {values['decision']!r} is not one of {DECISIONS}"
                if values["decision"] not in DECISIONS
                else "left_id and right_id are required" if not values["left_id"] or not values["right_id"]
                else "reviewer is required" if not values["reviewer"]
                else None
            )
            if problem:
                raise LinkageError(f"{path} row {line}: {problem}")
            review = Review(row=line, **values)
            key = (review.link_type, review.left_id, review.right_id)
            if key in seen and seen[key].decision != review.decision:
                raise LinkageError(f"{path} row {line}: contradicts row {seen[key].row} "
                                   f"({seen[key].decision} vs {review.decision})")
            seen[key] = review
            reviews.append(review)
    return reviews


def _clean_name(expr: str) -> str:
    letters = f"regexp_replace(upper({expr}), '[^A-Z]+', ' ', 'g')"
    words = f"regexp_replace({letters}, '{NAME_NOISE}', '', 'g')"
    return f"nullif(trim(regexp_replace({words}, ' +', ' ', 'g')), '')"


def _clean_org(expr: str, unknown: tuple[str, ...], noise: str | None = ORG_NOISE) -> str:
    text = f"regexp_replace(upper({expr}), '[^A-Z0-9&]+', ' ', 'g')"
    if noise:
        text = f"regexp_replace({text}, '{noise}', '', 'g')"
    text = f"trim(regexp_replace({text}, ' +', ' ', 'g'))"
    listed = ", ".join(f"'{u}'" for u in unknown)
    return f"case when {text} in ('', {listed}) then null else {text} end"


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


def _scalar(con, sql: str, params: list | None = None):
    # fetchall: DuckDB 2 refuses further work on a connection with a half-read result.
    return con.execute(sql, params or []).fetchall()[0][0]


def _rows(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _table_exists(con, schema: str, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables "
                            "where table_schema = ? and table_name = ?", [schema, name]).fetchall()[0][0])


def _lobbyists_sql(con) -> str | None:
    """SQL for one row per LDA lobbyist id, from whichever staged LDA tables exist."""
    parts = []
    if _table_exists(con, "staging", "stg_lda__lobbyists"):
        parts.append("select lobbyist_id, first_name, nickname, last_name, lobbyist_name, registrant_name "
                     "from staging.stg_lda__lobbyists")
    if _table_exists(con, "staging", "stg_lda__activity_lobbyists"):
        registrant = "null::varchar"
        join = ""
        if _table_exists(con, "staging", "stg_lda__filings"):
            registrant = "filings.registrant_name"
            join = "left join staging.stg_lda__filings as filings using (filing_uuid)"
        parts.append(f"select activity.lobbyist_id, activity.first_name, activity.nickname, "
                     f"activity.last_name, activity.lobbyist_name, {registrant} "
                     f"from staging.stg_lda__activity_lobbyists as activity {join}")
    if _table_exists(con, "staging", "stg_lda__contribution_reports"):
        # Contribution reports carry only the joined name "FIRST MIDDLE LAST SUFFIX".
        parts.append(f"""select lobbyist_id, split_part(lobbyist_name, ' ', 1),
                     null, list_last(string_split(trim({_clean_name('lobbyist_name')}), ' ')),
                     lobbyist_name, registrant_name from staging.stg_lda__contribution_reports""")
    if not parts:
        return None
    union = "\nunion all\n".join(parts)
    return f"""
    with named as ({union}),
    cleaned as (
        select
            cast(lobbyist_id as varchar) as lobbyist_id,
            split_part({_clean_name('first_name')}, ' ', 1) as first_name,
            split_part({_clean_name('nickname')}, ' ', 1) as nickname,
            {_clean_name('last_name')} as last_name,
            trim(lobbyist_name) as lobbyist_name,
            {_clean_org('registrant_name', ())} as registrant
        from named
        where lobbyist_id is not null
    )
    select
        'L' || lobbyist_id as unique_id,
        lobbyist_id,
        mode(lobbyist_name) as lobbyist_name,
        mode(first_name) as first_name,
        left(mode(first_name), 1) as first_initial,
        mode(nickname) as nickname,
        mode(last_name) as last_name,
        coalesce(list_sort(list_distinct(list(registrant))), []) as org_names,
        null::varchar as occupation
    from cleaned
    group by lobbyist_id
    """


def _donor_prior(config: dict, n_profiles: int) -> float:
    """P(two random profiles are the same person): each duplicated profile has ~one partner."""
    return min(0.5, config["donor_duplicate_rate"] / max(n_profiles - 1, 1))


def _settings(link_type: str, comparisons: list, blocking: list, prior: float) -> dict:
    return {
        "link_type": link_type,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking,
        "probability_two_random_records_match": prior,
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
    }


def _bands(con, table: str, column: str = "match_probability") -> dict:
    selects = ", ".join(
        f"count(*) filter (where {column} >= {low} and {column} < {high}) as \"{name}\""
        for name, low, high in BANDS
    )
    row = con.execute(f"select {selects} from {table}").fetchall()[0]
    return {name: int(value) for (name, _, _), value in zip(BANDS, row, strict=True)}


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
    work.execute(f"""
        create or replace table donor_clusters as
        with records as (
            select records.sub_id, records.unique_id, profile_cluster.cluster
            from donor_records as records join profile_cluster using (unique_id)
        ),
        clusters as (
            select cluster, 'D' || left(md5(min(sub_id)), 16) as donor_id,
                count(*) as cluster_size, count(distinct unique_id) as profiles_in_cluster
            from records group by cluster
        ),
        best as (
            select profile_cluster.cluster, max(pairs.match_probability) as best_probability
            from donor_pairs as pairs
            join profile_cluster on profile_cluster.unique_id = pairs.unique_id_l
            join profile_cluster as other on other.unique_id = pairs.unique_id_r
            where pairs.match_probability >= {threshold} and other.cluster = profile_cluster.cluster
            group by profile_cluster.cluster
        )
        select
            records.sub_id, clusters.donor_id, records.unique_id as profile_id,
            clusters.cluster_size, clusters.profiles_in_cluster,
            -- rows of one identical profile are certain duplicates
            case when best.best_probability is not null then best.best_probability
                 when clusters.cluster_size > 1 then 1.0 end as best_match_probability
        from records
        join clusters using (cluster)
        left join best using (cluster)
        order by records.sub_id
    """)
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


DONOR_SIDE_SELECT = """
select
    profiles.unique_id, null::varchar as lobbyist_id, null::varchar as lobbyist_name,
    profiles.first_name, left(profiles.first_name, 1) as first_initial, null::varchar as nickname,
    profiles.last_name,
    case when profiles.employer is null then []::varchar[] else [profiles.employer] end as org_names,
    profiles.occupation
from donor_profiles as profiles
"""
DONOR_SIDE_SQL = DONOR_SIDE_SELECT + "where profiles.last_name in (select last_name from lobbyists)"

EVIDENCE_SQL = """
concat_ws('; ',
    case when lob_last = don_last then 'last name = ' || lob_last
         else 'last name ' || lob_last || ' ~ ' || coalesce(don_last, '?') end,
    case when lob_first is null or don_first is null then 'first name missing'
         when lob_first = don_first then 'first name = ' || lob_first
         when lob_nick = don_first then 'nickname ' || lob_nick || ' = first name'
         else 'first name jw ' || printf('%.2f', jaro_winkler_similarity(lob_first, don_first))
              || ' (' || lob_first || ' ~ ' || don_first || ')' end,
    case when len(don_orgs) = 0 then 'no employer given'
         when len(list_intersect(lob_orgs, don_orgs)) > 0
             then 'employer = registrant ' || list_intersect(lob_orgs, don_orgs)[1]
         when gamma_employer = 2 then 'employer ' || don_orgs[1] || ' contains registrant name'
         else 'employer ' || don_orgs[1] || ' is not a registrant' end,
    case when gamma_occupation = 1 then 'occupation ' || don_occupation end
)
"""


def _link_lobbyists(work, config: dict, lobbyists_sql: str | None, reviews: list[Review]) -> dict:
    """Score LDA lobbyists against donor profiles; leaves `lobbyist_candidates` in `work`.

    Pairs a reviewer confirmed but blocking never produced are scored too (`confirmed_scores`).
    """
    from splink import DuckDBAPI, Linker

    work.execute("create or replace table confirmed_scores (lobbyist_id varchar, profile_id varchar, "
                 "match_probability double, evidence varchar)")
    columns = ("lobbyist_id varchar, donor_id varchar, lobbyist_name varchar, donor_name varchar, "
               "match_probability double, evidence varchar")
    work.execute(f"create or replace table lobbyist_candidates ({columns})")
    n_lobbyists = _scalar(work, "select count(*) from lobbyists") if lobbyists_sql else 0
    work.execute("create or replace table donor_side as " + DONOR_SIDE_SQL if n_lobbyists else
                 "create or replace table donor_side as select * from lobbyists limit 0")
    n_donor_side = _scalar(work, "select count(*) from donor_side")
    summary = {"lobbyists": n_lobbyists, "lobbyist_pair_bands": {name: 0 for name, _, _ in BANDS}}
    if not n_lobbyists or not n_donor_side:
        return summary
    prior = config["lobbyist_prior"]
    db_api = DuckDBAPI(work)
    left = db_api.register("lobbyists", table_name="lobbyists_input")
    right = db_api.register("donor_side", table_name="donor_side_input")
    settings = _settings("link_only", LOBBYIST_COMPARISONS, LOBBYIST_BLOCKING, prior)
    settings["additional_columns_to_retain"] = ["lobbyist_id", "lobbyist_name"]
    linker = Linker([left, right], settings, log_level=None)
    predictions = linker.inference.predict(warning_mode="never")
    work.execute(f"create or replace table lobbyist_pairs as {_oriented_sql(predictions.physical_name)}")
    work.execute("""
        insert into lobbyist_candidates
        select
            pairs.lobbyist_id, clusters.donor_id, any_value(pairs.lobbyist_name),
            arg_max(profiles.first_name || ' ' || profiles.last_name, pairs.match_probability),
            max(pairs.match_probability),
            arg_max(pairs.evidence, (pairs.match_probability, pairs.profile_id))
        from lobbyist_pairs as pairs
        join (select distinct profile_id, donor_id from donor_clusters) as clusters using (profile_id)
        join donor_profiles as profiles on profiles.unique_id = pairs.profile_id
        group by pairs.lobbyist_id, clusters.donor_id
    """)
    summary["lobbyist_pair_bands"] = _bands(work, "lobbyist_candidates")
    _score_confirmed(work, linker, reviews)
    return summary


def _score_confirmed(work, linker, reviews: list[Review]) -> None:
    """Score confirmed (lobbyist, donor) pairs the blocking rules did not propose."""
    for review in reviews:
        if review.link_type != "lobbyist_donor" or review.decision != "confirm" or work.execute(
                "select count(*) from lobbyist_candidates where lobbyist_id = ? and donor_id = ?",
                [review.left_id, review.right_id]).fetchall()[0][0]:
            continue
        left_rows = _rows(work.execute("select * from lobbyists where lobbyist_id = ?", [review.left_id]))
        right_rows = _rows(work.execute(
            f"select * from ({DONOR_SIDE_SELECT}) where unique_id in "
            "(select profile_id from donor_clusters where donor_id = ?)", [review.right_id]))
        if not left_rows or not right_rows:
            continue
        scored = linker.inference.score_pairs(left_rows, right_rows)
        work.execute(f"insert into confirmed_scores select lobbyist_id, profile_id, match_probability, "
                     f"evidence from ({_oriented_sql(scored.physical_name)})")


def _oriented_sql(predictions: str) -> str:
    """Splink may put either dataset on the left; orient every pair lobbyist -> donor profile."""
    return f"""
        with pairs as (select * from {predictions}),
        oriented as (
            select
                case when lobbyist_id_l is not null then lobbyist_id_l else lobbyist_id_r end as lobbyist_id,
                case when lobbyist_id_l is not null then lobbyist_name_l else lobbyist_name_r end
                    as lobbyist_name,
                case when lobbyist_id_l is not null then unique_id_r else unique_id_l end as profile_id,
                case when lobbyist_id_l is not null then first_name_l else first_name_r end as lob_first,
                case when lobbyist_id_l is not null then nickname_l else nickname_r end as lob_nick,
                case when lobbyist_id_l is not null then last_name_l else last_name_r end as lob_last,
                case when lobbyist_id_l is not null then org_names_l else org_names_r end as lob_orgs,
                case when lobbyist_id_l is not null then first_name_r else first_name_l end as don_first,
                case when lobbyist_id_l is not null then last_name_r else last_name_l end as don_last,
                case when lobbyist_id_l is not null then org_names_r else org_names_l end as don_orgs,
                case when lobbyist_id_l is not null then occupation_r else occupation_l end
                    as don_occupation,
                gamma_employer, gamma_occupation, match_probability
            from pairs
        )
        select
            oriented.lobbyist_id, oriented.lobbyist_name, oriented.profile_id,
            oriented.match_probability, {EVIDENCE_SQL} as evidence
        from oriented
    """


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


def _apply_reviews(work, config: dict, reviews: list[Review]) -> None:
    """Set link status from the threshold and the reviews; record what each decision did."""
    threshold = config["lobbyist_match_threshold"]
    floor = config["lobbyist_candidate_floor"]
    review_table(work, "reviews", reviews, "lobbyist_donor")
    effect = review_effect_sql("candidates.lobbyist_id", "lobbyists.lobbyist_id", "donors.donor_id",
                               "lobbyist_id", "donor_id")
    work.execute(f"""
        create or replace table lobbyist_decisions as
        select reviews.row_number, 'lobbyist_donor' as link_type, reviews.left_id, reviews.right_id,
            reviews.decision, reviews.reviewer, reviews.note, {effect} as effect
        from reviews
        left join lobbyist_candidates as candidates
            on candidates.lobbyist_id = reviews.left_id and candidates.donor_id = reviews.right_id
        left join lobbyists on lobbyists.lobbyist_id = reviews.left_id
        left join (select distinct donor_id from donor_clusters) as donors
            on donors.donor_id = reviews.right_id
        order by reviews.row_number
    """)
    # A confirmed pair the blocking never produced still gets a model score and evidence.
    work.execute(f"""
        insert into lobbyist_candidates
        select decisions.left_id, decisions.right_id, any_value(lobbyists.lobbyist_name),
            min(profiles.first_name || ' ' || profiles.last_name),
            coalesce(max(scored.match_probability), 0.0),
            'not proposed by the model, confirmed by a reviewer; '
            || coalesce(arg_max(scored.evidence, scored.match_probability), 'not scored')
        from lobbyist_decisions as decisions
        join lobbyists on lobbyists.lobbyist_id = decisions.left_id
        join donor_clusters as clusters on clusters.donor_id = decisions.right_id
        join donor_profiles as profiles on profiles.unique_id = clusters.profile_id
        left join confirmed_scores as scored
            on scored.lobbyist_id = decisions.left_id and scored.profile_id = clusters.profile_id
        where decisions.effect = '{ADDED_EFFECT}'
        group by decisions.left_id, decisions.right_id
    """)
    work.execute(f"""
        create or replace table lobbyist_donor_links as
        select
            candidates.lobbyist_id, candidates.lobbyist_name, candidates.donor_id,
            candidates.donor_name, candidates.match_probability, candidates.evidence,
            {link_status_sql(threshold)} as status,
            decisions.reviewer, decisions.note as review_note
        from lobbyist_candidates as candidates
        left join lobbyist_decisions as decisions
            on decisions.left_id = candidates.lobbyist_id and decisions.right_id = candidates.donor_id
        where candidates.match_probability >= {floor} or decisions.decision is not null
        order by candidates.lobbyist_id, candidates.match_probability desc, candidates.donor_id
    """)


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


def run_linkage(warehouse_path: Path, config_dir: Path | None, *, thresholds: dict | None = None) -> dict:
    """Resolve donors and link lobbyists to them, writing schema ``links`` in the warehouse.

    Args:
        warehouse_path: The DuckDB warehouse with the dbt ``staging`` schema built.
        config_dir: Folder with the optional ``linkage.yml`` and ``link_reviews.csv``.
        thresholds: Settings overriding the file and `DEFAULTS` (same keys as `DEFAULTS`).

    Returns:
        A JSON-able summary: counts (records, profiles, clusters, lobbyists, links by status),
        pairwise scores per band, the settings used and the seconds taken.

    Raises:
        LinkageError: a bad ``linkage.yml`` or ``link_reviews.csv`` (the message names the row).
    """
    import duckdb

    from ingest.organizations import link_organizations

    started = time.perf_counter()
    config = load_config(config_dir, thresholds)
    reviews = read_reviews(config_dir)
    # The work database is a file beside the warehouse with a memory cap: DuckDB spills what
    # does not fit, so the step's memory does not grow with the receipts.
    scratch = tempfile.TemporaryDirectory(prefix=".link-", dir=Path(warehouse_path).parent)
    work = duckdb.connect(str(Path(scratch.name) / "work.duckdb"))
    work.execute(f"set memory_limit = '{WORK_MEMORY}'")
    with writer_lock(Path(warehouse_path)):
        con = connect(Path(warehouse_path))
        try:
            work.register("_records", con.sql(DONOR_RECORDS_SQL).fetch_record_batch(BATCH_ROWS))
            work.execute("create table donor_records as select * from _records")
            work.unregister("_records")
            lobbyists_sql = _lobbyists_sql(con)
            if lobbyists_sql:
                work.register("_lobbyists", con.sql(lobbyists_sql).to_arrow_table())
            work.execute("create table donor_profiles as " + PROFILES_SQL)
            work.execute("create table lobbyists as select * from _lobbyists" if lobbyists_sql else
                         "create table lobbyists (unique_id varchar, lobbyist_id varchar, "
                         "lobbyist_name varchar, first_name varchar, first_initial varchar, "
                         "nickname varchar, last_name varchar, org_names varchar[], occupation varchar)")
            summary = {"step": "link"}
            summary.update(_link_donors(work, config, reviews))
            summary.update(_link_lobbyists(work, config, lobbyists_sql, reviews))
            _apply_reviews(work, config, reviews)
            summary.update(link_organizations(work, con, config, reviews))
            work.execute("""create or replace table link_decisions as
                select * from lobbyist_decisions union all by name
                select * from organization_decisions union all by name
                select * from donor_decisions order by row_number""")
            _publish(con, work)
            summary["lobbyist_links"] = dict(work.execute(
                "select status, count(*) from lobbyist_donor_links group by all order by 1").fetchall())
            summary["decisions"] = dict(work.execute(
                "select effect, count(*) from link_decisions group by all order by 1").fetchall())
        finally:
            con.close()
            work.close()
            scratch.cleanup()
    summary["settings"] = config
    summary["seconds"] = round(time.perf_counter() - started, 2)
    log.info("link: %s", summary)
    return summary
