with

source as (

    select * from {{ source('fec', 'totals') }}

),

renamed as (

    select
        ---------- ids
        record ->> 'committee_id' as committee_id,

        ---------- strings
        record ->> 'committee_name' as committee_name,

        ---------- numerics
        try_cast(record ->> 'cycle' as integer) as cycle,
        try_cast(record ->> 'receipts' as decimal(16, 2)) as receipts,
        try_cast(record ->> 'disbursements' as decimal(16, 2)) as disbursements,
        try_cast(record ->> 'individual_itemized_contributions' as decimal(16, 2))
            as individual_itemized_contributions,
        try_cast(record ->> 'individual_unitemized_contributions' as decimal(16, 2))
            as individual_unitemized_contributions,
        try_cast(record ->> 'individual_contributions' as decimal(16, 2))
            as individual_contributions,
        try_cast(record ->> 'other_political_committee_contributions' as decimal(16, 2))
            as other_political_committee_contributions,

        ---------- dates
        try_cast(left(record ->> 'coverage_start_date', 10) as date) as coverage_start_date,
        try_cast(left(record ->> 'coverage_end_date', 10) as date) as coverage_end_date,

        ---------- timestamps
        fetched_at,
        source_file

    from source

)

select * from renamed
