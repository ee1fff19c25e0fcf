select
    client_name,
    figure_id,
    cycle,
    round(coalesce(sum(amount) filter (where channel = 'employees'), 0), 2) as employees_dollars,
    round(coalesce(sum(amount) filter (where channel = 'pacs'), 0), 2) as pacs_dollars,
    round(coalesce(sum(amount) filter (where channel = 'lobbyists'), 0), 2) as lobbyists_dollars,
    count(*) as n_transactions
from fct_client_money_items
where client_industry_id = 'payday_lending'
group by client_name, figure_id, cycle
order by client_name, figure_id, cycle
