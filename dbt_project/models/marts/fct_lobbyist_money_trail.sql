{#- LD-203 contributions matched to a watchlist figure, joined to what the lobbyist (or, for a
    registrant's own report, the firm) lobbied on that year: one row per contribution item and
    client lobbied for (clients grouped into organisations as in dim_lobbying_clients). A gift
    repeats on each of its client rows, so `amount` must not be summed; `amount_allocated` splits
    it evenly, to the cent, over those rows and sums to the gifts. -#}
with

gifts as (

    select * from {{ ref('fct_lobbyist_contributions') }}

),

activities as (

    select * from {{ ref('fct_lobbying_activities') }}

),

clients as (

    select * from {{ ref('dim_lobbying_clients') }}

),

lobbyist_work as (

    select
        unnest(lobbyist_ids) as lobbyist_id,
        registrant_id,
        filing_year,
        canonical_client_id,
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

client_rows as (

    select
        gifts.*,
        work_by_gift.canonical_client_id,
        work_by_gift.industry_id as client_industry_id,
        work_by_gift.issue_codes,
        work_by_gift.example_lobbying_filing_url,
        count(*) over (partition by gifts.contribution_item_id) as n_client_rows,
        row_number() over (
            partition by gifts.contribution_item_id order by work_by_gift.canonical_client_id
        ) as client_row_number
    from gifts
    inner join work_by_gift
        on gifts.contribution_item_id = work_by_gift.contribution_item_id
    where gifts.figure_id is not null and gifts.is_current_version

),

cents as (

    select
        *,
        round(amount * 100)::bigint as amount_cents
    from client_rows

),

allocated as (

    select
        *,
        -- whole cents to each row, the cents left over one each to the first rows, so the rows
        -- of a gift add up to the gift exactly
        floor(amount_cents / n_client_rows)::bigint as cents_each,
        amount_cents - floor(amount_cents / n_client_rows)::bigint * n_client_rows
            as cents_left_over
    from cents

),

final as (

    select
        allocated.contribution_item_id,
        allocated.canonical_client_id,
        allocated.figure_id,
        allocated.filing_year,
        allocated.lobbyist_id,
        coalesce(allocated.lobbyist_name, allocated.registrant_name) as giver_name,
        allocated.registrant_name,
        clients.canonical_name as client_name,
        allocated.client_industry_id as industry_id,
        allocated.issue_codes,
        allocated.contribution_type,
        allocated.payee_name,
        allocated.honoree_name,
        allocated.amount,
        (
            (
                allocated.cents_each
                + if(allocated.client_row_number <= allocated.cents_left_over, 1, 0)
            ) / 100
        )::decimal(14, 2) as amount_allocated,
        allocated.n_client_rows,
        coalesce(allocated.contribution_date, allocated.posted_at::date) as transaction_date,
        {{ transaction_date_basis('allocated.contribution_date', 'allocated.posted_at') }}
            as transaction_date_basis,
        allocated.match_rule,
        allocated.filing_document_url as contribution_filing_url,
        allocated.example_lobbying_filing_url
    from allocated
    left join clients
        on allocated.canonical_client_id = clients.canonical_client_id

)

select * from final
