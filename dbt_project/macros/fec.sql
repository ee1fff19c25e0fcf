{% macro fec_image_url(image_number) -%}
    case
        when {{ image_number }} is not null
            then 'https://docquery.fec.gov/cgi-bin/fecimg/?' || {{ image_number }}
    end
{%- endmacro %}

{#- The amendment chain, one rule for every itemized FEC schedule (API and bulk rows alike).
    A row is superseded when a later filing amends the same report: same committee, same report
    (report_type and report_year), same filer transaction ID, a higher file_number, and that later
    filing does not call itself new (amendment indicator other than N). So:
    * rows of one filing (one file_number) never supersede each other, even when they share a
      transaction ID (older OpenFEC responses share an integer transaction_id across distinct gifts);
    * a new report that reuses a transaction ID (monthly filers reuse payroll-deduction IDs from
      month to month) supersedes nothing: its report_type or report_year differs.
    `relation` must have sub_id, committee_id, transaction_id, report_type, report_year,
    file_number and amendment_indicator. Returns the sub_ids of superseded rows. -#}
{#- The report a Schedule A row belongs to, as superseded_sub_ids matches rows: committee_id,
    transaction_id, report_type_key, report_year_key. -#}
{% macro fec_report_key(relation) -%}
    {{ relation }}.committee_id,
    {{ relation }}.transaction_id,
    coalesce({{ relation }}.report_type, '') as report_type_key,
    coalesce({{ relation }}.report_year, 0) as report_year_key
{%- endmacro %}

{% macro superseded_sub_ids(relation) -%}
    select distinct older.sub_id
    from {{ relation }} as older
    inner join {{ relation }} as newer
        on older.committee_id = newer.committee_id
            and older.transaction_id = newer.transaction_id
            and coalesce(older.report_type, '') = coalesce(newer.report_type, '')
            and coalesce(older.report_year, 0) = coalesce(newer.report_year, 0)
            and newer.file_number > older.file_number
    where coalesce(newer.amendment_indicator, '') != 'N'
{%- endmacro %}

{#- A memo entry is never counted: memo_code X ("not included in the itemization total"), or
    OpenFEC's own memoed_subtotal flag (older responses carry only that one). Never null. -#}
{% macro fec_is_memo(memo_code, memoed_subtotal) -%}
    (coalesce({{ memo_code }} = 'X', false) or coalesce({{ memoed_subtotal }}, false))
{%- endmacro %}

{#- The one industry name rule, shared by FEC employer coding, PAC and lobbying client coding and
    the coding evaluation: the upper-cased text contains the (upper-case) pattern. -#}
{% macro industry_pattern_matches(text, pattern) -%}
    contains(upper({{ text }}), {{ pattern }})
{%- endmacro %}
