{#-
    Every transaction behind the industry-to-figure money totals, one row each, with its citation:
    * employees: itemized FEC receipts to a figure's committees from people whose employer matched
      an industry pattern (memo entries and superseded amendments excluded);
    * pacs: FEC Schedule B payments from an industry PAC to a figure's committees (same rules);
    * lobbyists: LD-203 FECA contributions matched to a figure, made by a lobbyist (or a
      registrant) who lobbied for a client of that industry in the same year (current report
      versions only).
    Channels can overlap (a lobbyist's gift may also be an itemized FEC receipt): add channels
    together only with that caveat.
-#}
with

contributions as (

    select * from {{ ref('fct_contributions') }}

),

pac_gifts as (

    select * from {{ ref('fct_pac_disbursements') }}

),

lobbyist_gifts as (

    select * from {{ ref('fct_lobbyist_contributions') }}

),

activities as (

    select * from {{ ref('fct_lobbying_activities') }}

),

employees as (

    select
        'employees' as channel,
        industry_id,
        figure_id,
        cycle,
        sub_id as citation_id,
        contribution_date as transaction_date,
        amount,
        contributor_name as giver_name,
        contributor_employer as giver_affiliation,
        industry_rule as industry_evidence,
        filing_url
    from contributions
    where counts_toward_total and industry_id is not null and figure_id is not null

),

pacs as (

    select
        'pacs' as channel,
        industry_id,
        recipient_figure_id as figure_id,
        cycle,
        sub_id as citation_id,
        disbursement_date as transaction_date,
        amount,
        committee_name as giver_name,
        committee_id as giver_affiliation,
        'industry PAC ' || committee_id as industry_evidence,
        filing_url
    from pac_gifts
    where counts_toward_total and industry_id is not null and recipient_figure_id is not null

),

lobbyist_industries as (

    select distinct
        unnest(lobbyist_ids) as lobbyist_id,
        filing_year,
        industry_id,
        client_name
    from activities
    where is_current_version and industry_id is not null

),

registrant_industries as (

    select distinct
        registrant_id,
        filing_year,
        industry_id,
        client_name
    from activities
    where is_current_version and industry_id is not null

),

lobbyist_matches as (

    select
        lobbyist_gifts.contribution_item_id,
        coalesce(by_lobbyist.industry_id, by_registrant.industry_id) as industry_id,
        min(coalesce(by_lobbyist.client_name, by_registrant.client_name)) as client_name
    from lobbyist_gifts
    left join lobbyist_industries as by_lobbyist
        on lobbyist_gifts.lobbyist_id = by_lobbyist.lobbyist_id
            and lobbyist_gifts.filing_year = by_lobbyist.filing_year
    left join registrant_industries as by_registrant
        on lobbyist_gifts.lobbyist_id is null
            and lobbyist_gifts.registrant_id = by_registrant.registrant_id
            and lobbyist_gifts.filing_year = by_registrant.filing_year
    where coalesce(by_lobbyist.industry_id, by_registrant.industry_id) is not null
    group by 1, 2

),

lobbyists as (

    select
        'lobbyists' as channel,
        lobbyist_matches.industry_id,
        lobbyist_gifts.figure_id,
        lobbyist_gifts.filing_year + lobbyist_gifts.filing_year % 2 as cycle,
        lobbyist_gifts.contribution_item_id as citation_id,
        lobbyist_gifts.contribution_date as transaction_date,
        lobbyist_gifts.amount,
        coalesce(lobbyist_gifts.lobbyist_name, lobbyist_gifts.registrant_name) as giver_name,
        lobbyist_gifts.registrant_name as giver_affiliation,
        'lobbied for ' || lobbyist_matches.client_name || ' in '
        || lobbyist_gifts.filing_year || '; ' || lobbyist_gifts.match_rule as industry_evidence,
        lobbyist_gifts.filing_document_url as filing_url
    from lobbyist_gifts
    inner join lobbyist_matches
        on lobbyist_gifts.contribution_item_id = lobbyist_matches.contribution_item_id
    where
        lobbyist_gifts.figure_id is not null
        and lobbyist_gifts.is_current_version
        and lobbyist_gifts.contribution_type = 'feca'
        and lobbyist_gifts.amount is not null

),

final as (

    select * from employees
    union all
    select * from pacs
    union all
    select * from lobbyists

)

select * from final
