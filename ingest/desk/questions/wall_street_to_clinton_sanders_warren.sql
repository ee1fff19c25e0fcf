-- question: How does Wall Street and big-bank money to Hillary Clinton compare with Bernie
--   Sanders and Elizabeth Warren, by cycle?
-- answer: one row per figure and cycle: dollars from bank and securities employees, from bank
--   PACs, and from their lobbyists.
-- caveats: coding by employer text (precision and recall in `influence coding-report`); the
--   figures ran for different offices in different cycles, so compare like with like.
select
    figure_id,
    cycle,
    coalesce(sum(amount) filter (where channel = 'employees'), 0) as employees_dollars,
    coalesce(sum(amount) filter (where channel = 'pacs'), 0) as pacs_dollars,
    coalesce(sum(amount) filter (where channel = 'lobbyists'), 0) as lobbyists_dollars
from fct_industry_money_to_figures
where industry_id = 'wall_street_banks'
    and figure_id in ('hillary_clinton', 'bernie_sanders', 'elizabeth_warren')
group by figure_id, cycle
order by figure_id, cycle
