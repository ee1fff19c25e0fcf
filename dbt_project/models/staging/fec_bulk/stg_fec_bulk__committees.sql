{#- The committee master, one row per committee and cycle. -#}
with

source as (

    select * from {{ source('fec_bulk', 'cm') }}

),

renamed as (

    select
        cmte_id as committee_id,
        cycle,
        cmte_nm as committee_name,
        nullif(connected_org_nm, '') as connected_organization,
        nullif(cmte_tp, '') as committee_type,
        nullif(cmte_dsgn, '') as designation,
        nullif(org_tp, '') as organization_type,
        nullif(cmte_pty_affiliation, '') as party,
        nullif(cand_id, '') as candidate_id,
        cmte_city as city,
        cmte_st as state,
        source_file
    from source

)

select * from renamed
qualify row_number() over (partition by committee_id, cycle order by source_file desc) = 1
