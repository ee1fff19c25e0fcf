{{ config(materialized='table') }}

{#-
    The counting rules for Schedule A, in one place:
    * memo: memo_code 'X' means "not included in the itemization total" (FEC), e.g. the conduit's
      memo twin of an earmarked gift; it is kept but never counted. OpenFEC's memoed_subtotal
      says the same, and is all that older responses carry (macro fec_is_memo).
    * earmark: passed through a conduit (ActBlue, WinRed...) - flagged, and counted once, on the
      donor's own row.
    * amendment: a row is superseded only when a later filing amends the same report (macro
      superseded_sub_ids: same committee, report type and year, and transaction ID); rows of
      one filing never supersede each other, and a new report reusing a transaction ID is new.
    * a row that counts but whose amount did not parse keeps counts_toward_total true, so the
      gate stops on it (audit.parse_rejects) instead of a total quietly missing it.
    * every flag is true or false, never null.
    Materialized once per build: five models read it, and with the bulk files it holds every
    individual contribution of a cycle.
-#}
with

contributions as (

    select * from {{ ref('int_fec_receipts') }}

),

industries as (

    select * from {{ ref('stg_config__industries') }}

),

committee_owners as (

    select * from {{ ref('int_committee_owners') }}

),

industry_patterns as (

    select
        industry_id,
        unnest(employer_patterns) as pattern
    from industries

),

employers as (

    select distinct contributor_employer as employer
    from contributions
    where contributor_employer is not null

),

-- Coded once per distinct employer string, not once per receipt: the bulk files repeat each
-- employer thousands of times.
industry_matches as (

    select
        employers.employer,
        min(industry_patterns.industry_id) as industry_id,
        min(industry_patterns.pattern) as industry_rule
    from employers
    inner join industry_patterns
        on {{ industry_pattern_matches('employers.employer', 'industry_patterns.pattern') }}
    group by employers.employer

),

superseded as (

    {{ superseded_sub_ids('contributions') }}

),

final as (

    select
        contributions.*,
        committee_owners.figure_id,
        industry_matches.industry_id,
        industry_matches.industry_rule,
        {{ fec_is_memo('contributions.memo_code', 'contributions.memoed_subtotal') }} as is_memo,
        coalesce(
            contributions.conduit_committee_id is not null
            or contributions.receipt_type in ('15E', '15J')
            or upper(contributions.memo_text) like '%EARMARK%',
            false
        ) as is_earmarked,
        superseded.sub_id is not null as is_superseded,
        coalesce(contributions.amount < 0, false) as is_refund,
        -- Individual itemized: lines 11(a)(i) / 17(a). The bulk file has no line numbers: its
        -- contributions from individuals (15, earmarked 15E) and their refunds (22Y) are told
        -- by transaction type; a candidate's own money (15C), non-contribution-account
        -- receipts (10) and the rest are not what the FEC's summaries count as individual
        -- contributions (checked against webk/weball in fct_bulk_reconciliation).
        coalesce(
            contributions.line_number like '11A%'
            or contributions.line_number like '17A%'
            or (
                contributions.source = 'bulk'
                and contributions.receipt_type in ('15', '15E', '22Y')
            ),
            false
        ) as is_individual_itemized
    from contributions
    left join committee_owners
        on contributions.committee_id = committee_owners.committee_id
    left join industry_matches
        on contributions.contributor_employer = industry_matches.employer
    left join superseded
        on contributions.sub_id = superseded.sub_id

)

select
    *,
    not is_memo and not is_superseded as counts_toward_total
from final
