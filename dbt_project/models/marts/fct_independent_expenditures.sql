{#- Schedule E rows for or against the watchlist candidates. A 24/48-hour notice that the
    spender's regular report re-reports is flagged and left out of totals (doc
    ie_rereported_notice): by the same transaction_id first, then one regular row per notice with
    the same candidate, support/oppose indicator, amount and expenditure date. -#}
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

countable as (

    select *
    from expenditures
    where not coalesce(memo_code = 'X', false) and amount is not null

),

notices as (

    select * from countable
    where is_notice

),

regular_reports as (

    select * from countable
    where not coalesce(is_notice, false)

),

same_transaction as (

    select
        notices.sub_id as notice_sub_id,
        min(regular_reports.sub_id) as rereported_in_sub_id
    from notices
    inner join regular_reports
        on notices.committee_id = regular_reports.committee_id
            and notices.transaction_id = regular_reports.transaction_id
            and notices.candidate_id = regular_reports.candidate_id
            and notices.support_oppose_indicator = regular_reports.support_oppose_indicator
    group by notices.sub_id

),

claimed_regular_rows as (

    select distinct rereported_in_sub_id as sub_id from same_transaction

),

-- Identical notices pair off with identical regular rows one to one, in sub_id order, so two
-- equal ads on one day and one regular row leave one notice counted.
notices_left as (

    select
        notices.*,
        row_number() over (
            partition by
                notices.committee_id, notices.candidate_id, notices.support_oppose_indicator,
                notices.amount, notices.expenditure_date
            order by notices.sub_id
        ) as twin_number
    from notices
    left join same_transaction
        on notices.sub_id = same_transaction.notice_sub_id
    where same_transaction.notice_sub_id is null

),

regular_rows_left as (

    select
        regular_reports.*,
        row_number() over (
            partition by
                regular_reports.committee_id, regular_reports.candidate_id,
                regular_reports.support_oppose_indicator, regular_reports.amount,
                regular_reports.expenditure_date
            order by regular_reports.sub_id
        ) as twin_number
    from regular_reports
    left join claimed_regular_rows
        on regular_reports.sub_id = claimed_regular_rows.sub_id
    where claimed_regular_rows.sub_id is null

),

same_details as (

    select
        notices_left.sub_id as notice_sub_id,
        regular_rows_left.sub_id as rereported_in_sub_id
    from notices_left
    inner join regular_rows_left
        on notices_left.committee_id = regular_rows_left.committee_id
            and notices_left.candidate_id = regular_rows_left.candidate_id
            and notices_left.support_oppose_indicator
            = regular_rows_left.support_oppose_indicator
            and notices_left.amount = regular_rows_left.amount
            and notices_left.expenditure_date = regular_rows_left.expenditure_date
            and notices_left.twin_number = regular_rows_left.twin_number

),

rereported as (

    select
        notice_sub_id,
        rereported_in_sub_id,
        'same transaction_id' as rereport_match
    from same_transaction
    union all
    select
        notice_sub_id,
        rereported_in_sub_id,
        'same candidate, support/oppose, amount and expenditure date' as rereport_match
    from same_details

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
        -- A counted row whose amount did not parse stays counted: the gate stops on it
        -- (audit.parse_rejects) rather than a total quietly missing it.
        not coalesce(expenditures.memo_code = 'X', false)
        and rereported.notice_sub_id is null as counts_toward_total,
        expenditures.payee_name,
        expenditures.expenditure_description,
        expenditures.is_notice,
        rereported.notice_sub_id is not null as is_rereported_notice,
        rereported.rereported_in_sub_id,
        rereported.rereport_match,
        expenditures.amendment_indicator,
        expenditures.transaction_id,
        expenditures.file_number,
        expenditures.image_number,
        coalesce(
            expenditures.filing_date, {{ fec_image_date('expenditures.image_number') }}
        ) as filing_date,
        coalesce(
            expenditures.pdf_url, {{ fec_image_url('expenditures.image_number') }}
        ) as filing_url,
        expenditures.fetched_at,
        expenditures.source_file
    from expenditures
    left join figure_candidates
        on expenditures.candidate_id = figure_candidates.candidate_id
    left join rereported
        on expenditures.sub_id = rereported.notice_sub_id

)

select * from final
