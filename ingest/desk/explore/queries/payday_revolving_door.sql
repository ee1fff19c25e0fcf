select
    lobbyist_name,
    covered_position,
    first_filing_year,
    last_filing_year,
    client_names,
    example_filing_document_url
from fct_revolving_door
where exists (select 1 from json_each(activity_industry_ids) where value = 'payday_lending')
order by lobbyist_name, covered_position
