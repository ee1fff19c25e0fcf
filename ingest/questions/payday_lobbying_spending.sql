-- question: How much did payday lenders pay for lobbying each year, and to which firms?
-- answer: one row per year and client: income reported by outside firms plus expenses reported by
--   in-house lobbyists, in US dollars, from current filing versions only.
-- caveats: amounts are per filing (not per issue) and rounded by filers to the nearest $10,000.
select
    filing_year,
    client_name,
    string_agg(distinct registrant_name, '; ' order by registrant_name) as registrants,
    sum(coalesce(income, 0) + coalesce(expenses, 0)) as dollars,
    count(*) as filings
from fct_lobbying_filings
where is_current_version and list_contains(industry_ids, 'payday_lending')
group by filing_year, client_name
order by filing_year, dollars desc
