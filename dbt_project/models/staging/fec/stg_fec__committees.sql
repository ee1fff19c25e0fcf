with

source as (

    select * from {{ source('fec', 'committees') }}

),

renamed as (

    select
        ---------- ids
        record_key as committee_id,
        try_cast(record -> 'candidate_ids' as varchar[]) as candidate_ids,

        ---------- strings
        record ->> 'name' as committee_name,
        record ->> 'committee_type' as committee_type,
        record ->> 'committee_type_full' as committee_type_full,
        record ->> 'designation' as designation,
        record ->> 'designation_full' as designation_full,
        record ->> 'organization_type' as organization_type,
        record ->> 'organization_type_full' as organization_type_full,
        record ->> 'party' as party,
        record ->> 'state' as state,
        record ->> 'treasurer_name' as treasurer_name,
        record ->> 'filing_frequency' as filing_frequency,
        coalesce(
            record ->> 'connected_organization_name',
            record ->> 'affiliated_committee_name'
        ) as connected_organization_name,

        ---------- numerics
        try_cast(record -> 'cycles' as integer[]) as cycles,

        ---------- dates
        try_cast(left(record ->> 'first_file_date', 10) as date) as first_file_date,
        try_cast(left(record ->> 'last_file_date', 10) as date) as last_file_date,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
