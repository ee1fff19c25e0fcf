{#- Schedule A receipts from both sources, one row per sub_id (the same key in both): the API's
    rows (source 'api', fetched for the watchlist) and the bulk file of individual contributions
    (source 'bulk', every committee). Where both have a row, the API's is kept (it carries more
    fields: line number, memo flags, names split, filing URL) and is_also_in_bulk says so, so no
    gift is counted twice. -#}
with

-- Not materialized: each use reads only the columns and rows it needs (the incremental flagged
-- receipts join a few columns of it; a materialized copy of every column cost 3 s at 3M rows).
api as not materialized (

    select * from {{ ref('stg_fec__contributions') }}

),

bulk as not materialized (

    select * from {{ ref('stg_fec_bulk__individual_contributions') }}

),

api_rows as (

    select
        'api' as source,
        api.*,
        bulk.sub_id is not null as is_also_in_bulk
    from api
    left join bulk
        on api.sub_id = bulk.sub_id

),

bulk_rows as (

    select
        'bulk' as source,
        bulk.* exclude (reported_amount, file_cycle, election_type),
        false as is_also_in_bulk
    from bulk
    anti join api
        on bulk.sub_id = api.sub_id

),

final as (

    select * from api_rows
    union all by name
    select * from bulk_rows

)

select * from final
