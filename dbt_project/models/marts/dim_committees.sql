with

committees as (

    select * from {{ ref('stg_fec__committees') }}

),

committee_owners as (

    select * from {{ ref('int_committee_owners') }}

),

final as (

    select
        committees.committee_id,
        committees.committee_name,
        committees.committee_type,
        committees.committee_type_full,
        committees.designation,
        committees.designation_full,
        committees.organization_type,
        committees.organization_type_full,
        committees.party,
        committees.state,
        committees.treasurer_name,
        committees.connected_organization_name,
        committees.candidate_ids,
        committees.cycles,
        committees.first_file_date,
        committees.last_file_date,
        committee_owners.figure_id,
        committee_owners.industry_id,
        committee_owners.industry_evidence,
        'https://www.fec.gov/data/committee/' || committees.committee_id || '/' as fec_url,
        committees.fetched_at
    from committees
    left join committee_owners
        on committees.committee_id = committee_owners.committee_id

)

select * from final
