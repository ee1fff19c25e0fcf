{#- The disbursements of watchlist industries' committees: their own Schedule B (API) and, with
    the bulk files loaded, their gifts to other committees (itpas2/itoth). -#}
with

disbursements as (

    select * from {{ ref('int_disbursements_flagged') }}

),

final as (

    select * from disbursements
    -- The API rows are the industry PACs' own Schedule B; of the bulk files' committee-to-
    -- committee gifts, only those of a watchlist industry's committees.
    where source = 'api' or industry_id is not null

)

select * from final
