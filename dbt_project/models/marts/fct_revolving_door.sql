with

activity_lobbyists as (

    select * from {{ ref('stg_lda__activity_lobbyists') }}

),

activities as (

    select * from {{ ref('int_lobbying_activities_coded') }}

),

lobbyists as (

    select * from {{ ref('dim_lobbyists') }}

),

positions as (

    select
        activity_lobbyists.lobbyist_id,
        activity_lobbyists.covered_position,
        activities.filing_uuid,
        activities.filing_year,
        activities.client_name,
        activities.registrant_name,
        activities.industry_id,
        activities.posted_at,
        activities.filing_document_url
    from activity_lobbyists
    inner join activities
        on activity_lobbyists.activity_id = activities.activity_id
    where
        activity_lobbyists.covered_position is not null
        and activities.is_current_version

),

grouped as (

    select
        lobbyist_id,
        covered_position,
        min(filing_year) as first_filing_year,
        max(filing_year) as last_filing_year,
        count(distinct filing_uuid) as n_filings,
        list_sort(list_distinct(list(client_name))) as client_names,
        list_sort(list_distinct(list(registrant_name))) as registrant_names,
        list_sort(list_distinct(list(industry_id))) as activity_industry_ids,
        arg_max(filing_document_url, posted_at) as example_filing_document_url
    from positions
    group by lobbyist_id, covered_position

),

final as (

    select
        grouped.lobbyist_id,
        lobbyists.lobbyist_name,
        grouped.covered_position,
        grouped.first_filing_year,
        grouped.last_filing_year,
        grouped.n_filings,
        grouped.client_names,
        grouped.registrant_names,
        grouped.activity_industry_ids,
        grouped.example_filing_document_url
    from grouped
    left join lobbyists
        on grouped.lobbyist_id = lobbyists.lobbyist_id

)

select * from final
