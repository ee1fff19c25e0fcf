with

figures as (

    select * from {{ ref('stg_config__figures') }}

),

links as (

    select * from {{ ref('stg_config__fec_links') }}

),

ids as (

    select
        owner_id as figure_id,
        list_sort(list_distinct(list(candidate_id))) as candidate_ids,
        list_sort(list_distinct(list(committee_id))) as committee_ids,
        list_sort(list_distinct(list(resolution_method))) as resolution_methods,
        max(resolved_at) as resolved_at
    from links
    where owner_type = 'figure'
    group by owner_id

),

final as (

    select
        figures.figure_id,
        figures.figure_name,
        figures.figure_type,
        figures.party,
        coalesce(ids.candidate_ids, []) as candidate_ids,
        coalesce(ids.committee_ids, []) as committee_ids,
        len(coalesce(ids.committee_ids, [])) as n_committees,
        coalesce(ids.resolution_methods, []) as resolution_methods,
        ids.resolved_at
    from figures
    left join ids
        on figures.figure_id = ids.figure_id

)

select * from final
