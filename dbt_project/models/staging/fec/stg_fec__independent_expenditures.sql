{#- Incremental: each raw row's JSON is read once, by the build after the load that wrote it
    (macro loaded_since_last_build); a later copy of a sub_id replaces the staged row. -#}
{{ config(
    materialized='incremental',
    unique_key='sub_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns'
) }}

{%- set fields = [
    'committee_id', ['committee__committee_id', 'committee.committee_id'], 'candidate_id',
    'transaction_id', 'image_number', 'file_number', 'committee_name',
    ['committee__name', 'committee.name'], 'candidate_name', 'support_oppose_indicator',
    'payee_name', 'expenditure_description', 'memo_code', 'amendment_indicator', 'pdf_url',
    'expenditure_amount', 'cycle', 'two_year_transaction_period', 'report_year', 'is_notice',
    'most_recent', 'expenditure_date', 'dissemination_date', 'filing_date',
] %}

with

source as (

    select * from {{ source('fec', 'schedule_e') }}
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
        coalesce(committee_id, committee__committee_id) as committee_id,
        candidate_id,
        transaction_id,
        image_number,
        try_cast(file_number as bigint) as file_number,

        ---------- strings
        coalesce(committee_name, committee__name) as committee_name,
        candidate_name,
        support_oppose_indicator,
        payee_name,
        expenditure_description,
        memo_code,
        amendment_indicator,
        pdf_url,

        ---------- numerics
        {{ parse_money('expenditure_amount') }} as amount,
        -- Schedule E rows carry no cycle field: derive the two-year period (named after its
        -- even year) from the first date available.
        coalesce(
            try_cast(cycle as integer),
            try_cast(two_year_transaction_period as integer),
            {{ fec_cycle("year(" ~ parse_date('expenditure_date') ~ ")") }},
            {{ fec_cycle("year(" ~ parse_date('dissemination_date') ~ ")") }},
            {{ fec_cycle("try_cast(report_year as integer)") }}
        ) as cycle,

        ---------- booleans
        try_cast(is_notice as boolean) as is_notice,
        try_cast(most_recent as boolean) as is_most_recent,

        ---------- dates
        {{ parse_date('expenditure_date') }} as expenditure_date,
        {{ parse_date('dissemination_date') }} as dissemination_date,
        -- Date the FEC received the filing (for notices, the 24/48-hour report itself).
        {{ parse_date('filing_date') }} as filing_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', 'expenditure_amount', 'money'],
            ['expenditure_date', 'expenditure_date', 'date'],
            ['dissemination_date', 'dissemination_date', 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        loaded_at,
        source_file

    from fields

)

select * from renamed
