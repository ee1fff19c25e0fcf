with

filings as (

    select * from {{ ref('int_lda_filings_versioned') }}

),

clients as (

    select * from {{ ref('int_lobbying_clients_canonical') }}

),

activities as (

    select * from {{ ref('int_lobbying_activities_coded') }}

),

activities_by_filing as (

    select
        filing_uuid,
        list_sort(list_distinct(list(general_issue_code))) as general_issue_codes,
        list_sort(list_distinct(list(industry_id))) as activity_industry_ids
    from activities
    group by filing_uuid

),

final as (

    select
        filings.filing_uuid,
        filings.filing_type,
        filings.filing_type_display as filing_type_name,
        filings.filing_year,
        filings.filing_period,
        filings.period_start_date,
        filings.period_end_date,
        filings.registrant_id,
        filings.registrant_name,
        filings.client_id,
        filings.client_name,
        clients.canonical_client_id,
        filings.income,
        filings.expenses,
        filings.expenses_method,
        filings.n_activities,
        coalesce(activities_by_filing.general_issue_codes, []) as general_issue_codes,
        coalesce(activities_by_filing.activity_industry_ids, []) as activity_industry_ids,
        filings.is_current_version,
        filings.version_rank,
        filings.n_versions,
        filings.is_amendment,
        filings.is_registration,
        filings.is_termination,
        filings.is_no_activity,
        filings.termination_date,
        filings.posted_at,
        filings.filing_document_url,
        filings.fetched_at,
        filings.source_file
    from filings
    left join clients
        on filings.client_id = clients.client_id
    left join activities_by_filing
        on filings.filing_uuid = activities_by_filing.filing_uuid

)

select * from final
