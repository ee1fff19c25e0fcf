{#- LD-203 contributions matched to a watchlist figure, joined to what the lobbyist (or, for a
    registrant's own report, the firm) lobbied on that year: one row per contribution item and
    client lobbied for. -#}
with

gifts as (

    select * from {{ ref('fct_lobbyist_contributions') }}

),

activities as (

    select * from {{ ref('fct_lobbying_activities') }}

),

lobbyist_work as (

    select
        unnest(lobbyist_ids) as lobbyist_id,
        registrant_id,
        filing_year,
        canonical_client_id,
        client_name,
        industry_id,
        general_issue_code,
        filing_document_url
    from activities
    where is_current_version

),

work_by_gift as (

    select
        gifts.contribution_item_id,
        lobbyist_work.canonical_client_id,
        min(lobbyist_work.client_name) as client_name,
        min(lobbyist_work.industry_id) as industry_id,
        list_sort(list_distinct(list(lobbyist_work.general_issue_code))) as issue_codes,
        min(lobbyist_work.filing_document_url) as example_lobbying_filing_url
    from gifts
    inner join lobbyist_work
        on gifts.filing_year = lobbyist_work.filing_year
            and (
                gifts.lobbyist_id = lobbyist_work.lobbyist_id
                or (gifts.lobbyist_id is null
                    and gifts.registrant_id = lobbyist_work.registrant_id)
            )
    group by gifts.contribution_item_id, lobbyist_work.canonical_client_id

),

final as (

    select
        gifts.contribution_item_id,
        work_by_gift.canonical_client_id,
        gifts.figure_id,
        gifts.filing_year,
        gifts.lobbyist_id,
        coalesce(gifts.lobbyist_name, gifts.registrant_name) as giver_name,
        gifts.registrant_name,
        work_by_gift.client_name,
        work_by_gift.industry_id,
        work_by_gift.issue_codes,
        gifts.contribution_type,
        gifts.payee_name,
        gifts.honoree_name,
        gifts.amount,
        gifts.contribution_date,
        gifts.match_rule,
        gifts.filing_document_url as contribution_filing_url,
        work_by_gift.example_lobbying_filing_url
    from gifts
    inner join work_by_gift
        on gifts.contribution_item_id = work_by_gift.contribution_item_id
    where gifts.figure_id is not null and gifts.is_current_version

)

select * from final
