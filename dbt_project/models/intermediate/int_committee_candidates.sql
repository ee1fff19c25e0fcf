{#- The candidate a committee raises money for, per cycle, from the FEC's bulk masters: the
    candidate-committee linkage (principal and authorized committees), else the committee
    master's candidate ID, else a candidate master naming the committee its principal one. One
    candidate per committee and cycle (the principal link first). Empty without bulk files. -#}
with

links as (

    select * from {{ ref('stg_fec_bulk__candidate_committee_links') }}

),

committees as (

    select * from {{ ref('stg_fec_bulk__committees') }}

),

candidates as (

    select * from {{ ref('stg_fec_bulk__candidates') }}

),

candidate_links as (

    select committee_id, cycle, candidate_id, 1 as priority,
           'candidate-committee linkage (' || coalesce(designation, '?') || ')' as evidence
    from links
    where designation in ('P', 'A')
    union all
    select committee_id, cycle, candidate_id, 2, 'committee master'
    from committees
    where candidate_id is not null and designation in ('P', 'A')
    union all
    select principal_committee_id, cycle, candidate_id, 3, 'candidate master (principal committee)'
    from candidates
    where principal_committee_id is not null

),

final as (

    select
        committee_id,
        cycle,
        arg_min(candidate_id, priority || candidate_id) as candidate_id,
        arg_min(evidence, priority || candidate_id) as evidence
    from candidate_links
    group by committee_id, cycle

)

select * from final
