with

links as (

    select * from {{ ref('stg_config__fec_links') }}

),

final as (

    select
        owner_id as figure_id,
        committee_id,
        min(candidate_id) as candidate_id,
        string_agg(distinct resolution_method, ', ' order by resolution_method)
            as resolution_method,
        string_agg(distinct resolution_evidence, '; ' order by resolution_evidence)
            as resolution_evidence
    from links
    where owner_type = 'figure' and committee_id is not null
    group by owner_id, committee_id

)

select * from final
