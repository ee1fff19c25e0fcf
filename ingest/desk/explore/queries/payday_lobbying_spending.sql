with filings as (
    select filings.*
    from fct_lobbying_filings as filings
    where filings.is_current_version
        and exists (select 1 from json_each(filings.activity_industry_ids)
                    where value = 'payday_lending')
)

select
    filings.filing_year,
    clients.canonical_name as client_name,
    (select group_concat(name, '; ') from (
        select distinct same.registrant_name as name from filings as same
        where same.filing_year = filings.filing_year
            and same.canonical_client_id = filings.canonical_client_id
        order by name)) as registrants,
    round(sum(coalesce(filings.income, 0) + coalesce(filings.expenses, 0)), 2) as dollars,
    count(*) as filings
from filings
inner join dim_lobbying_clients as clients
    on filings.canonical_client_id = clients.canonical_client_id
group by filings.filing_year, clients.canonical_client_id, clients.canonical_name
order by filings.filing_year, dollars desc, client_name
