{#- The committees of each watchlist industry: those the resolution linked (watchlist PAC IDs and
    name searches, see raw_config.fec_links) and, where the FEC's bulk committee master is
    loaded, every committee whose connected organisation or name matches an industry's
    organisation pattern (the one name rule, macro industry_pattern_matches). -#}
with

links as (

    select * from {{ ref('stg_config__fec_links') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

bulk_committees as (

    select * from {{ ref('stg_fec_bulk__committees') }}

),

resolved as (

    select
        owner_id as industry_id,
        committee_id,
        resolution_method,
        resolution_evidence
    from links
    where owner_type = 'industry' and committee_id is not null

),

organization_patterns as (

    select industry_id, unnest(organization_patterns) as pattern
    from industries

),

from_master as (

    select
        organization_patterns.industry_id,
        bulk_committees.committee_id,
        'bulk committee master' as resolution_method,
        'connected organisation or name ' || organization_patterns.pattern as resolution_evidence
    from bulk_committees
    inner join organization_patterns
        on {{ industry_pattern_matches('bulk_committees.connected_organization', 'organization_patterns.pattern') }}
            or {{ industry_pattern_matches('bulk_committees.committee_name', 'organization_patterns.pattern') }}

),

unioned as (

    select * from resolved
    union all
    select * from from_master

),

final as (

    select
        industry_id,
        committee_id,
        string_agg(distinct resolution_method, ', ' order by resolution_method)
            as resolution_method,
        string_agg(distinct resolution_evidence, '; ' order by resolution_evidence)
            as resolution_evidence
    from unioned
    group by industry_id, committee_id

)

select * from final
