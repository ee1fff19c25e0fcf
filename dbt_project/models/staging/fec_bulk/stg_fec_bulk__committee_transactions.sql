{#- Transactions between committees from the bulk files: itpas2 (committee -> candidate) and itoth
    (any committee -> committee), one row per sub_id (itpas2's rows are also in itoth: the itpas2
    copy is kept, for its candidate ID). cmte_id is the filer; for the giving transaction types
    (24K contribution, 24Z in-kind, 24E/24A independent expenditure for/against, 24C coordinated,
    24G transfer out...) the filer is the giver and other_id the recipient. -#}
with

pas2 as (

    select * from {{ source('fec_bulk', 'pas2') }}

),

oth as (

    select * from {{ source('fec_bulk', 'oth') }}

),

unioned as (

    select *, 'pas2' as bulk_file from pas2
    union all by name
    select *, null as cand_id, 'oth' as bulk_file from oth
    where sub_id not in (select sub_id from pas2)

),

renamed as (

    select
        ---------- ids
        sub_id,
        cmte_id as committee_id,
        nullif(other_id, '') as other_committee_id,
        nullif(cand_id, '') as candidate_id,
        nullif(tran_id, '') as transaction_id,
        nullif(image_num, '') as image_number,
        try_cast(file_num as bigint) as file_number,

        ---------- strings
        name as other_name,
        city as other_city,
        state as other_state,
        entity_tp as entity_type,
        transaction_tp as transaction_type,
        nullif(memo_cd, '') as memo_code,
        nullif(memo_text, '') as memo_text,
        nullif(amndt_ind, '') as amendment_indicator,
        nullif(rpt_tp, '') as report_type,
        bulk_file,

        ---------- numerics
        {{ parse_money('transaction_amt') }} as amount,
        coalesce(
            {{ fec_cycle("year(" ~ parse_date('transaction_dt') ~ ")") }}, cycle
        ) as cycle,
        coalesce(year({{ parse_date('transaction_dt') }}), cycle - 1) as report_year,

        ---------- booleans
        transaction_tp like '24%' as is_given_by_filer,

        ---------- dates
        {{ parse_date('transaction_dt') }} as transaction_date,

        ---------- values that did not parse (see audit.parse_rejects)
        {{ parse_problems([
            ['amount', 'transaction_amt', 'money'],
            ['transaction_date', 'transaction_dt', 'date'],
        ]) }} as parse_problems,

        ---------- provenance
        loaded_at as fetched_at,
        source_file

    from unioned

)

select * from renamed
