{#- Gifts from committees (PACs, parties, other candidates' committees) to the watchlist figures'
    committees, as the giving committees reported them: the industry PACs' Schedule B (API) and,
    with the bulk files loaded, every committee's 24K/24Z gift in itpas2/itoth. The receiving
    committee's own report of the same money (a Schedule A receipt, itoth 18K) is not added
    again. US dollars, signed; filter on counts_toward_total. -#}
with

disbursements as (

    select * from {{ ref('int_disbursements_flagged') }}

),

final as (

    select
        sub_id,
        source,
        recipient_figure_id as figure_id,
        cycle,
        committee_id as giver_committee_id,
        committee_name as giver_committee_name,
        industry_id as giver_industry_id,
        recipient_committee_id,
        recipient_name,
        recipient_candidate_id,
        amount,
        coalesce(disbursement_date, filing_date) as transaction_date,
        {{ transaction_date_basis('disbursement_date', 'filing_date') }} as transaction_date_basis,
        disbursement_type,
        memo_text,
        is_memo,
        is_superseded,
        counts_toward_total,
        filing_url,
        source_file
    from disbursements
    where recipient_figure_id is not null
        and (disbursement_type in ('24K', '24Z') or source = 'api')

)

select * from final
