{#-
    Amendment rule for LD-1/LD-2 filings: an amendment is a new filing_uuid, so every version is
    kept and the latest posted one (ties: the greatest filing_uuid) is current within its group:
    * reports (quarterly, semi-annual, terminations, with or without activity): registrant x
      client x filing_year x filing_period;
    * registrations (RR, RA): the same key, but a group of their own, so that a registration
      never supersedes the first quarterly report of the same period or the other way round.
-#}
with

filings as (

    select * from {{ ref('stg_lda__filings') }}

),

versions as (

    select
        filing_uuid,
        case when is_registration then 'registration' else 'report' end as version_group,
        row_number() over (
            partition by registrant_id, client_id, filing_year, filing_period, is_registration
            order by posted_at desc nulls last, filing_uuid desc
        ) as version_rank,
        count(*) over (
            partition by registrant_id, client_id, filing_year, filing_period, is_registration
        ) as n_versions
    from filings

),

final as (

    select
        filings.*,
        versions.version_group,
        versions.version_rank,
        versions.n_versions,
        versions.version_rank = 1 as is_current_version
    from filings
    inner join versions
        on filings.filing_uuid = versions.filing_uuid

)

select * from final
