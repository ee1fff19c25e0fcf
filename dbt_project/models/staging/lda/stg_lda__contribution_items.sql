with

source as (

    select * from {{ source('lda', 'contributions') }}

),

renamed as (

    select
        ---------- ids
        source.record_key || ':' || (items.key::integer + 1) as contribution_item_id,
        source.record_key as filing_uuid,

        ---------- strings
        items.value ->> 'contribution_type' as contribution_type,
        items.value ->> 'contribution_type_display' as contribution_type_display,
        nullif(trim(items.value ->> 'contributor_name'), '') as contributor_name,
        nullif(trim(items.value ->> 'payee_name'), '') as payee_name,
        -- The API writes the literal string "None" when no honoree was given.
        case
            when trim(items.value ->> 'honoree_name') in ('', 'None') then null
            else trim(items.value ->> 'honoree_name')
        end as honoree_name,
        items.value ->> 'amount' as amount_reported,

        ---------- numerics
        items.key::integer + 1 as item_number,
        {{ parse_money("items.value ->> 'amount'") }} as amount,

        ---------- dates
        {{ parse_date("items.value ->> 'date'") }} as contribution_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', "items.value ->> 'amount'", 'money'],
            ['contribution_date', "items.value ->> 'date'", 'date'],
        ]) }} as parse_problems,

        ---------- timestamps
        source.fetched_at,
        source.source_file

    from source
    inner join json_each(source.record -> 'contribution_items') as items
        on true

)

select * from renamed
