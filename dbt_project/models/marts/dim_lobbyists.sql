with

lobbyists as (

    select * from {{ ref('stg_lda__lobbyists') }}

),

activity_lobbyists as (

    select * from {{ ref('stg_lda__activity_lobbyists') }}

),

filings as (

    select * from {{ ref('int_lda_filings_versioned') }}

),

reports as (

    select * from {{ ref('stg_lda__contribution_reports') }}

),

listed as (

    select
        activity_lobbyists.lobbyist_id,
        activity_lobbyists.lobbyist_name,
        activity_lobbyists.first_name,
        activity_lobbyists.last_name,
        activity_lobbyists.covered_position,
        filings.filing_uuid,
        filings.filing_year,
        filings.registrant_id,
        filings.registrant_name,
        filings.is_current_version,
        filings.posted_at
    from activity_lobbyists
    inner join filings
        on activity_lobbyists.filing_uuid = filings.filing_uuid

),

appearances as (

    select
        lobbyist_id,
        lobbyist_name,
        first_name,
        last_name,
        registrant_id,
        registrant_name,
        posted_at
    from listed

    union all

    select
        lobbyist_id,
        lobbyist_name,
        null as first_name,
        null as last_name,
        registrant_id,
        registrant_name,
        posted_at
    from reports
    where lobbyist_id is not null

),

from_filings as (

    select
        lobbyist_id,
        arg_max(lobbyist_name, posted_at) as lobbyist_name,
        arg_max(first_name, posted_at) as first_name,
        arg_max(last_name, posted_at) as last_name,
        list_distinct(list(registrant_id)) as registrant_ids,
        list_distinct(list(registrant_name)) as registrant_names
    from appearances
    group by lobbyist_id

),

positions as (

    select
        lobbyist_id,
        list_sort(list_distinct(list(covered_position) filter (where is_current_version)))
            as covered_positions,
        count(distinct filing_uuid) filter (where is_current_version) as n_filings,
        min(filing_year) filter (where is_current_version) as first_filing_year,
        max(filing_year) filter (where is_current_version) as last_filing_year
    from listed
    group by lobbyist_id

),

final as (

    select
        coalesce(lobbyists.lobbyist_id, from_filings.lobbyist_id) as lobbyist_id,
        coalesce(lobbyists.lobbyist_name, from_filings.lobbyist_name) as lobbyist_name,
        coalesce(lobbyists.first_name, from_filings.first_name) as first_name,
        coalesce(lobbyists.last_name, from_filings.last_name) as last_name,
        list_sort(list_distinct(list_concat(
            coalesce([lobbyists.registrant_id], []),
            coalesce(from_filings.registrant_ids, [])
        ))) as registrant_ids,
        list_sort(list_distinct(list_concat(
            coalesce([lobbyists.registrant_name], []),
            coalesce(from_filings.registrant_names, [])
        ))) as registrant_names,
        coalesce(positions.covered_positions, []) as covered_positions,
        coalesce(len(positions.covered_positions) > 0, false) as has_covered_position,
        coalesce(positions.n_filings, 0) as n_filings,
        positions.first_filing_year,
        positions.last_filing_year
    from lobbyists
    full outer join from_filings
        on lobbyists.lobbyist_id = from_filings.lobbyist_id
    left join positions
        on coalesce(lobbyists.lobbyist_id, from_filings.lobbyist_id) = positions.lobbyist_id

)

select * from final
