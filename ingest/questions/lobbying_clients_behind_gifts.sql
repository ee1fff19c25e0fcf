-- question: Which lobbying clients' lobbyists gave to each watchlist figure, and what were those
--   clients lobbying on in the same year?
-- answer: one row per figure, client and year: the LD-203 money given (US dollars), the issue
--   codes the lobbyists worked on for that client, and both filings to cite.
-- caveats: a lobbyist who worked for several clients appears under each of them with the same
--   gift; LD-203 names are free text matched by the rules in watchlist.yml (match_rule).
select
    figure_id,
    filing_year,
    client_name,
    industry_id,
    issue_codes,
    count(distinct contribution_item_id) as gifts,
    sum(amount) as dollars,
    min(contribution_filing_url) as example_contribution_filing,
    min(example_lobbying_filing_url) as example_lobbying_filing
from fct_lobbyist_money_trail
group by figure_id, filing_year, client_name, industry_id, issue_codes
order by figure_id, filing_year, dollars desc
