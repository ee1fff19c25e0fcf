with

source as (

    select * from {{ source('config', 'watchlist_industries') }}

),

renamed as (

    select
        ---------- ids
        industry_id,

        ---------- strings
        industry_name,
        opensecrets_codes,
        employer_patterns,
        organization_patterns,
        pac_names,
        pac_committee_ids,
        lobbying_issue_terms,
        lobbying_issue_codes

    from source

)

select * from renamed
