{% macro fec_image_url(image_number) -%}
    case
        when {{ image_number }} is not null
            then 'https://docquery.fec.gov/cgi-bin/fecimg/?' || {{ image_number }}
    end
{%- endmacro %}

{#- 1 for the latest report of a transaction, 2+ for versions an amendment superseded: a committee
    re-reports a transaction (same committee_id and transaction_id) in a later filing. -#}
{% macro amendment_version_rank() -%}
    row_number() over (
        partition by committee_id, transaction_id
        order by file_number desc nulls last, sub_id desc
    )
{%- endmacro %}

{#- The one industry name rule, shared by FEC employer coding, PAC and lobbying client coding and
    the coding evaluation: the upper-cased text contains the (upper-case) pattern. -#}
{% macro industry_pattern_matches(text, pattern) -%}
    contains(upper({{ text }}), {{ pattern }})
{%- endmacro %}
