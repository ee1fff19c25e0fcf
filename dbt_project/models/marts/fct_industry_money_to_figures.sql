with

items as (

    select * from {{ ref('fct_industry_money_items') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

totals as (

    select
        industry_id,
        figure_id,
        cycle,
        channel,
        sum(amount) as amount,
        count(*) as n_transactions,
        coalesce(sum(amount) filter (where also_counted_in_channel is not null), 0)
            as amount_also_in_other_channels,
        count(*) filter (where link_status is not null) as n_via_links,
        list(citation_id order by transaction_date nulls last, citation_id) as citation_ids,
        min(filing_url) as example_filing_url
    from items
    group by industry_id, figure_id, cycle, channel

),

final as (

    select
        totals.*,
        industries.industry_name,
        industries.opensecrets_codes
    from totals
    left join industries
        on totals.industry_id = industries.industry_id

)

select * from final
