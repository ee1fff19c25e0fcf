"""Organisation links: canonical lobbying clients <-> FEC connected organisations and employers.

Part of the `link` step (`ingest.link.run.run_linkage`). The left side is every canonical LDA client
(`dim_lobbying_clients`, all the spellings its filings used); the right side is every FEC committee's
connected organisation (a PAC's sponsor) and every employer string individual donors wrote, grouped
by the same name key (dbt model `int_organization_names`, macro `organization_name_key`).

A splink model (link only, fixed parameters, see `ORGANIZATION_COMPARISONS`) scores each pair on
the name and on whether both sides were coded to the same industry by the watchlist's patterns.
The best score over a client's spellings is kept per (client, organisation) pair in
``links.organization_links`` with its evidence and a status: ``auto`` at or above
``organization_match_threshold``, ``below_threshold`` otherwise, or the reviewer's ``confirmed`` /
``rejected`` from ``link_reviews.csv`` (link_type ``client_organization``, left_id the
canonical_client_id, right_id the committee_id or ``employer:<KEY>``).

What the scores mean, with the default prior of 0.01:

- the same name key: about 0.97 (0.997 when both sides carry the same industry);
- one name is the other plus more words ("ADVANCE AMERICA" / "ADVANCE AMERICA CASH ADVANCE
  CENTERS"): about 0.43, and 0.91 when both are coded to the same industry;
- a near-identical spelling (Jaro-Winkler >= 0.93): about 0.29, and 0.85 with the same industry;
- the same first two words only: below 0.4.
"""

from __future__ import annotations

from ingest.link.config import BANDS, Review
from ingest.link.model import _bands, _level, _null, _scalar, _settings
from ingest.link.reviews import ADDED_EFFECT, link_status_sql, review_effect_sql, review_table

NAME_EQUAL = "name_key_l = name_key_r"
NAME_PREFIX = ("(n_words_l >= 2 and starts_with(name_key_r, name_key_l || ' ')) or "
               "(n_words_r >= 2 and starts_with(name_key_l, name_key_r || ' '))")
NAME_CLOSE = "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.93"
NAME_FIRST_WORDS = "first_words_l = first_words_r"

# m = P(level | same organisation), u = P(level | two random organisations); fixed, not trained.
ORGANIZATION_COMPARISONS = [
    {"output_column_name": "name", "comparison_levels": [
        _null("name_key_l is null or name_key_r is null"),
        _level(NAME_EQUAL, "same name key", 0.70, 0.0002),
        _level(NAME_PREFIX, "one name begins with the other", 0.15, 0.002),
        _level(NAME_CLOSE, "jaro-winkler >= 0.93", 0.08, 0.002),
        _level(NAME_FIRST_WORDS, "same first two words", 0.04, 0.01),
        _level("else", "different", 0.03, 0.9858),
    ]},
    {"output_column_name": "industry", "comparison_levels": [
        _null("industry_id_l is null and industry_id_r is null"),
        _level("industry_id_l = industry_id_r", "same industry", 0.70, 0.05),
        _level("else", "different or one side uncoded", 0.30, 0.95),
    ]},
]
# Candidate pairs: the same key; the same first two words; a one-word name that is the other's
# first word; or the same first five letters and the same last word (a typo in the middle,
# "GOLDMEN SACHS GROUP"). Equality joins only, so common first words ("BANK", "COMPANY") never
# pair every name with every other.
ORGANIZATION_BLOCKING = [
    "l.name_key = r.name_key",
    "l.first_two_words = r.first_two_words",
    "l.lone_word = r.first_word",
    "l.first_word = r.lone_word",
    "l.key_prefix = r.key_prefix and l.last_word = r.last_word",
]

