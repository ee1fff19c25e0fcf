with

source as (

    select * from {{ source('lda', 'filings') }}

),

renamed as (

    select
        ---------- ids
        source.record_key || ':' || (activities.key::integer + 1) as activity_id,
        source.record_key as filing_uuid,
        try_cast(entities.value ->> 'id' as integer) as government_entity_id,

        ---------- strings
        trim(entities.value ->> 'name') as government_entity_name,

        ---------- numerics
        activities.key::integer + 1 as activity_number,
        entities.key::integer + 1 as government_entity_number,

        ---------- timestamps
        source.fetched_at,
        source.source_file

    from source
    inner join json_each(source.record -> 'lobbying_activities') as activities
        on true
    inner join json_each(activities.value -> 'government_entities') as entities
        on true

)

select * from renamed
