{#- Incremental: a build takes the rows int_contributions_flagged computed since the last
    successful build (flagged_at; macro last_successful_build_at) and replaces them by sub_id;
    rows gone from it are deleted (pre_hook). A full refresh gives the same table. -#}
{{ config(
    materialized='incremental',
    unique_key='sub_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ delete_rows_gone_from(ref('int_contributions_flagged')) }}"
) }}

with

contributions as (

    select * from {{ ref('int_contributions_flagged') }}
    {%- if is_incremental() %}
    where flagged_at > {{ last_successful_build_at() }}
    {%- endif %}

),

final as (

    select
        sub_id,
        source,
        is_also_in_bulk,
        committee_id,
        committee_name,
        figure_id,
        cycle,
        contribution_date,
        amount,
        counts_toward_total,
        contributor_name,
        contributor_first_name,
        contributor_last_name,
        contributor_city,
        contributor_state,
        contributor_zip,
        contributor_employer,
        contributor_occupation,
        entity_type,
        industry_id,
        industry_rule,
        is_individual_itemized,
        is_memo,
        is_earmarked,
        is_refund,
        is_superseded,
        memo_code,
        memo_text,
        receipt_type,
        line_number,
        conduit_committee_id,
        conduit_committee_name,
        amendment_indicator,
        transaction_id,
        back_reference_transaction_id,
        file_number,
        image_number,
        {{ fec_image_date('image_number') }} as filing_date,
        coalesce(pdf_url, {{ fec_image_url('image_number') }}) as filing_url,
        fetched_at,
        source_file
    from contributions

)

select * from final
