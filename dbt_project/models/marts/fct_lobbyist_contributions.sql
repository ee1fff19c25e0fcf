with

items as (

    select * from {{ ref('stg_lda__contribution_items') }}

),

reports as (

    select * from {{ ref('int_lda_contribution_reports_versioned') }}

),

matches as (

    select * from {{ ref('int_lobbyist_contribution_matches') }}

),

constants as (

    select * from {{ ref('stg_lda__constants') }}

),

item_types as (

    select
        code as contribution_type,
        name as contribution_type_name
    from constants
    where list_name = 'contribution/itemtypes'

),

final as (

    select
        items.contribution_item_id,
        items.filing_uuid,
        items.item_number,
        reports.filing_type,
        reports.filing_year,
        reports.filing_period,
        reports.period_start_date,
        reports.period_end_date,
        reports.filer_type,
        reports.registrant_id,
        reports.registrant_name,
        reports.lobbyist_id,
        reports.lobbyist_name,
        items.contributor_name,
        items.payee_name,
        items.honoree_name,
        items.contribution_type,
        coalesce(item_types.contribution_type_name, items.contribution_type_display)
            as contribution_type_name,
        items.amount,
        items.amount_reported,
        items.contribution_date,
        coalesce(
            items.contribution_date
            between reports.period_start_date and reports.period_end_date,
            false
        ) as is_date_in_period,
        matches.figure_id,
        matches.match_rule,
        coalesce(matches.matched_figure_ids, []) as matched_figure_ids,
        reports.is_current_version,
        reports.is_amendment,
        reports.posted_at,
        reports.filing_document_url,
        items.fetched_at,
        items.source_file
    from items
    inner join reports
        on items.filing_uuid = reports.filing_uuid
    left join item_types
        on items.contribution_type = item_types.contribution_type
    left join matches
        on items.contribution_item_id = matches.contribution_item_id

)

select * from final
