with

source as (

    select * from {{ source('lda', 'constants') }}

),

renamed as (

    select
        ---------- ids
        record_key as constant_key,
        -- record_key is '<list>|<value or id>'; the list comes from the request path.
        split_part(record_key, '|', 1) as list_name,
        coalesce(record ->> 'value', record ->> 'id') as code,

        ---------- strings
        trim(record ->> 'name') as name,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
