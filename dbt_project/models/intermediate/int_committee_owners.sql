with

figure_committees as (

    select * from {{ ref('int_figure_committees') }}

),

industry_committees as (

    select * from {{ ref('int_industry_committees') }}

),

by_figure as (

    select
        committee_id,
        min(figure_id) as figure_id
    from figure_committees
    group by committee_id

),

by_industry as (

    select
        committee_id,
        min(industry_id) as industry_id,
        min(resolution_evidence) as industry_evidence
    from industry_committees
    group by committee_id

),

final as (

    select
        coalesce(by_figure.committee_id, by_industry.committee_id) as committee_id,
        by_figure.figure_id,
        by_industry.industry_id,
        by_industry.industry_evidence
    from by_figure
    full outer join by_industry
        on by_figure.committee_id = by_industry.committee_id

)

select * from final
