{#-
    Amendment rule for LD-203 reports: every version is kept; the latest posted one (ties: the
    greatest filing_uuid) is current per filer (registrant_id x lobbyist_id, lobbyist_id null
    for the registrant's own report) x filing_year x filing_period.
-#}
with

reports as (

    select * from {{ ref('stg_lda__contribution_reports') }}

),

versions as (

    select
        filing_uuid,
        row_number() over (
            partition by registrant_id, lobbyist_id, filing_year, filing_period
            order by posted_at desc nulls last, filing_uuid desc
        ) as version_rank,
        count(*) over (
            partition by registrant_id, lobbyist_id, filing_year, filing_period
        ) as n_versions
    from reports

),

final as (

    select
        reports.*,
        versions.version_rank,
        versions.n_versions,
        versions.version_rank = 1 as is_current_version
    from reports
    inner join versions
        on reports.filing_uuid = versions.filing_uuid

)

select * from final
