{#-
    The counting rules for Schedule A, in one place:
    * memo: memo_code 'X' means "not included in the itemization total" (FEC), e.g. the conduit's
      memo twin of an earmarked gift; it is kept but never counted.
    * earmark: passed through a conduit (ActBlue, WinRed...) - flagged, and counted once, on the
      donor's own row.
    * amendment: when a committee re-reports a transaction (same committee_id and transaction_id)
      in a later filing, only the row from the latest file_number counts.
-#}
with

contributions as (

    select * from {{ ref('stg_fec__contributions') }}

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

industry_matches as (

    select
        contributions.sub_id,
        min(industry_patterns.industry_id) as industry_id,
        min(industry_patterns.pattern) as industry_rule
    from contributions
    inner join industry_patterns
        on {{ industry_pattern_matches('contributions.contributor_employer', 'industry_patterns.pattern') }}
    group by contributions.sub_id

),

versions as (

    select
        sub_id,
        {{ amendment_version_rank() }} as version_rank
    from contributions
    where transaction_id is not null

),

final as (

    select
        contributions.*,
        committee_owners.figure_id,
        industry_matches.industry_id,
        industry_matches.industry_rule,
        coalesce(contributions.memo_code = 'X', false) as is_memo,
        (
            contributions.conduit_committee_id is not null
            or contributions.receipt_type in ('15E', '15J')
            or coalesce(upper(contributions.memo_text) like '%EARMARK%', false)
        ) as is_earmarked,
        coalesce(versions.version_rank > 1, false) as is_superseded,
        coalesce(contributions.amount < 0, false) as is_refund,
        coalesce(
            contributions.line_number like '11A%'
            or contributions.line_number like '17A%',
            false
        ) as is_individual_itemized
    from contributions
    left join committee_owners
        on contributions.committee_id = committee_owners.committee_id
    left join industry_matches
        on contributions.sub_id = industry_matches.sub_id
    left join versions
        on contributions.sub_id = versions.sub_id

)

select
    *,
    not is_memo and not is_superseded and amount is not null as counts_toward_total
from final
