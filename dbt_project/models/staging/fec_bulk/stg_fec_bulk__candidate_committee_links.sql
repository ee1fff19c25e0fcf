{#- Which committees are a candidate's (candidate-committee linkage), per cycle. -#}
with

source as (

    select * from {{ source('fec_bulk', 'ccl') }}

),

renamed as (

    select
        linkage_id,
        cand_id as candidate_id,
        cmte_id as committee_id,
        cycle,
        try_cast(cand_election_yr as integer) as candidate_election_year,
        try_cast(fec_election_yr as integer) as fec_election_year,
        nullif(cmte_tp, '') as committee_type,
        nullif(cmte_dsgn, '') as designation,
        source_file
    from source

)

select * from renamed
