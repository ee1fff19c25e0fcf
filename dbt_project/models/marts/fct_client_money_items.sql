{#-
    Money from each lobbying client (canonical LDA client) to watchlist figures, one row per
    transaction, client and channel, each with its citation:
    * employees: itemized FEC receipts whose employer string is linked to the client
      (links.organization_links, kind employer);
    * pacs: FEC Schedule B payments by a committee whose connected organisation is linked to the
      client (kind committee);
    * lobbyists: LD-203 FECA contributions by lobbyists (or the firm) who lobbied for the client
      in the same year (fct_lobbyist_money_trail; an LDA fact, no link needed).
    Only usable links (auto at or above the threshold, or confirmed by a reviewer) bring money in;
    each linked row carries the link's status, score and evidence. Memo entries, superseded
    amendments and non-current LD-203 versions are left out, as everywhere.
-#}
with

contributions as (

    select * from {{ ref('fct_contributions') }}

),

pac_gifts as (

    select * from {{ ref('fct_pac_disbursements') }}

),

trail as (

    select * from {{ ref('fct_lobbyist_money_trail') }}

),

clients as (

    select * from {{ ref('dim_lobbying_clients') }}

),

organization_links as (

    select * from {{ ref('stg_links__organization_links') }}
    where is_usable

),

employees as (

    select
        organization_links.canonical_client_id,
        'employees' as channel,
        contributions.figure_id,
        contributions.cycle,
        contributions.sub_id as citation_id,
        coalesce(contributions.contribution_date, contributions.filing_date)
            as transaction_date,
        {{ transaction_date_basis(
            'contributions.contribution_date', 'contributions.filing_date'
        ) }} as transaction_date_basis,
        contributions.amount,
        contributions.contributor_name as giver_name,
        contributions.contributor_employer as giver_affiliation,
        'FEC Schedule A' as source,
        organization_links.organization_id,
        organization_links.status as link_status,
        organization_links.match_probability as link_probability,
        organization_links.evidence as link_evidence,
        contributions.filing_url
    from contributions
    inner join organization_links
        on organization_links.organization_kind = 'employer'
            and organization_links.organization_id
                = 'employer:' || {{ organization_name_key('contributions.contributor_employer') }}
    where
        contributions.counts_toward_total
        and contributions.figure_id is not null
        and contributions.entity_type = 'IND'

),

pacs as (

    select
        organization_links.canonical_client_id,
        'pacs' as channel,
        pac_gifts.recipient_figure_id as figure_id,
        pac_gifts.cycle,
        pac_gifts.sub_id as citation_id,
        coalesce(pac_gifts.disbursement_date, pac_gifts.filing_date) as transaction_date,
        {{ transaction_date_basis('pac_gifts.disbursement_date', 'pac_gifts.filing_date') }}
            as transaction_date_basis,
        pac_gifts.amount,
        pac_gifts.committee_name as giver_name,
        pac_gifts.committee_id as giver_affiliation,
        'FEC Schedule B' as source,
        organization_links.organization_id,
        organization_links.status as link_status,
        organization_links.match_probability as link_probability,
        organization_links.evidence as link_evidence,
        pac_gifts.filing_url
    from pac_gifts
    inner join organization_links
        on organization_links.organization_kind = 'committee'
            and organization_links.organization_id = pac_gifts.committee_id
    where pac_gifts.counts_toward_total and pac_gifts.recipient_figure_id is not null

),

lobbyists as (

    select
        canonical_client_id,
        'lobbyists' as channel,
        figure_id,
        filing_year + filing_year % 2 as cycle,
        contribution_item_id as citation_id,
        transaction_date,
        transaction_date_basis,
        amount,
        giver_name,
        registrant_name as giver_affiliation,
        'LD-203' as source,
        null::varchar as organization_id,
        null::varchar as link_status,
        null::double as link_probability,
        'lobbied for ' || client_name || ' in ' || filing_year || '; ' || match_rule
            as link_evidence,
        contribution_filing_url as filing_url
    from trail
    where contribution_type = 'feca' and amount is not null

),

items as (

    select * from employees
    union all
    select * from pacs
    union all
    select * from lobbyists

),

cents as (

    select
        *,
        round(amount * 100)::bigint as amount_cents,
        count(*) over (partition by channel, citation_id) as n_client_rows,
        row_number() over (
            partition by channel, citation_id order by canonical_client_id
        ) as client_row_number
    from items

),

allocated as (

    select
        *,
        -- as in fct_lobbyist_money_trail: whole cents to each client row, the cents left over
        -- one each to the first rows, so the rows of a transaction add up to it exactly
        floor(amount_cents / n_client_rows)::bigint as cents_each,
        amount_cents - floor(amount_cents / n_client_rows)::bigint * n_client_rows
            as cents_left_over
    from cents

),

final as (

    select
        allocated.canonical_client_id,
        clients.canonical_name as client_name,
        clients.industry_id as client_industry_id,
        allocated.* exclude (
            canonical_client_id, amount_cents, client_row_number, cents_each, cents_left_over
        ),
        (
            (
                allocated.cents_each
                + if(allocated.client_row_number <= allocated.cents_left_over, 1, 0)
            ) / 100
        )::decimal(14, 2) as amount_allocated
    from allocated
    left join clients
        on allocated.canonical_client_id = clients.canonical_client_id

)

select * from final
