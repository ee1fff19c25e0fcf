-- question: Which lobbying clients' lobbyists gave to each watchlist figure, and what were those
--   clients lobbying on in the same year?
-- answer: one row per figure, client (one company across its per-firm client IDs) and year:
--   the LD-203 money given (US dollars), the kinds of gift, the issue codes the lobbyists worked
--   on for that client, and both filings to cite.
-- caveats: a lobbyist who worked for several clients appears under each of them with the same
--   gift; LD-203 names are free text matched by the rules in watchlist.yml (match_rule). Kinds:
--   feca = campaign contribution, he = honorary expense (paid to an organisation in the figure's
--   honour), me = meeting expenses, pic = presidential inaugural committee, ple = presidential
--   library.
select
    trail.figure_id,
    trail.filing_year,
    clients.canonical_name as client_name,
    min(trail.industry_id) as industry_id,
    list_sort(list_distinct(flatten(list(trail.issue_codes)))) as issue_codes,
    list_sort(list_distinct(list(trail.contribution_type))) as contribution_types,
    count(distinct trail.contribution_item_id) as gifts,
    sum(trail.amount) as dollars,
    min(trail.contribution_filing_url) as example_contribution_filing,
    min(trail.example_lobbying_filing_url) as example_lobbying_filing
from fct_lobbyist_money_trail as trail
inner join dim_lobbying_clients as clients
    on trail.canonical_client_id = clients.canonical_client_id
group by trail.figure_id, trail.filing_year, clients.canonical_client_id, clients.canonical_name
order by trail.figure_id, trail.filing_year, dollars desc, client_name
