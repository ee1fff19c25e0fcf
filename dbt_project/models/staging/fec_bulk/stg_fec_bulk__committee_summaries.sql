{#- The FEC's own PAC and party financial summaries for a cycle (webk), in dollars. -#}
with

source as (

    select * from {{ source('fec_bulk', 'webk') }}

),

renamed as (

    select
        cmte_id as committee_id,
        cycle,
        cmte_nm as committee_name,
        nullif(cmte_tp, '') as committee_type,
        {{ parse_money('ttl_receipts') }} as total_receipts,
        {{ parse_money('indv_contrib') }} as individual_contributions,
        {{ parse_money('other_pol_cmte_contrib') }} as other_committee_contributions,
        {{ parse_money('contrib_to_other_cmte') }} as contributions_to_other_committees,
        {{ parse_money('ttl_disb') }} as total_disbursements,
        {{ parse_money('indv_refunds') }} as individual_refunds,
        {{ parse_date('cvg_end_dt') }} as coverage_end_date,
        source_file
    from source

)

select * from renamed
