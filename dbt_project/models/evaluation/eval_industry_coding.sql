{#- Every labelled example of seeds/industry_coding_evaluation.csv with the industry the rules
    give it: employers through employer_patterns (as FEC contributions are coded), organisations
    through organization_patterns (as PACs' connected organisations and lobbying clients are). -#}
with

examples as (

    select * from {{ ref('industry_coding_evaluation') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

patterns as (

    select industry_id, 'employer' as field, unnest(employer_patterns) as pattern
    from industries
    union all
    select industry_id, 'organization' as field, unnest(organization_patterns) as pattern
    from industries

),

numbered as (

    select
        row_number() over () as example_id,
        *
    from examples

),

matches as (

    select
        numbered.example_id,
        min(patterns.industry_id) as predicted_industry_id,
        min(patterns.pattern) as industry_rule
    from numbered
    inner join patterns
        on numbered.field = patterns.field
            and {{ industry_pattern_matches('numbered.text', 'patterns.pattern') }}
    group by numbered.example_id

),

final as (

    select
        numbered.example_id,
        numbered.field,
        numbered.text,
        numbered.expected_industry_id,
        matches.predicted_industry_id,
        matches.industry_rule,
        numbered.note,
        numbered.expected_industry_id is not distinct from matches.predicted_industry_id
            as is_correct
    from numbered
    left join matches
        on numbered.example_id = matches.example_id

)

select * from final
