{#- A table: its name keys are regular expressions over every employer string, read by three
    data tests and the link step; computed once per build. -#}
{{ config(materialized='table') }}

{#-
    The organisations the link step compares, one row each, with their name keys
    (macro `organization_name_key`):
    * lobbying_client: a canonical LDA client (every spelling its filings used);
    * committee: an FEC committee's connected organisation (a PAC's sponsor);
    * employer: an employer string written by individual FEC contributors (API receipts of the
      watchlist, not the bulk files), grouped by its key;
      "not employed"-style answers are left out.
    The industry each was coded to (by the watchlist's name patterns) travels along: the link
    model counts agreement as evidence, never as proof.
-#}
with

clients as (

    select * from {{ ref('dim_lobbying_clients') }}

),

committees as (

    select * from {{ ref('dim_committees') }}

),

contributions as (

    select * from {{ ref('int_contributions_flagged') }}

),

client_keys as (

    select
        canonical_client_id,
        list_sort(list_distinct(list_transform(
            name_variants, lambda variant: {{ organization_name_key('variant') }}
        ))) as name_keys
    from clients

),

lobbying_clients as (

    select
        'lobbying_client' as organization_kind,
        clients.canonical_client_id as organization_id,
        clients.canonical_name as organization_name,
        list_filter(client_keys.name_keys, lambda key: key is not null) as name_keys,
        clients.industry_id,
        clients.n_filings as n_records,
        clients.name_variants as names_seen
    from clients
    inner join client_keys
        on clients.canonical_client_id = client_keys.canonical_client_id

),

connected as (

    select
        'committee' as organization_kind,
        committee_id as organization_id,
        connected_organization_name as organization_name,
        [{{ organization_name_key('connected_organization_name') }}] as name_keys,
        industry_id,
        1 as n_records,
        [committee_name] as names_seen
    from committees
    where
        connected_organization_name is not null
        and upper(trim(connected_organization_name)) not in ('', 'NONE', 'N/A', 'NA')

),

-- Each distinct employer string once (its receipts counted): the name key is a chain of
-- regular expressions, and receipts repeat their employers many times over.
distinct_employers as (

    select
        contributor_employer,
        industry_id,
        count(*) as n_receipts
    from contributions
    -- The watchlist's API receipts only: the bulk files' millions of employer strings would flood
    -- the organisation link step, and answers about clients rest on the watchlist's receipts.
    where entity_type = 'IND' and contributor_employer is not null and source = 'api'
    group by contributor_employer, industry_id

),

employer_strings as (

    select
        {{ organization_name_key('contributor_employer') }} as name_key,
        contributor_employer,
        industry_id,
        n_receipts
    from distinct_employers

),

employers as (

    select
        'employer' as organization_kind,
        'employer:' || name_key as organization_id,
        -- the spelling most receipts use (mode over the receipts)
        arg_max(contributor_employer, n_receipts) as organization_name,
        [name_key] as name_keys,
        min(industry_id) as industry_id,
        sum(n_receipts)::bigint as n_records,
        list_sort(list_distinct(list(contributor_employer)))[1:10] as names_seen
    from employer_strings
    where name_key is not null
        and name_key not in (
            'NONE', 'N A', 'NA', 'NOT EMPLOYED', 'UNEMPLOYED', 'RETIRED', 'SELF', 'SELF EMPLOYED',
            'SELFEMPLOYED', 'HOMEMAKER', 'INFORMATION REQUESTED',
            'INFORMATION REQUESTED PER BEST EFFORTS', 'REQUESTED', 'STUDENT', 'DISABLED'
        )
    group by name_key

),

final as (

    select * from lobbying_clients
    union all
    select * from connected
    union all
    select * from employers

)

select * from final
