-- question: Which payday lenders gave to each watchlist figure, cycle by cycle, through their
--   employees, their own PACs and the lobbyists they hired?
-- answer: one row per lobbying client, figure and cycle, in US dollars per channel, with the
--   number of transactions (fct_client_money_items lists each one with its filing and link).
-- caveats: employees and PACs are tied to a client by organisation links (employer or PAC
--   sponsor name ~ client name); only links scored at or above the threshold or confirmed by a
--   reviewer count (see `links_to_review`). A lobbyist who worked for two clients counts for both.
select
    client_name,
    figure_id,
    cycle,
    coalesce(sum(amount) filter (where channel = 'employees'), 0) as employees_dollars,
    coalesce(sum(amount) filter (where channel = 'pacs'), 0) as pacs_dollars,
    coalesce(sum(amount) filter (where channel = 'lobbyists'), 0) as lobbyists_dollars,
    count(*) as n_transactions
from fct_client_money_items
where client_industry_id = 'payday_lending'
group by client_name, figure_id, cycle
order by client_name, figure_id, cycle
