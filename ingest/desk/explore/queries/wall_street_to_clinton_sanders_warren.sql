select
    figure_id,
    cycle,
    round(coalesce(sum(amount) filter (where channel = 'employees'), 0), 2) as employees_dollars,
    round(coalesce(sum(amount) filter (where channel = 'pacs'), 0), 2) as pacs_dollars,
    round(coalesce(sum(amount) filter (where channel = 'lobbyists'), 0), 2) as lobbyists_dollars
from fct_industry_money_to_figures
where industry_id = 'wall_street_banks'
    and figure_id in ('hillary_clinton', 'bernie_sanders', 'elizabeth_warren')
group by figure_id, cycle
order by figure_id, cycle