ORGANIZATION_INPUT_SQL = """
with names as (
    select
        organization_id, organization_kind, organization_name, industry_id,
        unnest(name_keys) as name_key
    from intermediate.int_organization_names
)
select
    organization_id || '|' || name_key as unique_id,
    organization_id, organization_kind, organization_name, industry_id, name_key,
    split_part(name_key, ' ', 1) as first_word,
    case when len(string_split(name_key, ' ')) >= 2
        then array_to_string(string_split(name_key, ' ')[1:2], ' ') end as first_two_words,
    case when len(string_split(name_key, ' ')) = 1 then name_key end as lone_word,
    left(name_key, 5) as key_prefix,
    list_last(string_split(name_key, ' ')) as last_word,
    array_to_string(string_split(name_key, ' ')[1:2], ' ') as first_words,
    len(string_split(name_key, ' ')) as n_words
from names
where name_key is not null
"""

EVIDENCE_SQL = """
concat_ws('; ',
    case
        when client_key = org_key then 'same name key ' || client_key
        when starts_with(org_key, client_key || ' ') or starts_with(client_key, org_key || ' ')
            then 'name ' || org_key || ' begins like ' || client_key
        when gamma_name = 2 then 'names close (jaro-winkler '
            || printf('%.2f', jaro_winkler_similarity(client_key, org_key)) || '): '
            || client_key || ' ~ ' || org_key
        when gamma_name = 1 then 'same first two words: ' || client_key || ' ~ ' || org_key
        else 'different names: ' || client_key || ' ~ ' || org_key
    end,
    case
        when client_industry is null and org_industry is null then 'neither side industry-coded'
        when client_industry = org_industry then 'both coded ' || client_industry
        else 'industry ' || coalesce(client_industry, 'uncoded') || ' vs '
            || coalesce(org_industry, 'uncoded')
    end
)
"""

LINK_COLUMNS = ("canonical_client_id varchar, client_name varchar, organization_kind varchar, "
                "organization_id varchar, organization_name varchar, match_probability double, "
                "evidence varchar")


def _oriented_sql(predictions: str) -> str:
    """Orient every pair client -> organisation (splink may put either side on the left)."""
    def side(column: str, client: bool) -> str:
        first, second = ("l", "r") if client else ("r", "l")
        return (f"case when organization_kind_l = 'lobbying_client' then {column}_{first} "
                f"else {column}_{second} end")

    return f"""
        with oriented as (
            select
                {side('organization_id', True)} as canonical_client_id,
                {side('organization_name', True)} as client_name,
                {side('name_key', True)} as client_key,
                {side('industry_id', True)} as client_industry,
                {side('organization_kind', False)} as organization_kind,
                {side('organization_id', False)} as organization_id,
                {side('organization_name', False)} as organization_name,
                {side('name_key', False)} as org_key,
                {side('industry_id', False)} as org_industry,
                gamma_name, match_probability
            from {predictions}
        )
        select *, {EVIDENCE_SQL} as evidence from oriented
    """


