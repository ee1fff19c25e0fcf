{#- The candidate master, one row per candidate and cycle. -#}
with

source as (

    select * from {{ source('fec_bulk', 'cn') }}

),

renamed as (

    select
        cand_id as candidate_id,
        cycle,
        cand_name as candidate_name,
        nullif(cand_pty_affiliation, '') as party,
        try_cast(cand_election_yr as integer) as election_year,
        nullif(cand_office, '') as office,
        nullif(cand_office_st, '') as office_state,
        nullif(cand_office_district, '') as office_district,
        nullif(cand_ici, '') as incumbent_challenger,
        nullif(cand_pcc, '') as principal_committee_id,
        source_file
    from source

)

select * from renamed
qualify row_number() over (partition by candidate_id, cycle order by source_file desc) = 1
