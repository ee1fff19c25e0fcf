{#- Committee disbursements from both sources, one row per sub_id: the API's Schedule B rows
    (source 'api', the watchlist industries' PACs) and the bulk files' gifts from one committee to
    another (source 'bulk': itpas2 and itoth rows the giver filed, transaction types 24K
    contribution and 24Z in-kind contribution; independent expenditures are Schedule E's). Where
    both have a row the API's is kept. Shaped like stg_fec__disbursements. -#}
with

api as (

    select * from {{ ref('stg_fec__disbursements') }}

),

bulk as (

    select * from {{ ref('stg_fec_bulk__committee_transactions') }}
    where transaction_type in ('24K', '24Z')

),

bulk_committee_names as (

    select committee_id, arg_max(committee_name, cycle) as committee_name
    from {{ ref('stg_fec_bulk__committees') }}
    group by committee_id

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
        bulk.sub_id,
        bulk.committee_id,
        bulk.other_committee_id as recipient_committee_id,
        bulk.candidate_id,
        bulk.transaction_id,
        bulk.image_number,
        bulk.file_number,
        bulk_committee_names.committee_name,
        bulk.other_name as recipient_name,
        bulk.other_state as recipient_state,
        bulk.transaction_type as disbursement_type,
        cast(null as varchar) as disbursement_description,
        cast(null as varchar) as line_number,
        bulk.memo_code,
        bulk.memo_text,
        bulk.amendment_indicator,
        bulk.report_type,
        cast(null as varchar) as pdf_url,
        bulk.amount,
        bulk.cycle,
        bulk.report_year,
        cast(null as boolean) as memoed_subtotal,
        bulk.transaction_date as disbursement_date,
        bulk.parse_problems,
        bulk.fetched_at,
        bulk.source_file,
        false as is_also_in_bulk
    from bulk
    left join bulk_committee_names
        on bulk.committee_id = bulk_committee_names.committee_id
    anti join api
        on bulk.sub_id = api.sub_id

),

final as (

    select * from api_rows
    union all by name
    select * from bulk_rows

)

select * from final
