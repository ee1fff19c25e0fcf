with

source as (

    select * from {{ source('lda', 'filings') }}

),

renamed as (

    select
        ---------- ids
        source.record_key || ':' || (activities.key::integer + 1) as activity_id,
        source.record_key as filing_uuid,

        ---------- strings
        activities.value ->> 'general_issue_code' as general_issue_code,
        activities.value ->> 'general_issue_code_display' as general_issue_code_display,
        nullif(trim(activities.value ->> 'description'), '') as description,
        nullif(trim(activities.value ->> 'foreign_entity_issues'), '') as foreign_entity_issues,

        ---------- numerics
        activities.key::integer + 1 as activity_number,
        coalesce(json_array_length(activities.value -> 'lobbyists'), 0) as n_lobbyists,
        coalesce(json_array_length(activities.value -> 'government_entities'), 0)
            as n_government_entities,

        ---------- timestamps
        source.fetched_at,
        source.source_file

    from source
    inner join json_each(source.record -> 'lobbying_activities') as activities
        on true

)

select * from renamed
