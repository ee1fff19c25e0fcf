-- question: Which watchlist industries gave the most to a candidate (any candidate, by FEC
--   candidate ID or part of the name), cycle by cycle?
-- params: candidate=H4FL20023
-- answer: one row per cycle and industry, largest first, in US dollars, split by channel
--   (employees, PACs), with how many transactions and the candidate's committees behind them.
-- caveats: only the watchlist's industries are coded (watchlist.yml; add one there); employees
--   are coded by the employer they wrote; only itemized gifts (over $200) are in FEC data; a name
--   matches every candidate whose FEC name contains it (check recipient_id); without the FEC's
--   bulk files only the watchlist's API slices are covered.
select
    cycle,
    recipient_id as candidate_id,
    min(recipient_name) as candidate_name,
    industry_id,
    sum(amount) as dollars,
    sum(amount) filter (where channel = 'employees') as dollars_from_employees,
    sum(amount) filter (where channel = 'pacs') as dollars_from_pacs,
    sum(n_transactions) as n_transactions,
    list_sort(list_distinct(flatten(list(recipient_committee_ids)))) as committee_ids
from fct_industry_recipient_totals
where recipient_type = 'candidate'
    and (recipient_id = upper(trim($candidate))
         or contains(upper(recipient_name), upper(trim($candidate))))
group by cycle, recipient_id, industry_id
order by cycle desc, dollars desc
