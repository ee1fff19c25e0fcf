with

source as (

    select * from {{ source('config', 'fec_links') }}

),

renamed as (

    select
        ---------- ids
        owner_type,
        owner_id,
        candidate_id,
        committee_id,

        ---------- strings
        method as resolution_method,
        evidence as resolution_evidence,

        ---------- numerics
        cycles,

        ---------- timestamps
        try_cast(resolved_at as timestamptz) as resolved_at

    from source

)

select * from renamed
