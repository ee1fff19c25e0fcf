with

source as (

    select * from {{ source('lda', 'lobbyists') }}

),

renamed as (

    select
        ---------- ids
        try_cast(record_key as bigint) as lobbyist_id,
        try_cast(record -> 'registrant' ->> 'id' as bigint) as registrant_id,

        ---------- strings
        nullif(trim(record ->> 'prefix_display'), '') as prefix,
        nullif(trim(record ->> 'first_name'), '') as first_name,
        nullif(trim(record ->> 'nickname'), '') as nickname,
        nullif(trim(record ->> 'middle_name'), '') as middle_name,
        nullif(trim(record ->> 'last_name'), '') as last_name,
        nullif(trim(record ->> 'suffix_display'), '') as suffix,
        nullif(concat_ws(
            ' ',
            nullif(trim(record ->> 'first_name'), ''),
            nullif(trim(record ->> 'middle_name'), ''),
            nullif(trim(record ->> 'last_name'), ''),
            nullif(trim(record ->> 'suffix_display'), '')
        ), '') as lobbyist_name,
        trim(record -> 'registrant' ->> 'name') as registrant_name,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
