"""Lobbyist links: LDA lobbyists scored against donor profiles (splink, link only, fixed parameters
`LOBBYIST_COMPARISONS`, blocking `LOBBYIST_BLOCKING`), best pair per (lobbyist, donor), with the
reviews of link type ``lobbyist_donor`` applied (`_apply_reviews`).
"""

from __future__ import annotations

from ingest.link.config import BANDS, Review
from ingest.link.model import (
    _bands,
    _clean_name,
    _clean_org,
    _jw,
    _level,
    _null,
    _rows,
    _scalar,
    _settings,
    _table_exists,
)
from ingest.link.reviews import ADDED_EFFECT, link_status_sql, review_effect_sql, review_table

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
