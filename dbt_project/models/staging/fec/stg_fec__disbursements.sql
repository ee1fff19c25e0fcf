with

source as (

    select * from {{ source('fec', 'schedule_b') }}

),

renamed as (

    select
        ---------- ids
        record_key as sub_id,
        record ->> 'committee_id' as committee_id,
        record ->> 'recipient_committee_id' as recipient_committee_id,
        record ->> 'candidate_id' as candidate_id,
        record ->> 'transaction_id' as transaction_id,
        record ->> 'image_number' as image_number,
        try_cast(record ->> 'file_number' as bigint) as file_number,

        ---------- strings
        coalesce(record ->> 'committee_name', record -> 'committee' ->> 'name') as committee_name,
        record ->> 'recipient_name' as recipient_name,
        record ->> 'recipient_state' as recipient_state,
        record ->> 'disbursement_type' as disbursement_type,
        record ->> 'disbursement_description' as disbursement_description,
        record ->> 'line_number' as line_number,
        record ->> 'memo_code' as memo_code,
        record ->> 'memo_text' as memo_text,
        record ->> 'amendment_indicator' as amendment_indicator,
        record ->> 'report_type' as report_type,
        record ->> 'pdf_url' as pdf_url,

        ---------- numerics
        {{ parse_money("record ->> 'disbursement_amount'") }} as amount,
        -- Derived as OpenFEC does when absent (see stg_fec__contributions).
        coalesce(
            try_cast(record ->> 'two_year_transaction_period' as integer),
            {{ fec_cycle("year(" ~ parse_date("record ->> 'disbursement_date'") ~ ")") }},
            {{ fec_cycle("try_cast(record ->> 'report_year' as integer)") }}
        ) as cycle,
        try_cast(record ->> 'report_year' as integer) as report_year,

        ---------- booleans
        try_cast(record ->> 'memoed_subtotal' as boolean) as memoed_subtotal,

        ---------- dates
        {{ parse_date("record ->> 'disbursement_date'") }} as disbursement_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', "record ->> 'disbursement_amount'", 'money'],
            ['disbursement_date', "record ->> 'disbursement_date'", 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
