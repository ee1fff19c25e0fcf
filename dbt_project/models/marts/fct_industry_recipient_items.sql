{#- Every counted transaction of a watchlist industry's money to ANY recipient (not only the
    watchlist figures), one row per transaction and channel, each citing its filing:
    * employees: itemized individual contributions whose employer matches an industry's pattern
      (API rows and, when loaded, every row of the FEC's bulk file of individual contributions);
    * pacs: gifts of an industry's committees (resolved, or coded from the bulk committee master by
      connected organisation) to other committees: the API's Schedule B and the bulk files' 24K/24Z
      rows the giver filed (the recipient's own report of the same money is not counted again).
    The recipient is the committee; recipient_candidate_id the candidate it raises money for,
    where the FEC's masters (or the row itself) say so. Gifts to the industry's own committees
    (employees to their company's PAC, one bank PAC to another) are left out: that money reaches
    its recipients through those committees, in the pacs channel, and would count twice. -#}
with

contributions as (

    select * from {{ ref('int_contributions_flagged') }}

),

pac_gifts as (

    select * from {{ ref('fct_pac_disbursements') }}

),

committee_candidates as (

    select * from {{ ref('int_committee_candidates') }}

),

api_committees as (

    select * from {{ ref('stg_fec__committees') }}

),

bulk_committees as (

    select * from {{ ref('stg_fec_bulk__committees') }}

),

industry_committees as (

    select * from {{ ref('int_industry_committees') }}

),

api_candidates as (

    select * from {{ ref('stg_fec__candidates') }}

),

bulk_candidates as (

    select * from {{ ref('stg_fec_bulk__candidates') }}

),

employees as (

    select
        sub_id as citation_id,
        'employees' as channel,
        industry_id,
        cycle,
        committee_id as recipient_committee_id,
        cast(null as varchar) as stated_candidate_id,
        contributor_name as giver_name,
        contributor_employer as giver_employer,
        'employer matches ' || industry_rule as coding_evidence,
        amount,
        contribution_date,
        image_number,
        pdf_url,
        source
    from contributions
    where counts_toward_total and industry_id is not null

),

pacs as (

    select
        sub_id as citation_id,
        'pacs' as channel,
        industry_id,
        cycle,
        recipient_committee_id,
        recipient_candidate_id as stated_candidate_id,
        coalesce(committee_name, committee_id) as giver_name,
        cast(null as varchar) as giver_employer,
        'giving committee ' || committee_id || ' is coded ' || industry_id as coding_evidence,
        amount,
        disbursement_date as contribution_date,
        image_number,
        filing_url as pdf_url,
        source
    from pac_gifts
    where counts_toward_total and industry_id is not null and recipient_committee_id is not null

),

unioned as (

    select * from employees
    union all
    select * from pacs

),

committee_names as (

    select committee_id, arg_max(committee_name, cycle) as committee_name
    from bulk_committees
    group by committee_id

),

candidate_names as (

    select candidate_id, arg_max(candidate_name, cycle) as candidate_name
    from bulk_candidates
    group by candidate_id

),

final as (

    select
        unioned.citation_id,
        unioned.channel,
        unioned.industry_id,
        unioned.cycle,
        unioned.recipient_committee_id,
        coalesce(api_committees.committee_name, committee_names.committee_name)
            as recipient_committee_name,
        coalesce(
            unioned.stated_candidate_id,
            by_cycle.candidate_id,
            api_committees.candidate_ids[1]
        ) as recipient_candidate_id,
        coalesce(candidate_names.candidate_name, api_candidates.candidate_name)
            as recipient_candidate_name,
        unioned.giver_name,
        unioned.giver_employer,
        unioned.coding_evidence,
        unioned.amount,
        coalesce(unioned.contribution_date, {{ fec_image_date('unioned.image_number') }})
            as transaction_date,
        {{ transaction_date_basis('unioned.contribution_date', fec_image_date('unioned.image_number')) }}
            as transaction_date_basis,
        coalesce(unioned.pdf_url, {{ fec_image_url('unioned.image_number') }}) as filing_url,
        unioned.source
    from unioned
    left join industry_committees as own_committees
        on unioned.recipient_committee_id = own_committees.committee_id
            and unioned.industry_id = own_committees.industry_id
    left join api_committees
        on unioned.recipient_committee_id = api_committees.committee_id
    left join committee_names
        on unioned.recipient_committee_id = committee_names.committee_id
    left join committee_candidates as by_cycle
        on unioned.recipient_committee_id = by_cycle.committee_id
            and unioned.cycle = by_cycle.cycle
    left join candidate_names
        on coalesce(unioned.stated_candidate_id, by_cycle.candidate_id,
                    api_committees.candidate_ids[1]) = candidate_names.candidate_id
    left join api_candidates
        on coalesce(unioned.stated_candidate_id, by_cycle.candidate_id,
                    api_committees.candidate_ids[1]) = api_candidates.candidate_id
    where own_committees.committee_id is null

)

select * from final
