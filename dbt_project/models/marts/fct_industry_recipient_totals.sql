{#- A watchlist industry's money to every recipient, per cycle and channel: the sum of the cited
    rows in fct_industry_recipient_items (the gate checks each total against them). A recipient
    is a candidate where the FEC's masters link the receiving committee to one (all that
    candidate's committees together), else the committee. -#}
with

items as (

    select * from {{ ref('fct_industry_recipient_items') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

keyed as (

    select
        *,
        case when recipient_candidate_id is not null then 'candidate' else 'committee' end
            as recipient_type,
        coalesce(recipient_candidate_id, recipient_committee_id) as recipient_id,
        coalesce(recipient_candidate_name, recipient_committee_name) as recipient_name
    from items

),

totals as (

    select
        industry_id,
        cycle,
        channel,
        recipient_type,
        recipient_id,
        min(recipient_name) as recipient_name,
        sum(amount) as amount,
        count(*) as n_transactions,
        count(*) filter (where source = 'bulk') as n_from_bulk,
        list_sort(list_distinct(list(recipient_committee_id))) as recipient_committee_ids,
        min(filing_url) as example_filing_url
    from keyed
    group by industry_id, cycle, channel, recipient_type, recipient_id

),

final as (

    select
        totals.*,
        industries.industry_name
    from totals
    inner join industries
        on totals.industry_id = industries.industry_id

)

select * from final
