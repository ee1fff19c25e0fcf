with

source as (

    select * from {{ source('lda', 'registrants') }}

),

renamed as (

    select
        ---------- ids
        try_cast(record_key as bigint) as registrant_id,
        try_cast(record ->> 'house_registrant_id' as bigint) as house_registrant_id,

        ---------- strings
        trim(record ->> 'name') as registrant_name,
        nullif(trim(record ->> 'description'), '') as registrant_description,
        record ->> 'city' as city,
        record ->> 'state' as state,
        record ->> 'country' as country,
        nullif(trim(record ->> 'contact_name'), '') as contact_name,

        ---------- timestamps
        try_cast(record ->> 'dt_updated' as timestamptz) as updated_at,
        fetched_at,
        source_file

    from source

)

select * from renamed
