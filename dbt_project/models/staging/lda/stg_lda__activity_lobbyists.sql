with

source as (

    select * from {{ source('lda', 'filings') }}

),

renamed as (

    select
        ---------- ids
        source.record_key || ':' || (activities.key::integer + 1) || ':'
        || (lobbyists.key::integer + 1) as activity_lobbyist_id,
        source.record_key || ':' || (activities.key::integer + 1) as activity_id,
        source.record_key as filing_uuid,
        try_cast(lobbyists.value -> 'lobbyist' ->> 'id' as bigint) as lobbyist_id,

        ---------- strings
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'prefix_display'), '') as prefix,
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'first_name'), '') as first_name,
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'nickname'), '') as nickname,
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'middle_name'), '') as middle_name,
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'last_name'), '') as last_name,
        nullif(trim(lobbyists.value -> 'lobbyist' ->> 'suffix_display'), '') as suffix,
        nullif(concat_ws(
            ' ',
            nullif(trim(lobbyists.value -> 'lobbyist' ->> 'first_name'), ''),
            nullif(trim(lobbyists.value -> 'lobbyist' ->> 'middle_name'), ''),
            nullif(trim(lobbyists.value -> 'lobbyist' ->> 'last_name'), ''),
            nullif(trim(lobbyists.value -> 'lobbyist' ->> 'suffix_display'), '')
        ), '') as lobbyist_name,
        -- Filers leave the field empty or write "N/A" when there is no covered position.
        case
            when upper(trim(lobbyists.value ->> 'covered_position')) in ('', 'N/A', 'NA', 'NONE')
                then null
            else trim(lobbyists.value ->> 'covered_position')
        end as covered_position,

        ---------- numerics
        activities.key::integer + 1 as activity_number,
        lobbyists.key::integer + 1 as lobbyist_number,

        ---------- booleans
        try_cast(lobbyists.value ->> 'new' as boolean) as is_new,

        ---------- timestamps
        source.fetched_at,
        source.source_file

    from source
    inner join json_each(source.record -> 'lobbying_activities') as activities
        on true
    inner join json_each(activities.value -> 'lobbyists') as lobbyists
        on true

)

select * from renamed
