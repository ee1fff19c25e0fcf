select
    'lobbyist_donor' as link_type,
    cast(lobbyist_id as text) as left_id,
    lobbyist_name as left_name,
    donor_id as right_id,
    donor_name as right_name,
    round(match_probability, 3) as score,
    evidence
from links_lobbyist_donor_links
where status = 'below_threshold'
union all
select
    'client_organization',
    canonical_client_id,
    client_name,
    organization_id,
    organization_name,
    round(match_probability, 3),
    evidence
from links_organization_links
where status = 'below_threshold'
order by score desc, link_type, left_id, right_id
