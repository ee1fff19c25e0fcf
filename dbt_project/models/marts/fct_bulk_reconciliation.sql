{#- Our itemized individual contributions beside the FEC's own summaries of the same cycle
    (weball/webl for candidates, webk for PACs and parties), where the bulk files are loaded:
    itemized rows dated up to the end of the period the FEC's summary covers.
    The FEC's figure also holds unitemized gifts ($200 or less), so ours is normally the smaller;
    is_itemized_above_fec flags a recipient whose itemized sum exceeds the FEC's total beyond the
    tolerance (max($1.00, 1 %)), the sign of a double count. -#}
with

contributions as (

    select * from {{ ref('int_contributions_flagged') }}

),

committee_candidates as (

    select * from {{ ref('int_committee_candidates') }}

),

candidate_summaries as (

    select * from {{ ref('stg_fec_bulk__candidate_summaries') }}

),

committee_summaries as (

    select * from {{ ref('stg_fec_bulk__committee_summaries') }}

),

itemized as (

    select committee_id, cycle, contribution_date, amount
    from contributions
    where counts_toward_total and is_individual_itemized

),

by_candidate as (

    select
        'candidate' as recipient_type,
        summaries.candidate_id as recipient_id,
        summaries.candidate_name as recipient_name,
        summaries.cycle,
        summaries.summary_file,
        summaries.coverage_end_date,
        summaries.individual_contributions as fec_individual_contributions,
        coalesce(sum(itemized.amount), 0) as itemized_individual,
        count(itemized.amount) as n_itemized
    from candidate_summaries as summaries
    left join committee_candidates as links
        on summaries.candidate_id = links.candidate_id
            and summaries.cycle = links.cycle
    left join itemized
        on links.committee_id = itemized.committee_id
            and summaries.cycle = itemized.cycle
            and itemized.contribution_date <= summaries.coverage_end_date
    group by all

),

by_committee as (

    select
        'committee' as recipient_type,
        summaries.committee_id as recipient_id,
        summaries.committee_name as recipient_name,
        summaries.cycle,
        'webk' as summary_file,
        summaries.coverage_end_date,
        summaries.individual_contributions as fec_individual_contributions,
        coalesce(sum(itemized.amount), 0) as itemized_individual,
        count(itemized.amount) as n_itemized
    from committee_summaries as summaries
    left join itemized
        on summaries.committee_id = itemized.committee_id
            and summaries.cycle = itemized.cycle
            and itemized.contribution_date <= summaries.coverage_end_date
    group by all

),

unioned as (

    select * from by_candidate
    union all
    select * from by_committee

),

final as (

    select
        *,
        itemized_individual - fec_individual_contributions as difference,
        case when fec_individual_contributions > 0
            then round(itemized_individual / fec_individual_contributions, 4)
        end as itemized_share,
        coalesce(
            itemized_individual - fec_individual_contributions > greatest(
                {{ var('reconciliation_tolerance_dollars') }},
                {{ var('reconciliation_tolerance_share') }} * abs(fec_individual_contributions)
            ),
            false
        ) as is_itemized_above_fec
    from unioned

)

select * from final
