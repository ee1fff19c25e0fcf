with

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

client_names as (

    select
        canonical_client_id,
        unnest(client_name_variants) as client_name
    from clients

),

industry_matches as (

    select
        client_names.canonical_client_id,
        organization_patterns.industry_id,
        'client_name contains ''' || organization_patterns.pattern || '''' as industry_rule,
        row_number() over (
            partition by client_names.canonical_client_id
            order by organization_patterns.industry_id, organization_patterns.pattern
        ) as match_rank
    from client_names
    inner join organization_patterns
        on {{ industry_pattern_matches('client_names.client_name', 'organization_patterns.pattern') }}

),

grouped as (

    select
        canonical_client_id,
        min(canonical_name) as canonical_name,
        list_sort(list(client_id)) as client_ids,
        list_sort(list_distinct(flatten(list(client_name_variants)))) as name_variants,
        list_sort(list_distinct(list(registrant_id))) as registrant_ids,
        list_sort(list_distinct(list(registrant_name))) as registrant_names,
        count(distinct registrant_id) as n_registrants,
        sum(n_filings) as n_filings,
        min(first_filing_year) as first_year,
        max(last_filing_year) as last_year
    from clients
    group by canonical_client_id

),

final as (

    select
        grouped.canonical_client_id,
        grouped.canonical_name,
        grouped.client_ids,
        grouped.name_variants,
        grouped.registrant_ids,
        grouped.registrant_names,
        grouped.n_registrants,
        grouped.n_filings,
        industry_matches.industry_id,
        industry_matches.industry_rule,
        grouped.first_year,
        grouped.last_year
    from grouped
    left join industry_matches
        on grouped.canonical_client_id = industry_matches.canonical_client_id
            and industry_matches.match_rank = 1

)

select * from final
