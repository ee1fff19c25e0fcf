with

source as (

    select * from {{ source('lda', 'filings') }}

),

renamed as (

    select
        ---------- ids
        record_key as filing_uuid,
        try_cast(record -> 'registrant' ->> 'id' as bigint) as registrant_id,
        try_cast(record -> 'client' ->> 'id' as bigint) as client_id,
        -- The registrant's own number for the client (1, 2, ...), not unique across registrants.
        try_cast(record -> 'client' ->> 'client_id' as bigint) as registrant_client_number,

        ---------- strings
        record ->> 'filing_type' as filing_type,
        record ->> 'filing_type_display' as filing_type_display,
        record ->> 'filing_period' as filing_period,
        record ->> 'filing_period_display' as filing_period_display,
        record ->> 'expenses_method' as expenses_method,
        record ->> 'expenses_method_display' as expenses_method_display,
        trim(record -> 'registrant' ->> 'name') as registrant_name,
        trim(record -> 'client' ->> 'name') as client_name,
        nullif(trim(record -> 'client' ->> 'general_description'), '') as client_description,
        record -> 'client' ->> 'state' as client_state,
        record -> 'client' ->> 'country' as client_country,
        record ->> 'posted_by_name' as posted_by_name,
        record ->> 'filing_document_url' as filing_document_url,

        ---------- numerics
        try_cast(record ->> 'filing_year' as integer) as filing_year,
        {{ parse_money("record ->> 'income'") }} as income,
        {{ parse_money("record ->> 'expenses'") }} as expenses,
        coalesce(json_array_length(record -> 'lobbying_activities'), 0) as n_activities,

        ---------- booleans
        {{ lda_is_amendment("record ->> 'filing_type'") }} as is_amendment,
        -- Second character T = termination, @ = amended termination; a three-character code
        -- ending in Y (Q1Y, 4AY, MMY...) reports no activity. See constants/filing/filingtypes/.
        coalesce(substr(record ->> 'filing_type', 2, 1) in ('T', '@'), false) as is_termination,
        coalesce(
            length(record ->> 'filing_type') = 3 and record ->> 'filing_type' like '%Y', false
        ) as is_no_activity,
        coalesce(record ->> 'filing_type' in ('RR', 'RA'), false) as is_registration,

        ---------- dates
        {{ lda_period_start_date(
            "record ->> 'filing_period'", "try_cast(record ->> 'filing_year' as integer)"
        ) }} as period_start_date,
        {{ lda_period_end_date(
            "record ->> 'filing_period'", "try_cast(record ->> 'filing_year' as integer)"
        ) }} as period_end_date,
        try_cast(record ->> 'termination_date' as date) as termination_date,
        try_cast(record -> 'client' ->> 'effective_date' as date) as client_effective_date,

        ---------- timestamps
        try_cast(record ->> 'dt_posted' as timestamptz) as posted_at,
        fetched_at,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['income', "record ->> 'income'", 'money'],
            ['expenses', "record ->> 'expenses'", 'money'],
        ]) }} as parse_problems,
        source_file

    from source

)

select * from renamed
