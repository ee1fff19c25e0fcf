{#- Committee disbursements (the API's Schedule B of the industry PACs, the bulk files' 24K/24Z
    gifts of every committee), with the paying and receiving committees' owners and the counting
    rules of Schedule A: memo (macro fec_is_memo) and the amendment chain (superseded_sub_ids).
    Read by fct_pac_disbursements (the industries' committees) and fct_committee_gifts_to_figures
    (every committee's gifts to the figures). -#}
with

disbursements as (

    select * from {{ ref('int_fec_disbursements') }}

),

committee_owners as (

    select * from {{ ref('int_committee_owners') }}

),

superseded as (

    {{ superseded_sub_ids('disbursements') }}

),

final as (

    select
        disbursements.sub_id,
        disbursements.source,
        disbursements.committee_id,
        disbursements.committee_name,
        payers.industry_id,
        disbursements.recipient_committee_id,
        disbursements.recipient_name,
        recipients.figure_id as recipient_figure_id,
        disbursements.candidate_id as recipient_candidate_id,
        disbursements.cycle,
        disbursements.disbursement_date,
        disbursements.amount,
        {{ fec_is_memo('disbursements.memo_code', 'disbursements.memoed_subtotal') }} as is_memo,
        superseded.sub_id is not null as is_superseded,
        -- A counted row whose amount did not parse stays counted: the gate stops on it.
        not {{ fec_is_memo('disbursements.memo_code', 'disbursements.memoed_subtotal') }}
        and superseded.sub_id is null as counts_toward_total,
        disbursements.disbursement_description,
        disbursements.memo_text,
        disbursements.disbursement_type,
        disbursements.line_number,
        disbursements.amendment_indicator,
        disbursements.transaction_id,
        disbursements.file_number,
        disbursements.image_number,
        {{ fec_image_date('disbursements.image_number') }} as filing_date,
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
    left join superseded
        on disbursements.sub_id = superseded.sub_id

)

select * from final
