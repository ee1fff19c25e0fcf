-- question: Which lobbyists working for payday lenders held covered government positions before
--   (the revolving door)?
-- answer: one row per lobbyist and disclosed covered position, with the years and clients.
-- caveats: covered positions are self-reported on LD-1/LD-2 filings and written free-form.
select
    lobbyist_name,
    covered_position,
    first_filing_year,
    last_filing_year,
    client_names,
    example_filing_document_url
from fct_revolving_door
where list_contains(activity_industry_ids, 'payday_lending')
order by lobbyist_name, covered_position
