with

committees as (

    select * from {{ ref('stg_fec__committees') }}

),

figure_committees as (

    select
        committee_id,
        min(figure_id) as figure_id
    from {{ ref('int_figure_committees') }}
    group by committee_id

),

industry_committees as (

    select
        committee_id,
        min(industry_id) as industry_id,
        min(resolution_evidence) as industry_evidence
    from {{ ref('int_industry_committees') }}
    group by committee_id

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
        figure_committees.figure_id,
        industry_committees.industry_id,
        industry_committees.industry_evidence,
        'https://www.fec.gov/data/committee/' || committees.committee_id || '/' as fec_url,
        committees.fetched_at
    from committees
    left join figure_committees
        on committees.committee_id = figure_committees.committee_id
    left join industry_committees
        on committees.committee_id = industry_committees.committee_id

)

select * from final
