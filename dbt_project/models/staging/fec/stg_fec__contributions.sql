with

source as (

    select * from {{ source('fec', 'schedule_a') }}

),

renamed as (

    select
        ---------- ids
        record_key as sub_id,
        record ->> 'committee_id' as committee_id,
        record ->> 'contributor_id' as contributor_id,
        -- The filer's own transaction ID: `tran_id` in older responses (whose integer
        -- `transaction_id` is not the filer's and is shared by distinct rows), `transaction_id` now.
        coalesce(record ->> 'tran_id', record ->> 'transaction_id') as transaction_id,
        record ->> 'back_reference_transaction_id' as back_reference_transaction_id,
        record ->> 'image_number' as image_number,
        try_cast(record ->> 'file_number' as bigint) as file_number,
        record ->> 'conduit_committee_id' as conduit_committee_id,
        record ->> 'candidate_id' as candidate_id,

        ---------- strings
        coalesce(record ->> 'committee_name', record -> 'committee' ->> 'name') as committee_name,
        record ->> 'contributor_name' as contributor_name,
        record ->> 'contributor_first_name' as contributor_first_name,
        record ->> 'contributor_last_name' as contributor_last_name,
        record ->> 'contributor_city' as contributor_city,
        record ->> 'contributor_state' as contributor_state,
        record ->> 'contributor_zip' as contributor_zip,
        nullif(trim(record ->> 'contributor_employer'), '') as contributor_employer,
        nullif(trim(record ->> 'contributor_occupation'), '') as contributor_occupation,
        record ->> 'entity_type' as entity_type,
        record ->> 'receipt_type' as receipt_type,
        record ->> 'line_number' as line_number,
        record ->> 'memo_code' as memo_code,
        record ->> 'memo_text' as memo_text,
        record ->> 'conduit_committee_name' as conduit_committee_name,
        record ->> 'amendment_indicator' as amendment_indicator,
        record ->> 'report_type' as report_type,
        record ->> 'filing_form' as filing_form,
        record ->> 'pdf_url' as pdf_url,

        ---------- numerics
        {{ parse_money("record ->> 'contribution_receipt_amount'") }} as amount,
        {{ parse_money("record ->> 'contributor_aggregate_ytd'") }} as contributor_aggregate_ytd,
        -- Older responses have no two_year_transaction_period: derived as OpenFEC derives it
        -- (its SQL function get_transaction_year): the even year closing the transaction
        -- date's year, else the report year's. A dated row always has a cycle.
        coalesce(
            try_cast(record ->> 'two_year_transaction_period' as integer),
            {{ fec_cycle("year(" ~ parse_date("record ->> 'contribution_receipt_date'") ~ ")") }},
            {{ fec_cycle("try_cast(record ->> 'report_year' as integer)") }}
        ) as cycle,
        try_cast(record ->> 'report_year' as integer) as report_year,

        ---------- booleans
        try_cast(record ->> 'is_individual' as boolean) as is_individual_flag,
        -- OpenFEC's own memo flag (true when memo_code is X); older responses carry only this.
        try_cast(record ->> 'memoed_subtotal' as boolean) as memoed_subtotal,

        ---------- dates
        {{ parse_date("record ->> 'contribution_receipt_date'") }} as contribution_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', "record ->> 'contribution_receipt_amount'", 'money'],
            ['contribution_date', "record ->> 'contribution_receipt_date'", 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
