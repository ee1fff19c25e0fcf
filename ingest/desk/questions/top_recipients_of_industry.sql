-- question: Who received the most money from an industry in a cycle, through its employees and
--   its PACs, among every candidate and committee (not only the watchlist)?
-- params: industry=payday_lending, cycle=latest
-- answer: for the cycle asked (default: the latest with any of the industry's money), one row
--   per recipient (a candidate, with all the committees the FEC links to them, or
--   else a committee), largest first, in US dollars, split by channel, with how many
--   transactions and one filing to start checking from (fct_industry_recipient_items lists every
--   transaction with its date and filing).
-- caveats: employees are coded by the employer they wrote (the watchlist's patterns; see
--   `influence coding-report`); only itemized gifts (over $200) are in FEC data; gifts to the
--   industry's own PACs are left out (that money is counted when the PAC gives it); without the
--   FEC's bulk files only the watchlist's API slices are covered; the bundled 2020 bulk excerpt
--   holds every other line of the FEC's individual contributions file, as of 2019-03-22.
select
    cycle,
    recipient_type,
    recipient_id,
    min(recipient_name) as recipient_name,
    sum(amount) as dollars,
    sum(amount) filter (where channel = 'employees') as dollars_from_employees,
    sum(amount) filter (where channel = 'pacs') as dollars_from_pacs,
    sum(n_transactions) as n_transactions,
    min(example_filing_url) as example_filing_url
from fct_industry_recipient_totals
where industry_id = $industry
    and cycle = coalesce(
        try_cast($cycle as integer),
        (select max(cycle) from fct_industry_recipient_totals where industry_id = $industry)
    )
group by cycle, recipient_type, recipient_id
order by dollars desc, recipient_id
limit 50
