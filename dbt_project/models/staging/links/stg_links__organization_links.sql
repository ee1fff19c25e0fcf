with

source as (

    select * from {{ source('links', 'organization_links') }}

),

renamed as (

    select
        canonical_client_id,
        client_name,
        organization_kind,
        organization_id,
        organization_name,
        match_probability,
        evidence,
        status,
        reviewer,
        review_note,
        status in ('auto', 'confirmed') as is_usable
    from source

)

select * from renamed
