with

source as (

    select * from {{ source('links', 'lobbyist_donor_links') }}

),

renamed as (

    select
        cast(lobbyist_id as bigint) as lobbyist_id,
        lobbyist_name,
        donor_id,
        donor_name,
        match_probability,
        evidence,
        status,
        reviewer,
        review_note,
        -- The rule every answer follows: a link counts when the model scored it at or above the
        -- threshold (auto) or a reviewer confirmed it; below-threshold and rejected links never.
        status in ('auto', 'confirmed') as is_usable
    from source

)

select * from renamed
