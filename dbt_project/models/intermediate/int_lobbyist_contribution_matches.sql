{#-
    LD-203 contribution items matched to watchlist figures, one row per matched item.
    * Names tried for a figure: its lobbying_names (the watchlist name plus lda_names) and, for
      candidates, the name written "Last, First" (LD-203 honorees are usually written so:
      "Sanders, Bernie").
    * An item matches when its honoree or its payee contains one of those names as whole words,
      ignoring case, punctuation and one-letter initials ("Wasserman-Schultz, Debbie" contains
      "Wasserman Schultz", "Donald J. Trump" contains "Donald Trump"; "WASSERMANN" does not).
    * When several figures match, the first by figure_id is kept and the others are listed in
      matched_figure_ids. For that figure, an honoree match is preferred to a payee match, then
      the longest name.
-#}
with

items as (

    select * from {{ ref('stg_lda__contribution_items') }}

),

figures as (

    select * from {{ ref('stg_config__figures') }}

),

configured_names as (

    select
        figure_id,
        unnest(lobbying_names) as lobbying_name
    from figures

),

reversed_names as (

    select
        figure_id,
        string_split(figure_name, ' ')[-1] || ', '
        || array_to_string(string_split(figure_name, ' ')[1:-2], ' ') as lobbying_name
    from figures
    where figure_type = 'candidate' and len(string_split(figure_name, ' ')) >= 2

),

all_names as (

    select figure_id, lobbying_name from configured_names
    union
    select figure_id, lobbying_name from reversed_names

),

figure_names as (

    select
        figure_id,
        lobbying_name
    from all_names
    where trim({{ lda_match_text('lobbying_name') }}) != ''

),

candidate_matches as (

    select
        items.contribution_item_id,
        figure_names.figure_id,
        figure_names.lobbying_name,
        'honoree' as matched_field,
        1 as field_priority
    from items
    inner join figure_names
        on contains(
            {{ lda_match_text('items.honoree_name') }},
            {{ lda_match_text('figure_names.lobbying_name') }}
        )

    union all

    select
        items.contribution_item_id,
        figure_names.figure_id,
        figure_names.lobbying_name,
        'payee' as matched_field,
        2 as field_priority
    from items
    inner join figure_names
        on contains(
            {{ lda_match_text('items.payee_name') }},
            {{ lda_match_text('figure_names.lobbying_name') }}
        )

),

ranked_matches as (

    select
        *,
        row_number() over (
            partition by contribution_item_id
            order by figure_id, field_priority, length(lobbying_name) desc, lobbying_name
        ) as match_rank
    from candidate_matches

),

matched_figures as (

    select
        contribution_item_id,
        list_sort(list_distinct(list(figure_id))) as matched_figure_ids
    from candidate_matches
    group by contribution_item_id

),

final as (

    select
        ranked_matches.contribution_item_id,
        ranked_matches.figure_id,
        ranked_matches.matched_field,
        ranked_matches.lobbying_name as matched_name,
        ranked_matches.matched_field || ' contains '''
        || ranked_matches.lobbying_name || '''' as match_rule,
        matched_figures.matched_figure_ids,
        len(matched_figures.matched_figure_ids) as n_figures_matched
    from ranked_matches
    inner join matched_figures
        on ranked_matches.contribution_item_id = matched_figures.contribution_item_id
    where ranked_matches.match_rank = 1

)

select * from final
