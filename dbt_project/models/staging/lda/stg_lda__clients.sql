with

source as (

    select * from {{ source('lda', 'clients') }}

),

renamed as (

    select
        ---------- ids
        try_cast(record_key as bigint) as client_id,
        try_cast(record -> 'registrant' ->> 'id' as bigint) as registrant_id,
        -- The registrant's own number for the client (1, 2, ...), not unique across registrants.
        try_cast(record ->> 'client_id' as bigint) as registrant_client_number,

        ---------- strings
        trim(record ->> 'name') as client_name,
        nullif(trim(record ->> 'general_description'), '') as client_description,
        trim(record -> 'registrant' ->> 'name') as registrant_name,
        record ->> 'state' as state,
        record ->> 'country' as country,
        record ->> 'ppb_state' as ppb_state,
        record ->> 'ppb_country' as ppb_country,

        ---------- booleans
        try_cast(record ->> 'client_government_entity' as boolean) as is_government_entity,

        ---------- dates
        try_cast(record ->> 'effective_date' as date) as effective_date,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
