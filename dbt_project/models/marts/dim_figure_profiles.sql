with

figures as (

    select * from {{ ref('dim_figures') }}

),

industry_money as (

    select * from {{ ref('fct_industry_money_to_figures') }}

),

trail as (

    select * from {{ ref('fct_lobbyist_money_trail') }}

),

by_industry as (

    select
        figure_id,
        industry_id,
        -- money two channels both count (an in-house lobbyist's gift) is added once
        sum(amount) - sum(amount_also_in_other_channels) as dollars
    from industry_money
    group by figure_id, industry_id

),

industries as (

    select
        figure_id,
        sum(dollars) as industry_dollars,
        list({'industry_id': industry_id, 'dollars': dollars} order by dollars desc)
            as top_industries
    from by_industry
    group by figure_id

),

client_gifts as (

    select distinct
        figure_id,
        canonical_client_id,
        contribution_item_id,
        amount
    from trail

),

client_issues as (

    select
        figure_id,
        canonical_client_id,
        min(client_name) as client_name,
        list_sort(list_distinct(flatten(list(issue_codes)))) as issue_codes
    from trail
    group by figure_id, canonical_client_id

),

by_client as (

    select
        client_gifts.figure_id,
        client_gifts.canonical_client_id,
        min(client_issues.client_name) as client_name,
        sum(client_gifts.amount) as dollars,
        min(client_issues.issue_codes) as issue_codes
    from client_gifts
    inner join client_issues
        on client_gifts.figure_id = client_issues.figure_id
            and client_gifts.canonical_client_id = client_issues.canonical_client_id
    group by client_gifts.figure_id, client_gifts.canonical_client_id

),

clients as (

    select
        figure_id,
        list(
            {
                'canonical_client_id': canonical_client_id,
                'client_name': client_name,
                'dollars': dollars,
                'issue_codes': issue_codes
            }
            order by dollars desc, client_name
        ) as top_lobbying_clients,
        list_sort(list_distinct(flatten(list(issue_codes)))) as issues_lobbied
    from by_client
    group by figure_id

),

final as (

    select
        figures.figure_id,
        figures.figure_name,
        coalesce(industries.industry_dollars, 0) as industry_dollars,
        coalesce(industries.top_industries, []) as top_industries,
        coalesce(clients.top_lobbying_clients, []) as top_lobbying_clients,
        coalesce(clients.issues_lobbied, []) as issues_lobbied
    from figures
    left join industries
        on figures.figure_id = industries.figure_id
    left join clients
        on figures.figure_id = clients.figure_id

)

select * from final
