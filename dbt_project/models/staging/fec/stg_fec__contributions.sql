{#- Incremental: each raw row's JSON is read once, by the build after the load that wrote it
    (macro loaded_since_last_build); a later copy of a sub_id replaces the staged row. -#}
{{ config(
    materialized='incremental',
    unique_key='sub_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns'
) }}

{%- set fields = [
    'committee_id', 'contributor_id', 'tran_id', 'transaction_id',
    'back_reference_transaction_id', 'image_number', 'file_number', 'conduit_committee_id',
    'candidate_id', 'committee_name', ['committee__name', 'committee.name'], 'contributor_name',
    'contributor_first_name', 'contributor_last_name', 'contributor_city', 'contributor_state',
    'contributor_zip', 'contributor_employer', 'contributor_occupation', 'entity_type',
    'receipt_type', 'line_number', 'memo_code', 'memo_text', 'conduit_committee_name',
    'amendment_indicator', 'report_type', 'filing_form', 'pdf_url',
    'contribution_receipt_amount', 'contributor_aggregate_ytd', 'two_year_transaction_period',
    'report_year', 'is_individual', 'memoed_subtotal', 'contribution_receipt_date',
] %}

with

source as (

    select * from {{ source('fec', 'schedule_a') }}
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
        contributor_id,
        -- The filer's own transaction ID: `tran_id` in older responses (whose integer
        -- `transaction_id` is not the filer's and is shared by distinct rows), `transaction_id` now.
        coalesce(tran_id, transaction_id) as transaction_id,
        back_reference_transaction_id,
        image_number,
        try_cast(file_number as bigint) as file_number,
        conduit_committee_id,
        candidate_id,

        ---------- strings
        coalesce(committee_name, committee__name) as committee_name,
        contributor_name,
        contributor_first_name,
        contributor_last_name,
        contributor_city,
        contributor_state,
        contributor_zip,
        nullif(trim(contributor_employer), '') as contributor_employer,
        nullif(trim(contributor_occupation), '') as contributor_occupation,
        entity_type,
        receipt_type,
        line_number,
        memo_code,
        memo_text,
        conduit_committee_name,
        amendment_indicator,
        report_type,
        filing_form,
        pdf_url,

        ---------- numerics
        {{ parse_money('contribution_receipt_amount') }} as amount,
        {{ parse_money('contributor_aggregate_ytd') }} as contributor_aggregate_ytd,
        -- Older responses have no two_year_transaction_period: derived as OpenFEC derives it
        -- (its SQL function get_transaction_year): the even year closing the transaction
        -- date's year, else the report year's. A dated row always has a cycle.
        coalesce(
            try_cast(two_year_transaction_period as integer),
            {{ fec_cycle("year(" ~ parse_date('contribution_receipt_date') ~ ")") }},
            {{ fec_cycle("try_cast(report_year as integer)") }}
        ) as cycle,
        try_cast(report_year as integer) as report_year,

        ---------- booleans
        try_cast(is_individual as boolean) as is_individual_flag,
        -- OpenFEC's own memo flag (true when memo_code is X); older responses carry only this.
        try_cast(memoed_subtotal as boolean) as memoed_subtotal,

        ---------- dates
        {{ parse_date('contribution_receipt_date') }} as contribution_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', 'contribution_receipt_amount', 'money'],
            ['contribution_date', 'contribution_receipt_date', 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        loaded_at,
        source_file

    from fields

)

select * from renamed
