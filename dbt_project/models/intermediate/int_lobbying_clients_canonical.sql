{#-
    Client IDs are per registrant: a company that hires three firms has three client IDs. They
    are grouped into one canonical client by name:
    1. normalise with the macro `organization_name_key` (upper case, asides and punctuation
       dropped, & read as AND, legal-form words such as INC, LLC, CORP and CO dropped);
    2. group: a normalised name that begins with another one of at least two words, followed by
       more words, joins the shortest such name ("ADVANCE AMERICA CASH ADVANCE CENTERS" joins
       "ADVANCE AMERICA"; "ADVANCE AUTO PARTS" does not, and no one-word name absorbs others).
    canonical_client_id is the group's name as a lower-case slug (advance-america). There is
    no fuzzy matching: misspellings stay apart.
-#}
with

clients as (

    select * from {{ ref('stg_lda__clients') }}

),

filings as (

    select * from {{ ref('stg_lda__filings') }}

),

filed_clients as (

    select
        client_id,
        arg_max(registrant_id, posted_at) as registrant_id,
        arg_max(registrant_name, posted_at) as registrant_name,
        arg_max(client_name, posted_at) as latest_filed_name,
        list_sort(list_distinct(list(client_name))) as filed_names,
        count(*) as n_filings,
        min(filing_year) as first_filing_year,
        max(filing_year) as last_filing_year
    from filings
    group by client_id

),

client_ids as (

    select
        coalesce(clients.client_id, filed_clients.client_id) as client_id,
        coalesce(filed_clients.registrant_id, clients.registrant_id) as registrant_id,
        coalesce(filed_clients.registrant_name, clients.registrant_name) as registrant_name,
        -- The /clients/ record holds the client's current name; filings, the name as filed.
        coalesce(clients.client_name, filed_clients.latest_filed_name) as client_name,
        list_sort(list_distinct(list_concat(
            coalesce(filed_clients.filed_names, []),
            coalesce([clients.client_name], [])
        ))) as client_name_variants,
        coalesce(filed_clients.n_filings, 0) as n_filings,
        filed_clients.first_filing_year,
        filed_clients.last_filing_year
    from clients
    full outer join filed_clients
        on clients.client_id = filed_clients.client_id

),

normalized as (

    select
        client_id,
        {{ organization_name_key('client_name') }} as normalized_name
    from client_ids

),

names as (

    select distinct
        normalized_name,
        string_split(normalized_name, ' ')[1:2] as first_words,
        len(string_split(normalized_name, ' ')) as n_words
    from normalized

),

groups as (

    select
        names.normalized_name,
        arg_min(prefixes.normalized_name, length(prefixes.normalized_name)) as canonical_name
    from names
    inner join names as prefixes
        on names.first_words = prefixes.first_words
            and (
                names.normalized_name = prefixes.normalized_name
                or (
                    prefixes.n_words >= 2
                    and starts_with(names.normalized_name, prefixes.normalized_name || ' ')
                )
            )
    group by names.normalized_name

),

final as (

    select
        client_ids.client_id,
        client_ids.registrant_id,
        client_ids.registrant_name,
        client_ids.client_name,
        client_ids.client_name_variants,
        normalized.normalized_name,
        groups.canonical_name,
        lower(replace(groups.canonical_name, ' ', '-')) as canonical_client_id,
        client_ids.n_filings,
        client_ids.first_filing_year,
        client_ids.last_filing_year
    from client_ids
    inner join normalized
        on client_ids.client_id = normalized.client_id
    inner join groups
        on normalized.normalized_name = groups.normalized_name

)

select * from final
