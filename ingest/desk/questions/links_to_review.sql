-- question: Which links between records did the model score too low to use, and so leave for a
--   person to check?
-- answer: one row per candidate link below its threshold (lobbyist <-> FEC donor, lobbying
--   client <-> PAC sponsor or employer), best score first, with the evidence. None of them is
--   used in any answer until a reviewer confirms it in review/link_reviews.csv.
-- caveats: a score is the model's probability that the two records are the same person or
--   organisation, from fixed, documented rules (ingest/link/lobbyists.py, ingest/link/organizations.py); it
--   is not a fact. Pairs scored below the storage floor are not listed.
select
    'lobbyist_donor' as link_type,
    cast(lobbyist_id as varchar) as left_id,
    lobbyist_name as left_name,
    donor_id as right_id,
    donor_name as right_name,
    round(match_probability, 3) as score,
    evidence
from links.lobbyist_donor_links
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
from links.organization_links
where status = 'below_threshold'
order by score desc, link_type, left_id, right_id
