{#- The FEC's own per-candidate financial summaries for a cycle (weball: all candidates; webl:
    House and Senate current campaigns), in dollars. -#}
with

weball as (

    select *, 'weball' as summary_file from {{ source('fec_bulk', 'weball') }}

),

webl as (

    select *, 'webl' as summary_file from {{ source('fec_bulk', 'webl') }}

),

unioned as (

    select * from weball
    union all
    select * from webl

),

renamed as (

    select
        cand_id as candidate_id,
        cycle,
        summary_file,
        cand_name as candidate_name,
        nullif(cand_pty_affiliation, '') as party,
        {{ parse_money('ttl_receipts') }} as total_receipts,
        {{ parse_money('ttl_indiv_contrib') }} as individual_contributions,
        {{ parse_money('other_pol_cmte_contrib') }} as other_committee_contributions,
        {{ parse_money('pol_pty_contrib') }} as party_contributions,
        {{ parse_money('ttl_disb') }} as total_disbursements,
        {{ parse_money('indiv_refunds') }} as individual_refunds,
        {{ parse_date('cvg_end_dt') }} as coverage_end_date,
        source_file
    from unioned

)

select * from renamed
