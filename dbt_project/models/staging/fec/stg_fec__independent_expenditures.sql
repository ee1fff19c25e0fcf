with

source as (

    select * from {{ source('fec', 'schedule_e') }}

),

renamed as (

    select
        ---------- ids
        record_key as sub_id,
        coalesce(record ->> 'committee_id', record -> 'committee' ->> 'committee_id')
            as committee_id,
        record ->> 'candidate_id' as candidate_id,
        record ->> 'transaction_id' as transaction_id,
        record ->> 'image_number' as image_number,
        try_cast(record ->> 'file_number' as bigint) as file_number,

        ---------- strings
        coalesce(record ->> 'committee_name', record -> 'committee' ->> 'name') as committee_name,
        record ->> 'candidate_name' as candidate_name,
        record ->> 'support_oppose_indicator' as support_oppose_indicator,
        record ->> 'payee_name' as payee_name,
        record ->> 'expenditure_description' as expenditure_description,
        record ->> 'memo_code' as memo_code,
        record ->> 'amendment_indicator' as amendment_indicator,
        record ->> 'pdf_url' as pdf_url,

        ---------- numerics
        {{ parse_money("record ->> 'expenditure_amount'") }} as amount,
        -- Schedule E rows carry no cycle field: derive the two-year period (named after its
        -- even year) from the first date available.
        coalesce(
            try_cast(record ->> 'cycle' as integer),
            try_cast(record ->> 'two_year_transaction_period' as integer),
            {{ fec_cycle("year(" ~ parse_date("record ->> 'expenditure_date'") ~ ")") }},
            {{ fec_cycle("year(" ~ parse_date("record ->> 'dissemination_date'") ~ ")") }},
            {{ fec_cycle("try_cast(record ->> 'report_year' as integer)") }}
        ) as cycle,

        ---------- booleans
        try_cast(record ->> 'is_notice' as boolean) as is_notice,
        try_cast(record ->> 'most_recent' as boolean) as is_most_recent,

        ---------- dates
        {{ parse_date("record ->> 'expenditure_date'") }} as expenditure_date,
        {{ parse_date("record ->> 'dissemination_date'") }} as dissemination_date,
        -- Date the FEC received the filing (for notices, the 24/48-hour report itself).
        {{ parse_date("record ->> 'filing_date'") }} as filing_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', "record ->> 'expenditure_amount'", 'money'],
            ['expenditure_date', "record ->> 'expenditure_date'", 'date'],
            ['dissemination_date', "record ->> 'dissemination_date'", 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
