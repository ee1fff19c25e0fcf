with asked as (
    select
        coalesce(nullif(:industry, ''), 'payday_lending') as industry,
        nullif(:cycle, '') as cycle
),

chosen as (
    select
        asked.industry,
        case
            when asked.cycle glob '[0-9]*' then cast(asked.cycle as integer)
            else (select max(cycle) from fct_industry_recipient_totals
                  where industry_id = asked.industry)
        end as cycle
    from asked
)

select
    totals.cycle,
    totals.recipient_type,
    totals.recipient_id,
    min(totals.recipient_name) as recipient_name,
    round(sum(totals.amount), 2) as dollars,
    round(sum(totals.amount) filter (where totals.channel = 'employees'), 2)
        as dollars_from_employees,
    round(sum(totals.amount) filter (where totals.channel = 'pacs'), 2) as dollars_from_pacs,
    sum(totals.n_transactions) as n_transactions,
    min(totals.example_filing_url) as example_filing_url
from fct_industry_recipient_totals as totals
inner join chosen
    on totals.industry_id = chosen.industry and totals.cycle = chosen.cycle
group by totals.cycle, totals.recipient_type, totals.recipient_id
order by dollars desc, totals.recipient_id
limit 50
