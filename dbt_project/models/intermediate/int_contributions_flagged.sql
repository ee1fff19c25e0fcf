{{ config(
    materialized='incremental',
    unique_key='sub_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ delete_rows_gone_from(ref('int_fec_receipts')) }}"
) }}

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
    Five models read it, and with the bulk files it holds every individual contribution of a
    cycle, so it is incremental: a build recomputes only the rows it must, and gives the rows a
    full refresh would (tests/integration/test_build_scope.py compares the two):
    * rows loaded since the last build (API or bulk), and every row of a report one of them
      belongs to, now or before (a new filing can supersede older rows, or stop doing so);
    * rows whose committee owner or employer industry coding changed (watchlist, industries);
    * rows whose bulk twin came or went (is_also_in_bulk); rows gone from int_fec_receipts (a
      bulk file replaced its cycle) are deleted (pre_hook).
    flagged_at is when a build last computed the row; fct_contributions takes the rows flagged
    since the last successful build. A raw row edited in place, without a load, is picked up
    by a full refresh (`influence transform --full-refresh`).
-#}
with

-- Not materialized in an incremental build: each use reads only the columns and rows it needs.
contributions as {% if is_incremental() %}not materialized {% endif %}(

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

{% if is_incremental() %}

previous as not materialized (

    select * from {{ this }}

),

watermarks as (

    select
        coalesce(max(loaded_at) filter (where source = 'api'), '-infinity'::timestamptz)
            as api_loaded_at,
        coalesce(max(fetched_at) filter (where source = 'bulk'), '-infinity'::timestamptz)
            as bulk_loaded_at
    from previous

),

-- Rows loaded since the last build, from the API or a bulk file.
arrived as (

    select sub_id
    from contributions
    where (
        contributions.source = 'api'
        and contributions.loaded_at > (select api_loaded_at from watermarks)
    ) or (
        contributions.source = 'bulk'
        and contributions.fetched_at > (select bulk_loaded_at from watermarks)
    )

),

-- Rows whose committee owner or industry coding changed, or whose bulk twin came or went.
stale as (

    select previous.sub_id
    from previous
    inner join contributions
        on previous.sub_id = contributions.sub_id
    left join committee_owners
        on previous.committee_id = committee_owners.committee_id
    left join industry_matches
        on previous.contributor_employer = industry_matches.employer
    where previous.figure_id is distinct from committee_owners.figure_id
        or previous.industry_id is distinct from industry_matches.industry_id
        or previous.industry_rule is distinct from industry_matches.industry_rule
        or previous.is_also_in_bulk is distinct from contributions.is_also_in_bulk

),

touched as (

    select sub_id from arrived
    union
    select sub_id from stale

),

-- Every report a touched row belongs to, now or in the previous build.
touched_reports as (

    select {{ fec_report_key('contributions') }}
    from contributions
    semi join touched
        on contributions.sub_id = touched.sub_id
    union
    select {{ fec_report_key('previous') }}
    from previous
    semi join touched
        on previous.sub_id = touched.sub_id

),

to_build as (

    select contributions.*
    from contributions
    left join touched_reports
        on contributions.committee_id = touched_reports.committee_id
            and contributions.transaction_id = touched_reports.transaction_id
            and coalesce(contributions.report_type, '') = touched_reports.report_type_key
            and coalesce(contributions.report_year, 0) = touched_reports.report_year_key
    where touched_reports.committee_id is not null
        or contributions.sub_id in (select sub_id from touched)

),

{% else %}

to_build as (

    select * from contributions

),

{% endif %}

superseded as (

    {{ superseded_sub_ids('to_build') }}

),

final as (

    select
        to_build.*,
        committee_owners.figure_id,
        industry_matches.industry_id,
        industry_matches.industry_rule,
        {{ fec_is_memo('to_build.memo_code', 'to_build.memoed_subtotal') }} as is_memo,
        coalesce(
            to_build.conduit_committee_id is not null
            or to_build.receipt_type in ('15E', '15J')
            or upper(to_build.memo_text) like '%EARMARK%',
            false
        ) as is_earmarked,
        superseded.sub_id is not null as is_superseded,
        coalesce(to_build.amount < 0, false) as is_refund,
        -- Individual itemized: lines 11(a)(i) / 17(a). The bulk file has no line numbers: its
        -- contributions from individuals (15, earmarked 15E) and their refunds (22Y) are told
        -- by transaction type; a candidate's own money (15C), non-contribution-account
        -- receipts (10) and the rest are not what the FEC's summaries count as individual
        -- contributions (checked against webk/weball in fct_bulk_reconciliation).
        coalesce(
            to_build.line_number like '11A%'
            or to_build.line_number like '17A%'
            or (
                to_build.source = 'bulk'
                and to_build.receipt_type in ('15', '15E', '22Y')
            ),
            false
        ) as is_individual_itemized
    from to_build
    left join committee_owners
        on to_build.committee_id = committee_owners.committee_id
    left join industry_matches
        on to_build.contributor_employer = industry_matches.employer
    left join superseded
        on to_build.sub_id = superseded.sub_id

)

select
    *,
    not is_memo and not is_superseded as counts_toward_total,
    now() as flagged_at
from final
