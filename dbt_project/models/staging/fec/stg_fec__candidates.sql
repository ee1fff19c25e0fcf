with

source as (

    select * from {{ source('fec', 'candidates') }}

),

renamed as (

    select
        ---------- ids
        record_key as candidate_id,

        ---------- strings
        record ->> 'name' as candidate_name,
        record ->> 'party' as party,
        record ->> 'party_full' as party_full,
        record ->> 'office' as office,
        record ->> 'office_full' as office_full,
        record ->> 'state' as state,
        record ->> 'district' as district,
        record ->> 'incumbent_challenge' as incumbent_challenge,
        record ->> 'candidate_status' as candidate_status,

        ---------- numerics
        try_cast(record ->> 'active_through' as integer) as active_through,
        try_cast(record -> 'cycles' as integer[]) as cycles,
        try_cast(record -> 'election_years' as integer[]) as election_years,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
