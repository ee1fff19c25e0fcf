with

activities as (

    select * from {{ ref('int_lobbying_activities_coded') }}

),

activity_lobbyists as (

    select * from {{ ref('stg_lda__activity_lobbyists') }}

),

government_entities as (

    select * from {{ ref('stg_lda__activity_government_entities') }}

),

constants as (

    select * from {{ ref('stg_lda__constants') }}

),

issue_names as (

    select
        code as general_issue_code,
        name as general_issue_name
    from constants
    where list_name = 'filing/lobbyingactivityissues'

),

lobbyists_by_activity as (

    select
        activity_id,
        list(lobbyist_id order by lobbyist_number) as lobbyist_ids,
        list(lobbyist_name order by lobbyist_number) as lobbyist_names,
        count(*) as n_lobbyists,
        count(covered_position) as n_lobbyists_with_covered_position
    from activity_lobbyists
    group by activity_id

),

entities_by_activity as (

    select
        activity_id,
        list(government_entity_name order by government_entity_number) as government_entities
    from government_entities
    group by activity_id

),

final as (

    select
        activities.activity_id,
        activities.filing_uuid,
        activities.activity_number,
        activities.filing_type,
        activities.filing_type_display as filing_type_name,
        activities.filing_year,
        activities.filing_period,
        activities.period_start_date,
        activities.period_end_date,
        activities.registrant_id,
        activities.registrant_name,
        activities.client_id,
        activities.client_name,
        activities.canonical_client_id,
        activities.general_issue_code,
        coalesce(issue_names.general_issue_name, activities.general_issue_code_display)
            as general_issue_name,
        activities.description as specific_issues,
        activities.foreign_entity_issues,
        coalesce(lobbyists_by_activity.lobbyist_ids, []) as lobbyist_ids,
        coalesce(lobbyists_by_activity.lobbyist_names, []) as lobbyist_names,
        coalesce(lobbyists_by_activity.n_lobbyists, 0) as n_lobbyists,
        coalesce(lobbyists_by_activity.n_lobbyists_with_covered_position, 0)
            as n_lobbyists_with_covered_position,
        coalesce(entities_by_activity.government_entities, []) as government_entities,
        activities.income as filing_income,
        activities.expenses as filing_expenses,
        activities.is_current_version,
        activities.is_amendment,
        activities.is_registration,
        activities.posted_at,
        activities.industry_id,
        activities.industry_rule,
        activities.filing_document_url,
        activities.fetched_at,
        activities.source_file
    from activities
    left join issue_names
        on activities.general_issue_code = issue_names.general_issue_code
    left join lobbyists_by_activity
        on activities.activity_id = lobbyists_by_activity.activity_id
    left join entities_by_activity
        on activities.activity_id = entities_by_activity.activity_id

)

select * from final
