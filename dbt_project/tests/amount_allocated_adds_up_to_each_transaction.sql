-- In the two tables that repeat a transaction on several client rows, the rows' amount_allocated
-- add up to exactly the transaction's amount, which every one of its rows repeats.
select
    'fct_lobbyist_money_trail' as model,
    contribution_item_id as transaction_key,
    min(amount) as amount,
    sum(amount_allocated) as amount_allocated
from {{ ref('fct_lobbyist_money_trail') }}
group by contribution_item_id
having
    min(amount) is distinct from max(amount)
    or sum(amount_allocated) is distinct from min(amount)
    or count(*) is distinct from min(n_client_rows)

union all

select
    'fct_client_money_items' as model,
    channel || ':' || citation_id as transaction_key,
    min(amount) as amount,
    sum(amount_allocated) as amount_allocated
from {{ ref('fct_client_money_items') }}
group by channel, citation_id
having
    min(amount) is distinct from max(amount)
    or sum(amount_allocated) is distinct from min(amount)
    or count(*) is distinct from min(n_client_rows)
