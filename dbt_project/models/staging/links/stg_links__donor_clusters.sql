with

source as (

    select * from {{ source('links', 'donor_clusters') }}

),

renamed as (

    select
        cast(sub_id as varchar) as sub_id,
        donor_id,
        profile_id,
        cluster_size,
        profiles_in_cluster,
        best_match_probability
    from source

)

select * from renamed
