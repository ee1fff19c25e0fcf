{#-
    Industry coding of lobbying activities, first matching rule wins (then the lowest
    industry_id, then the pattern or term):
    1. the client's name contains one of the industry's organization_patterns;
    2. the registrant's name contains one (an organisation lobbying for itself);
    3. the activity's general issue code is one of the industry's lobbying_issue_codes and its
       specific-issues text contains one of its lobbying_issue_terms (quotes stripped, case
       ignored; "-term" exclusions and OR of the LDA search syntax are not applied here).
    Name patterns are upper-case substrings, as for FEC employers: ADVANCE AMERICA does not
    match ADVANCE AUTO PARTS.
-#}
with

activities as (

    select * from {{ ref('stg_lda__lobbying_activities') }}

),

filings as (

    select * from {{ ref('int_lda_filings_versioned') }}

),

clients as (

    select * from {{ ref('int_lobbying_clients_canonical') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

organization_patterns as (

    select
        industry_id,
        unnest(organization_patterns) as pattern
    from industries

),

issue_terms_raw as (

    select
        industry_id,
        lobbying_issue_codes,
        unnest(lobbying_issue_terms) as raw_term
    from industries

),

issue_terms as (

    select
        industry_id,
        lobbying_issue_codes,
        lower(trim(replace(raw_term, '"', ''))) as term
    from issue_terms_raw
    where
        trim(replace(raw_term, '"', '')) != ''
        and not starts_with(trim(raw_term), '-')
        and upper(trim(raw_term)) != 'OR'

),

candidate_matches as (

    select
        activities.activity_id,
        organization_patterns.industry_id,
        1 as rule_priority,
        'client_name contains ''' || organization_patterns.pattern || '''' as industry_rule
    from activities
    inner join filings
        on activities.filing_uuid = filings.filing_uuid
    inner join organization_patterns
        on {{ industry_pattern_matches('filings.client_name', 'organization_patterns.pattern') }}

    union all

    select
        activities.activity_id,
        organization_patterns.industry_id,
        2 as rule_priority,
        'registrant_name contains ''' || organization_patterns.pattern || '''' as industry_rule
    from activities
    inner join filings
        on activities.filing_uuid = filings.filing_uuid
    inner join organization_patterns
        on {{ industry_pattern_matches('filings.registrant_name', 'organization_patterns.pattern') }}

    union all

    select
        activities.activity_id,
        issue_terms.industry_id,
        3 as rule_priority,
        'specific issues mention ''' || issue_terms.term || ''' under '
        || activities.general_issue_code as industry_rule
    from activities
    inner join issue_terms
        on list_contains(issue_terms.lobbying_issue_codes, activities.general_issue_code)
            and contains(lower(activities.description), issue_terms.term)

),

ranked_matches as (

    select
        activity_id,
        industry_id,
        industry_rule,
        row_number() over (
            partition by activity_id
            order by rule_priority, industry_id, industry_rule
        ) as match_rank
    from candidate_matches

),

final as (

    select
        activities.activity_id,
        activities.filing_uuid,
        activities.activity_number,
        filings.filing_type,
        filings.filing_type_display,
        filings.filing_year,
        filings.filing_period,
        filings.period_start_date,
        filings.period_end_date,
        filings.registrant_id,
        filings.registrant_name,
        filings.client_id,
        filings.client_name,
        clients.canonical_client_id,
        activities.general_issue_code,
        activities.general_issue_code_display,
        activities.description,
        activities.foreign_entity_issues,
        filings.income,
        filings.expenses,
        filings.is_current_version,
        filings.is_amendment,
        filings.is_registration,
        filings.posted_at,
        ranked_matches.industry_id,
        ranked_matches.industry_rule,
        filings.filing_document_url,
        activities.fetched_at,
        activities.source_file
    from activities
    inner join filings
        on activities.filing_uuid = filings.filing_uuid
    left join clients
        on filings.client_id = clients.client_id
    left join ranked_matches
        on activities.activity_id = ranked_matches.activity_id
            and ranked_matches.match_rank = 1

)

select * from final
