select
    trail.figure_id,
    trail.filing_year,
    clients.canonical_name as client_name,
    min(trail.industry_id) as industry_id,
    (select json_group_array(code) from (
        select distinct codes.value as code
        from fct_lobbyist_money_trail as same, json_each(same.issue_codes) as codes
        where same.figure_id = trail.figure_id and same.filing_year = trail.filing_year
            and same.canonical_client_id = trail.canonical_client_id
        order by code)) as issue_codes,
    (select json_group_array(kind) from (
        select distinct same.contribution_type as kind
        from fct_lobbyist_money_trail as same
        where same.figure_id = trail.figure_id and same.filing_year = trail.filing_year
            and same.canonical_client_id = trail.canonical_client_id
        order by kind)) as contribution_types,
    count(distinct trail.contribution_item_id) as gifts,
    round(sum(trail.amount), 2) as dollars,
    min(trail.contribution_filing_url) as example_contribution_filing,
    min(trail.example_lobbying_filing_url) as example_lobbying_filing
from fct_lobbyist_money_trail as trail
inner join dim_lobbying_clients as clients
    on trail.canonical_client_id = clients.canonical_client_id
group by trail.figure_id, trail.filing_year, clients.canonical_client_id, clients.canonical_name
order by trail.figure_id, trail.filing_year, dollars desc, client_name
