-- question: How much did payday lenders pay for lobbying each year, and to which firms?
-- answer: one row per year and lobbying client (one company across the client IDs each firm
--   gives it), in US dollars: income reported by outside firms plus expenses reported by
--   in-house lobbyists, from current filing versions only.
-- caveats: amounts are per filing (not per issue) and rounded by filers to the nearest $10,000;
--   clients are grouped by name (dim_lobbying_clients.name_variants shows what was grouped).
select
    filings.filing_year,
    clients.canonical_name as client_name,
    string_agg(distinct filings.registrant_name, '; ' order by filings.registrant_name)
        as registrants,
    sum(coalesce(filings.income, 0) + coalesce(filings.expenses, 0)) as dollars,
    count(*) as filings
from fct_lobbying_filings as filings
inner join dim_lobbying_clients as clients
    on filings.canonical_client_id = clients.canonical_client_id
where
    filings.is_current_version
    and list_contains(filings.activity_industry_ids, 'payday_lending')
group by filings.filing_year, clients.canonical_client_id, clients.canonical_name
order by filings.filing_year, dollars desc, client_name
