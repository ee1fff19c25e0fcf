with

figure_committees as (

    select * from {{ ref('int_figure_committees') }}

),

committees as (

    select * from {{ ref('stg_fec__committees') }}

),

final as (

    select
        figure_committees.figure_id,
        figure_committees.committee_id,
        committees.committee_name,
        figure_committees.candidate_id,
        committees.designation,
        committees.cycles,
        figure_committees.resolution_method,
        figure_committees.resolution_evidence
    from figure_committees
    left join committees
        on figure_committees.committee_id = committees.committee_id

)

select * from final
