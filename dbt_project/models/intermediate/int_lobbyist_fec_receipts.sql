{#- Itemized FEC receipts to watchlist figures from donors linked to an LDA lobbyist, one row per
    receipt and lobbyist, usable links only (auto or confirmed: see stg_links__lobbyist_donor_links),
    with the LD-203 item that reports the same gift when there is one: same lobbyist, figure and
    amount, dated within 7 days. -#}
with

contributions as (

    select * from {{ ref('fct_contributions') }}

),

clusters as (

    select * from {{ ref('stg_links__donor_clusters') }}

),

links as (

    select * from {{ ref('stg_links__lobbyist_donor_links') }}

),

ld203 as (

    select * from {{ ref('fct_lobbyist_contributions') }}

),

receipts as (

    select
        contributions.sub_id,
        contributions.figure_id,
        contributions.cycle,
        contributions.contribution_date,
        contributions.filing_date,
        contributions.amount,
        contributions.contributor_name,
        contributions.contributor_employer,
        contributions.industry_id as employer_industry_id,
        contributions.filing_url,
        clusters.donor_id,
        links.lobbyist_id,
        links.lobbyist_name,
        links.match_probability as link_probability,
        links.status as link_status,
        links.evidence as link_evidence
    from contributions
    inner join clusters
        on contributions.sub_id = clusters.sub_id
    inner join links
        on clusters.donor_id = links.donor_id
    where
        contributions.counts_toward_total
        and contributions.figure_id is not null
        and links.is_usable

),

same_gift as (

    select
        receipts.sub_id,
        receipts.lobbyist_id,
        min(ld203.contribution_item_id) as ld203_item_id
    from receipts
    inner join ld203
        on receipts.lobbyist_id = ld203.lobbyist_id
            and receipts.figure_id = ld203.figure_id
            and receipts.amount = ld203.amount
            and abs(date_diff('day', receipts.contribution_date, ld203.contribution_date)) <= 7
    where ld203.is_current_version and ld203.contribution_type = 'feca'
    group by receipts.sub_id, receipts.lobbyist_id

),

final as (

    select
        receipts.*,
        same_gift.ld203_item_id
    from receipts
    left join same_gift
        on receipts.sub_id = same_gift.sub_id
            and receipts.lobbyist_id = same_gift.lobbyist_id

)

select * from final
