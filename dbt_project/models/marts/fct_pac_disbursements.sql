with

disbursements as (

    select * from {{ ref('stg_fec__disbursements') }}

),

committee_owners as (

    select * from {{ ref('int_committee_owners') }}

),

versions as (

    select
        sub_id,
        {{ amendment_version_rank() }} as version_rank
    from disbursements
    where transaction_id is not null

),

final as (

    select
        disbursements.sub_id,
        disbursements.committee_id,
        disbursements.committee_name,
        payers.industry_id,
        disbursements.recipient_committee_id,
        disbursements.recipient_name,
        recipients.figure_id as recipient_figure_id,
        disbursements.cycle,
        disbursements.disbursement_date,
        disbursements.amount,
        coalesce(disbursements.memo_code = 'X', false) as is_memo,
        coalesce(versions.version_rank > 1, false) as is_superseded,
        not coalesce(disbursements.memo_code = 'X', false)
        and not coalesce(versions.version_rank > 1, false)
        and disbursements.amount is not null as counts_toward_total,
        disbursements.disbursement_description,
        disbursements.disbursement_type,
        disbursements.line_number,
        disbursements.amendment_indicator,
        disbursements.transaction_id,
        disbursements.file_number,
        disbursements.image_number,
        coalesce(
            disbursements.pdf_url, {{ fec_image_url('disbursements.image_number') }}
        ) as filing_url,
        disbursements.fetched_at,
        disbursements.source_file
    from disbursements
    left join committee_owners as payers
        on disbursements.committee_id = payers.committee_id
    left join committee_owners as recipients
        on disbursements.recipient_committee_id = recipients.committee_id
    left join versions
        on disbursements.sub_id = versions.sub_id

)

select * from final
