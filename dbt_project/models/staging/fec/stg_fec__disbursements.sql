{#- Incremental: each raw row's JSON is read once, by the build after the load that wrote it
    (macro loaded_since_last_build); a later copy of a sub_id replaces the staged row. -#}
{{ config(
    materialized='incremental',
    unique_key='sub_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns'
) }}

{%- set fields = [
    'committee_id', 'recipient_committee_id', 'candidate_id', 'transaction_id', 'image_number',
    'file_number', 'committee_name', ['committee__name', 'committee.name'], 'recipient_name',
    'recipient_state', 'disbursement_type', 'disbursement_description', 'line_number',
    'memo_code', 'memo_text', 'amendment_indicator', 'report_type', 'pdf_url',
    'disbursement_amount', 'two_year_transaction_period', 'report_year', 'memoed_subtotal',
    'disbursement_date',
] %}

with

source as (

    select * from {{ source('fec', 'schedule_b') }}
    {{ loaded_since_last_build() }}

),

parsed as (

    select
        record_key,
        fetched_at,
        loaded_at,
        source_file,
        {{ json_texts('record', fields) }} as texts
    from source

),

fields as (

    select
        * exclude (texts),
        {{ json_text_columns('texts', fields) }}
    from parsed

),

renamed as (

    select
        ---------- ids
        record_key as sub_id,
        committee_id,
        recipient_committee_id,
        candidate_id,
        transaction_id,
        image_number,
        try_cast(file_number as bigint) as file_number,

        ---------- strings
        coalesce(committee_name, committee__name) as committee_name,
        recipient_name,
        recipient_state,
        disbursement_type,
        disbursement_description,
        line_number,
        memo_code,
        memo_text,
        amendment_indicator,
        report_type,
        pdf_url,

        ---------- numerics
        {{ parse_money('disbursement_amount') }} as amount,
        -- Derived as OpenFEC does when absent (see stg_fec__contributions).
        coalesce(
            try_cast(two_year_transaction_period as integer),
            {{ fec_cycle("year(" ~ parse_date('disbursement_date') ~ ")") }},
            {{ fec_cycle("try_cast(report_year as integer)") }}
        ) as cycle,
        try_cast(report_year as integer) as report_year,

        ---------- booleans
        try_cast(memoed_subtotal as boolean) as memoed_subtotal,

        ---------- dates
        {{ parse_date('disbursement_date') }} as disbursement_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', 'disbursement_amount', 'money'],
            ['disbursement_date', 'disbursement_date', 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        loaded_at,
        source_file

    from fields

)

select * from renamed
