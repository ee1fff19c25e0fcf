{#-
    Every transaction behind the industry-to-figure money totals, one row each, with its citation:
    * employees: itemized FEC receipts to a figure's committees from people whose employer matched
      an industry pattern (memo entries and superseded amendments excluded);
    * pacs: FEC Schedule B payments from an industry PAC to a figure's committees (same rules);
    * lobbyists: LD-203 FECA contributions matched to a figure, made by a lobbyist (or a
      registrant) who lobbied for a client of that industry in the same year (current report
      versions only); and itemized FEC receipts from donors linked to such a lobbyist
      (links.lobbyist_donor_links, usable links only: auto or confirmed) that no LD-203 item
      reports and the employees channel does not already count.
    An LD-203 gift that is also an FEC receipt carries that receipt's sub_id (same_gift_sub_id),
    and also_counted_in_channel = 'employees' when that receipt is counted there (an in-house
    lobbyist): leave such rows out when adding channels together.
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

lobbyist_receipts as (

    select * from {{ ref('int_lobbyist_fec_receipts') }}

),

employees as (

    select
        'employees' as channel,
        industry_id,
        figure_id,
        cycle,
        sub_id as citation_id,
        coalesce(contribution_date, filing_date) as transaction_date,
        {{ transaction_date_basis('contribution_date', 'filing_date') }}
            as transaction_date_basis,
        amount,
        contributor_name as giver_name,
        contributor_employer as giver_affiliation,
        industry_rule as industry_evidence,
        filing_url,
        'FEC Schedule A' as source
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
        coalesce(disbursement_date, filing_date) as transaction_date,
        {{ transaction_date_basis('disbursement_date', 'filing_date') }}
            as transaction_date_basis,
        amount,
        committee_name as giver_name,
        committee_id as giver_affiliation,
        'industry PAC ' || committee_id as industry_evidence,
        filing_url,
        'FEC Schedule B' as source
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

same_gift as (

    select
        ld203_item_id,
        arg_max(sub_id, link_probability) as sub_id,
        arg_max(lobbyist_id, link_probability) as lobbyist_id,
        arg_max(donor_id, link_probability) as donor_id,
        arg_max(link_status, link_probability) as link_status,
        max(link_probability) as link_probability,
        arg_max(employer_industry_id, link_probability) as employer_industry_id
    from lobbyist_receipts
    where ld203_item_id is not null
    group by ld203_item_id

),

lobbyists as (

    select
        'lobbyists' as channel,
        lobbyist_matches.industry_id,
        lobbyist_gifts.figure_id,
        lobbyist_gifts.filing_year + lobbyist_gifts.filing_year % 2 as cycle,
        lobbyist_gifts.contribution_item_id as citation_id,
        coalesce(lobbyist_gifts.contribution_date, lobbyist_gifts.posted_at::date)
            as transaction_date,
        {{ transaction_date_basis(
            'lobbyist_gifts.contribution_date', 'lobbyist_gifts.posted_at'
        ) }} as transaction_date_basis,
        lobbyist_gifts.amount,
        coalesce(lobbyist_gifts.lobbyist_name, lobbyist_gifts.registrant_name) as giver_name,
        lobbyist_gifts.registrant_name as giver_affiliation,
        'lobbied for ' || lobbyist_matches.client_name || ' in '
        || lobbyist_gifts.filing_year || '; ' || lobbyist_gifts.match_rule as industry_evidence,
        lobbyist_gifts.filing_document_url as filing_url,
        'LD-203' as source,
        same_gift.link_status,
        same_gift.link_probability,
        same_gift.lobbyist_id as linked_lobbyist_id,
        same_gift.donor_id as linked_donor_id,
        same_gift.sub_id as same_gift_sub_id,
        case
            when same_gift.employer_industry_id = lobbyist_matches.industry_id then 'employees'
        end as also_counted_in_channel
    from lobbyist_gifts
    inner join lobbyist_matches
        on lobbyist_gifts.contribution_item_id = lobbyist_matches.contribution_item_id
    left join same_gift
        on lobbyist_gifts.contribution_item_id = same_gift.ld203_item_id
    where
        lobbyist_gifts.figure_id is not null
        and lobbyist_gifts.is_current_version
        and lobbyist_gifts.contribution_type = 'feca'
        and lobbyist_gifts.amount is not null

),

lobbyist_receipt_matches as (

    select
        lobbyist_receipts.*,
        lobbyist_industries.industry_id,
        lobbyist_industries.client_name,
        lobbyist_industries.filing_year,
        row_number() over (
            partition by lobbyist_receipts.sub_id, lobbyist_industries.industry_id
            order by lobbyist_receipts.link_probability desc, lobbyist_receipts.lobbyist_id,
                lobbyist_industries.client_name
        ) as match_rank
    from lobbyist_receipts
    inner join lobbyist_industries
        on lobbyist_receipts.lobbyist_id = lobbyist_industries.lobbyist_id
            and year(lobbyist_receipts.contribution_date) = lobbyist_industries.filing_year
    where
        lobbyist_receipts.ld203_item_id is null
        and lobbyist_receipts.employer_industry_id is distinct from lobbyist_industries.industry_id

),

lobbyists_fec as (

    select
        'lobbyists' as channel,
        industry_id,
        figure_id,
        cycle,
        sub_id as citation_id,
        coalesce(contribution_date, filing_date) as transaction_date,
        {{ transaction_date_basis('contribution_date', 'filing_date') }}
            as transaction_date_basis,
        amount,
        contributor_name as giver_name,
        contributor_employer as giver_affiliation,
        'FEC donor ' || donor_id || ' linked to lobbyist ' || lobbyist_name || ' ('
        || link_status || ', p=' || printf('%.3f', link_probability) || '), who lobbied for '
        || client_name || ' in ' || filing_year as industry_evidence,
        filing_url,
        'FEC Schedule A' as source,
        link_status,
        link_probability,
        lobbyist_id as linked_lobbyist_id,
        donor_id as linked_donor_id
    from lobbyist_receipt_matches
    where match_rank = 1

),

unioned as (

    -- by name: columns a part does not have (the link columns of employees and pacs) are null
    select * from lobbyists
    union all by name
    select * from lobbyists_fec
    union all by name
    select * from employees
    union all by name
    select * from pacs

),

final as (

    select
        channel,
        industry_id,
        figure_id,
        cycle,
        citation_id,
        transaction_date,
        transaction_date_basis,
        amount,
        giver_name,
        giver_affiliation,
        industry_evidence,
        filing_url,
        source,
        link_status,
        link_probability,
        linked_lobbyist_id,
        linked_donor_id,
        same_gift_sub_id,
        also_counted_in_channel
    from unioned

)

select * from final
