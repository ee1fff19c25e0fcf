{#- Every typed value that is present in a record but did not parse (an amount that is not a
    number, a date that is not a date), one row per value, with the reason and the file it came
    from. The value is NULL in the models; counts_toward_total says whether the row is one that a
    published total counts, and the publish gate stops on every such row. -#}
with

contributions as (

    select * from {{ ref('int_contributions_flagged') }}

),

disbursements as (

    select * from {{ ref('stg_fec__disbursements') }}

),

committee_transactions as (

    select * from {{ ref('stg_fec_bulk__committee_transactions') }}

),

pac_disbursements as (

    select * from {{ ref('fct_pac_disbursements') }}

),

expenditures as (

    select * from {{ ref('stg_fec__independent_expenditures') }}

),

counted_expenditures as (

    select * from {{ ref('fct_independent_expenditures') }}

),

filings as (

    select * from {{ ref('stg_lda__filings') }}

),

current_filings as (

    select * from {{ ref('fct_lobbying_filings') }}

),

contribution_items as (

    select * from {{ ref('stg_lda__contribution_items') }}

),

lobbyist_contributions as (

    select * from {{ ref('fct_lobbyist_contributions') }}

),

problems as (

    select
        case source when 'bulk' then 'raw_fec_bulk.indiv' else 'raw_fec.schedule_a' end
            as source_table,
        sub_id as row_key,
        unnest(parse_problems) as problem,
        counts_toward_total,
        source_file
    from contributions
    where len(parse_problems) > 0

    union all

    select
        'raw_fec.schedule_b',
        disbursements.sub_id,
        unnest(disbursements.parse_problems),
        coalesce(pac_disbursements.counts_toward_total, false),
        disbursements.source_file
    from disbursements
    left join pac_disbursements
        on disbursements.sub_id = pac_disbursements.sub_id
    where len(disbursements.parse_problems) > 0

    union all

    select
        'raw_fec_bulk.' || committee_transactions.bulk_file,
        committee_transactions.sub_id,
        unnest(committee_transactions.parse_problems),
        coalesce(pac_disbursements.counts_toward_total, false),
        committee_transactions.source_file
    from committee_transactions
    left join pac_disbursements
        on committee_transactions.sub_id = pac_disbursements.sub_id
    where len(committee_transactions.parse_problems) > 0

    union all

    select
        'raw_fec.schedule_e',
        expenditures.sub_id,
        unnest(expenditures.parse_problems),
        coalesce(counted_expenditures.counts_toward_total, false),
        expenditures.source_file
    from expenditures
    left join counted_expenditures
        on expenditures.sub_id = counted_expenditures.sub_id
    where len(expenditures.parse_problems) > 0

    union all

    select
        'raw_lda.filings',
        filings.filing_uuid,
        unnest(filings.parse_problems),
        coalesce(current_filings.is_current_version, false),
        filings.source_file
    from filings
    left join current_filings
        on filings.filing_uuid = current_filings.filing_uuid
    where len(filings.parse_problems) > 0

    union all

    select
        'raw_lda.contributions',
        contribution_items.contribution_item_id,
        unnest(contribution_items.parse_problems),
        coalesce(lobbyist_contributions.is_current_version, false),
        contribution_items.source_file
    from contribution_items
    left join lobbyist_contributions
        on contribution_items.contribution_item_id = lobbyist_contributions.contribution_item_id
    where len(contribution_items.parse_problems) > 0

),

final as (

    select
        source_table,
        row_key,
        problem.column_name,
        problem.raw_value,
        problem.reason,
        counts_toward_total,
        source_file
    from problems

)

select * from final