def link_organizations(work, con, config: dict, reviews: list[Review]) -> dict:
    """Score lobbying clients against organisations; leaves `organization_links` in `work`."""
    from splink import DuckDBAPI, Linker

    work.execute(f"create or replace table organization_candidates ({LINK_COLUMNS})")
    has_names = bool(_scalar(con, "select count(*) from information_schema.tables where "
                                  "table_schema = 'intermediate' and table_name = 'int_organization_names'"))
    if has_names:
        work.register("_organizations", con.sql(ORGANIZATION_INPUT_SQL).to_arrow_table())
        work.execute("create or replace table organization_names as select * from _organizations")
        work.unregister("_organizations")
    else:
        work.execute("create or replace table organization_names (unique_id varchar, "
                     "organization_id varchar, organization_kind varchar, organization_name varchar, "
                     "industry_id varchar, name_key varchar, first_word varchar, "
                     "first_two_words varchar, lone_word varchar, key_prefix varchar, "
                     "last_word varchar, first_words varchar, n_words integer)")
    work.execute("create or replace table organization_clients as select * from organization_names "
                 "where organization_kind = 'lobbying_client'")
    work.execute("create or replace table organization_others as select * from organization_names "
                 "where organization_kind <> 'lobbying_client'")
    n_clients = _scalar(work, "select count(distinct organization_id) from organization_clients")
    n_others = _scalar(work, "select count(distinct organization_id) from organization_others")
    summary = {"organization_clients": n_clients, "organizations": n_others,
               "organization_pair_bands": {name: 0 for name, _, _ in BANDS}}
    if n_clients and n_others:
        db_api = DuckDBAPI(work)
        left = db_api.register("organization_clients", table_name="organization_clients_input")
        right = db_api.register("organization_others", table_name="organization_others_input")
        settings = _settings("link_only", ORGANIZATION_COMPARISONS, ORGANIZATION_BLOCKING,
                             config["organization_prior"])
        settings["additional_columns_to_retain"] = ["organization_id", "organization_kind",
                                                    "organization_name"]
        linker = Linker([left, right], settings, log_level=None)
        predictions = linker.inference.predict(warning_mode="never")
        work.execute(f"""
            insert into organization_candidates
            select canonical_client_id, any_value(client_name), any_value(organization_kind),
                organization_id, any_value(organization_name), max(match_probability),
                arg_max(evidence, (match_probability, client_key))
            from ({_oriented_sql(predictions.physical_name)})
            group by canonical_client_id, organization_id
        """)
        summary["organization_pair_bands"] = _bands(work, "organization_candidates")
    _apply_organization_reviews(work, config, reviews)
    summary["organization_links"] = dict(work.execute(
        "select status, count(*) from organization_links group by all order by 1").fetchall())
    return summary


def _apply_organization_reviews(work, config: dict, reviews: list[Review]) -> None:
    """Status from the threshold and the reviews; decisions are appended to `link_decisions`."""
    threshold = config["organization_match_threshold"]
    floor = config["organization_candidate_floor"]
    review_table(work, "organization_reviews", reviews, "client_organization")
    effect = review_effect_sql("candidates.canonical_client_id", "clients.organization_id",
                               "others.organization_id", "canonical_client_id", "organization_id")
    work.execute(f"""
        create or replace table organization_decisions as
        select
            reviews.row_number, 'client_organization' as link_type, reviews.left_id,
            reviews.right_id, reviews.decision, reviews.reviewer, reviews.note, {effect} as effect
        from organization_reviews as reviews
        left join organization_candidates as candidates
            on candidates.canonical_client_id = reviews.left_id
                and candidates.organization_id = reviews.right_id
        left join (select distinct organization_id from organization_clients) as clients
            on clients.organization_id = reviews.left_id
        left join (select distinct organization_id from organization_others) as others
            on others.organization_id = reviews.right_id
        order by reviews.row_number
    """)
    work.execute(f"""
        insert into organization_candidates
        select decisions.left_id, any_value(clients.organization_name),
            any_value(others.organization_kind), decisions.right_id,
            any_value(others.organization_name), 0.0,
            'not proposed by the model, confirmed by a reviewer'
        from organization_decisions as decisions
        join organization_clients as clients on clients.organization_id = decisions.left_id
        join organization_others as others on others.organization_id = decisions.right_id
        where decisions.effect = '{ADDED_EFFECT}'
        group by decisions.left_id, decisions.right_id
    """)
    work.execute(f"""
        create or replace table organization_links as
        select
            candidates.*,
            {link_status_sql(threshold)} as status,
            decisions.reviewer, decisions.note as review_note
        from organization_candidates as candidates
        left join organization_decisions as decisions
            on decisions.left_id = candidates.canonical_client_id
                and decisions.right_id = candidates.organization_id
        where candidates.match_probability >= {floor} or decisions.decision is not null
        order by candidates.canonical_client_id, candidates.match_probability desc,
            candidates.organization_id
    """)
