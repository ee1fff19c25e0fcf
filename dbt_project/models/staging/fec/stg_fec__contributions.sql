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
        record ->> 'transaction_id' as transaction_id,
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
        try_cast(record ->> 'contribution_receipt_amount' as decimal(14, 2)) as amount,
        try_cast(record ->> 'contributor_aggregate_ytd' as decimal(14, 2))
            as contributor_aggregate_ytd,
        try_cast(record ->> 'two_year_transaction_period' as integer) as cycle,
        try_cast(record ->> 'report_year' as integer) as report_year,

        ---------- booleans
        try_cast(record ->> 'is_individual' as boolean) as is_individual_flag,

        ---------- dates
        try_cast(left(record ->> 'contribution_receipt_date', 10) as date) as contribution_date,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
