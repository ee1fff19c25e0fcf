{#- The bulk file of individual contributions in the shape of the API's Schedule A staging
    (stg_fec__contributions), so both feed one set of marts (int_fec_receipts). Typed by the same
    parse rules; the bulk file has no report year, so report_year is the transaction date's year
    (a report's transactions fall in its coverage period), else the file's cycle year. The bulk
    file reports refunds to individuals (22Y) as positive amounts: amount is negated for them, as
    the API's refund rows are negative, and reported_amount keeps the figure as filed. -#}
with

source as (

    select * from {{ source('fec_bulk', 'indiv') }}

),

renamed as (

    select
        ---------- ids
        sub_id,
        cmte_id as committee_id,
        nullif(other_id, '') as contributor_id,
        nullif(tran_id, '') as transaction_id,
        nullif(image_num, '') as image_number,
        try_cast(file_num as bigint) as file_number,

        ---------- strings
        name as contributor_name,
        city as contributor_city,
        state as contributor_state,
        zip_code as contributor_zip,
        nullif(trim(employer), '') as contributor_employer,
        nullif(trim(occupation), '') as contributor_occupation,
        entity_tp as entity_type,
        transaction_tp as receipt_type,
        transaction_pgi as election_type,
        nullif(memo_cd, '') as memo_code,
        nullif(memo_text, '') as memo_text,
        nullif(amndt_ind, '') as amendment_indicator,
        nullif(rpt_tp, '') as report_type,

        ---------- numerics
        case
            when transaction_tp like '22%' then -{{ parse_money('transaction_amt') }}
            else {{ parse_money('transaction_amt') }}
        end as amount,
        {{ parse_money('transaction_amt') }} as reported_amount,
        coalesce(
            {{ fec_cycle("year(" ~ parse_date('transaction_dt') ~ ")") }}, cycle
        ) as cycle,
        cycle as file_cycle,
        coalesce(year({{ parse_date('transaction_dt') }}), cycle - 1) as report_year,

        ---------- dates
        {{ parse_date('transaction_dt') }} as contribution_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', 'transaction_amt', 'money'],
            ['contribution_date', 'transaction_dt', 'date'],
        ]) }} as parse_problems,

        ---------- provenance
        loaded_at as fetched_at,
        source_file

    from source

)

select * from renamed
