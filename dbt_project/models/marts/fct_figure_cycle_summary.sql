with

figures as (

    select * from {{ ref('dim_figures') }}

),

figure_committees as (

    select * from {{ ref('int_figure_committees') }}

),

contributions as (

    select * from {{ ref('int_contributions_flagged') }}

),

totals as (

    select * from {{ ref('stg_fec__committee_totals') }}

),

expenditures as (

    select * from {{ ref('fct_independent_expenditures') }}

),

pac_gifts as (

    select * from {{ ref('fct_pac_disbursements') }}

),

committee_gifts as (

    select * from {{ ref('fct_committee_gifts_to_figures') }}

),

itemized as (

    select
        figure_id,
        cycle,
        count(*) filter (where counts_toward_total) as n_contributions,
        sum(amount) filter (where counts_toward_total and is_individual_itemized)
            as itemized_individual_receipts,
        sum(amount) filter (where counts_toward_total and industry_id is not null)
            as all_industries_employee_receipts,
        count(*) filter (where is_memo) as n_memo_rows,
        count(*) filter (where is_superseded) as n_superseded_rows
    from contributions
    where figure_id is not null
    group by figure_id, cycle

),

fec_totals as (

    select
        figure_committees.figure_id,
        totals.cycle,
        count(*) as n_committees_with_totals,
        sum(totals.receipts) as fec_total_receipts,
        sum(totals.individual_itemized_contributions) as fec_individual_itemized_contributions
    from totals
    inner join figure_committees
        on totals.committee_id = figure_committees.committee_id
    group by figure_committees.figure_id, totals.cycle

),

ie as (

    select
        figure_id,
        cycle,
        sum(amount) filter (where support_oppose_indicator = 'S' and counts_toward_total)
            as independent_expenditures_supporting,
        sum(amount) filter (where support_oppose_indicator = 'O' and counts_toward_total)
            as independent_expenditures_opposing
    from expenditures
    where figure_id is not null
    group by figure_id, cycle

),

industry_pacs as (

    select
        recipient_figure_id as figure_id,
        cycle,
        sum(amount) filter (where counts_toward_total) as all_industries_pac_contributions
    from pac_gifts
    where recipient_figure_id is not null and industry_id is not null
    group by recipient_figure_id, cycle

),

gifts_received as (

    select
        figure_id,
        cycle,
        sum(amount) filter (where counts_toward_total) as committee_gifts_received,
        count(*) filter (where counts_toward_total) as n_committee_gifts
    from committee_gifts
    group by figure_id, cycle

),

figure_cycles as (

    select figure_id, cycle from itemized
    union
    select figure_id, cycle from fec_totals
    union
    select figure_id, cycle from ie
    union
    select figure_id, cycle from industry_pacs
    union
    select figure_id, cycle from gifts_received

),

joined as (

    select
        figure_cycles.figure_id,
        figures.figure_name,
        figure_cycles.cycle,
        coalesce(itemized.n_contributions, 0) as n_contributions,
        coalesce(itemized.itemized_individual_receipts, 0) as itemized_individual_receipts,
        fec_totals.fec_individual_itemized_contributions,
        fec_totals.fec_total_receipts,
        coalesce(itemized.all_industries_employee_receipts, 0)
            as all_industries_employee_receipts,
        coalesce(industry_pacs.all_industries_pac_contributions, 0)
            as all_industries_pac_contributions,
        coalesce(gifts_received.committee_gifts_received, 0) as committee_gifts_received,
        coalesce(gifts_received.n_committee_gifts, 0) as n_committee_gifts,
        coalesce(ie.independent_expenditures_supporting, 0)
            as independent_expenditures_supporting,
        coalesce(ie.independent_expenditures_opposing, 0) as independent_expenditures_opposing,
        coalesce(itemized.n_memo_rows, 0) as n_memo_rows,
        coalesce(itemized.n_superseded_rows, 0) as n_superseded_rows
    from figure_cycles
    inner join figures
        on figure_cycles.figure_id = figures.figure_id
    left join itemized
        on figure_cycles.figure_id = itemized.figure_id
            and figure_cycles.cycle = itemized.cycle
    left join fec_totals
        on figure_cycles.figure_id = fec_totals.figure_id
            and figure_cycles.cycle = fec_totals.cycle
    left join ie
        on figure_cycles.figure_id = ie.figure_id
            and figure_cycles.cycle = ie.cycle
    left join industry_pacs
        on figure_cycles.figure_id = industry_pacs.figure_id
            and figure_cycles.cycle = industry_pacs.cycle
    left join gifts_received
        on figure_cycles.figure_id = gifts_received.figure_id
            and figure_cycles.cycle = gifts_received.cycle

),

final as (

    select
        *,
        itemized_individual_receipts - fec_individual_itemized_contributions
            as reconciliation_difference,
        greatest(
            {{ var('reconciliation_tolerance_dollars') }},
            {{ var('reconciliation_tolerance_share') }}
            * abs(fec_individual_itemized_contributions)
        )::decimal(16, 2) as reconciliation_tolerance,
        case
            when fec_individual_itemized_contributions is null then null
            else abs(itemized_individual_receipts - fec_individual_itemized_contributions)
                <= greatest(
                    {{ var('reconciliation_tolerance_dollars') }},
                    {{ var('reconciliation_tolerance_share') }}
                    * abs(fec_individual_itemized_contributions)
                )
        end as is_reconciled
    from joined

)

select * from final
