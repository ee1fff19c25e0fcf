with

source as (

    select * from {{ source('lda', 'contributions') }}

),

renamed as (

    select
        ---------- ids
        record_key as filing_uuid,
        try_cast(record -> 'registrant' ->> 'id' as bigint) as registrant_id,
        try_cast(record -> 'lobbyist' ->> 'id' as bigint) as lobbyist_id,

        ---------- strings
        record ->> 'filing_type' as filing_type,
        record ->> 'filing_type_display' as filing_type_display,
        record ->> 'filing_period' as filing_period,
        record ->> 'filing_period_display' as filing_period_display,
        record ->> 'filer_type' as filer_type,
        record ->> 'filer_type_display' as filer_type_display,
        trim(record -> 'registrant' ->> 'name') as registrant_name,
        nullif(concat_ws(
            ' ',
            nullif(trim(record -> 'lobbyist' ->> 'first_name'), ''),
            nullif(trim(record -> 'lobbyist' ->> 'middle_name'), ''),
            nullif(trim(record -> 'lobbyist' ->> 'last_name'), ''),
            nullif(trim(record -> 'lobbyist' ->> 'suffix_display'), '')
        ), '') as lobbyist_name,
        nullif(trim(record ->> 'contact_name'), '') as contact_name,
        nullif(trim(record ->> 'comments'), '') as comments,
        coalesce(try_cast(record -> 'pacs' as varchar[]), []) as pacs,
        record ->> 'filing_document_url' as filing_document_url,

        ---------- numerics
        try_cast(record ->> 'filing_year' as integer) as filing_year,
        coalesce(json_array_length(record -> 'contribution_items'), 0) as n_items,

        ---------- booleans
        try_cast(record ->> 'no_contributions' as boolean) as has_no_contributions,
        {{ lda_is_amendment("record ->> 'filing_type'") }} as is_amendment,

        ---------- dates
        {{ lda_period_start_date(
            "record ->> 'filing_period'", "try_cast(record ->> 'filing_year' as integer)"
        ) }} as period_start_date,
        {{ lda_period_end_date(
            "record ->> 'filing_period'", "try_cast(record ->> 'filing_year' as integer)"
        ) }} as period_end_date,

        ---------- timestamps
        try_cast(record ->> 'dt_posted' as timestamptz) as posted_at,
        fetched_at,
        source_file

    from source

)

select * from renamed
