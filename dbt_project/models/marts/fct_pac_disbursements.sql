with

disbursements as (

    select * from {{ ref('stg_fec__disbursements') }}

),

industry_committees as (

    select
        committee_id,
        min(industry_id) as industry_id
    from {{ ref('int_industry_committees') }}
    group by committee_id

),

figure_committees as (

    select
        committee_id,
        min(figure_id) as figure_id
    from {{ ref('int_figure_committees') }}
    group by committee_id

),

versions as (

    select
        sub_id,
        row_number() over (
            partition by committee_id, transaction_id
            order by file_number desc nulls last, sub_id desc
        ) as version_rank
    from disbursements
    where transaction_id is not null

),

final as (

    select
        disbursements.sub_id,
        disbursements.committee_id,
        disbursements.committee_name,
        industry_committees.industry_id,
        disbursements.recipient_committee_id,
        disbursements.recipient_name,
        figure_committees.figure_id as recipient_figure_id,
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
    left join industry_committees
        on disbursements.committee_id = industry_committees.committee_id
    left join figure_committees
        on disbursements.recipient_committee_id = figure_committees.committee_id
    left join versions
        on disbursements.sub_id = versions.sub_id

)

select * from final
