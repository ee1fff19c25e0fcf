with

source as (

    select * from {{ source('config', 'watchlist_figures') }}

),

renamed as (

    select
        ---------- ids
        figure_id,
        candidate_ids as configured_candidate_ids,
        committee_ids as configured_committee_ids,

        ---------- strings
        figure_name,
        figure_type,
        party,
        lobbying_names

    from source

)

select * from renamed
