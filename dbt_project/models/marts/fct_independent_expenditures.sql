with

expenditures as (

    select * from {{ ref('stg_fec__independent_expenditures') }}

),

figure_candidates as (

    select
        candidate_id,
        min(owner_id) as figure_id
    from {{ ref('stg_config__fec_links') }}
    where owner_type = 'figure' and candidate_id is not null
    group by candidate_id

),

final as (

    select
        expenditures.sub_id,
        expenditures.committee_id as spender_committee_id,
        expenditures.committee_name as spender_committee_name,
        expenditures.candidate_id,
        expenditures.candidate_name,
        figure_candidates.figure_id,
        expenditures.support_oppose_indicator,
        expenditures.cycle,
        expenditures.expenditure_date,
        expenditures.dissemination_date,
        expenditures.amount,
        coalesce(expenditures.memo_code = 'X', false) as is_memo,
        not coalesce(expenditures.memo_code = 'X', false)
        and expenditures.amount is not null as counts_toward_total,
        expenditures.payee_name,
        expenditures.expenditure_description,
        expenditures.is_notice,
        expenditures.amendment_indicator,
        expenditures.transaction_id,
        expenditures.file_number,
        expenditures.image_number,
        coalesce(
            expenditures.pdf_url, {{ fec_image_url('expenditures.image_number') }}
        ) as filing_url,
        expenditures.fetched_at,
        expenditures.source_file
    from expenditures
    left join figure_candidates
        on expenditures.candidate_id = figure_candidates.candidate_id

)

select * from final
