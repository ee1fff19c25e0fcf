-- question: How much did the payday-lending industry give to Debbie Wasserman Schultz, cycle by
--   cycle, through its employees, its PACs and its lobbyists (LD-203)?
-- answer: one row per cycle and channel, in US dollars, with how many transactions and where to
--   start checking (fct_industry_money_items lists every transaction with its date and its
--   filing).
-- caveats: employees are coded by the employer they wrote (see `influence coding-report`);
--   itemized FEC data cover gifts over $200; the lobbyists channel counts LD-203 FECA gifts by
--   people who lobbied for a payday client that year, plus their FEC gifts found through a
--   lobbyist <-> donor link (auto or confirmed only); dollars_also_in_other_channels is the part
--   the employees channel already counts (in-house lobbyists): subtract it when adding channels.
select
    cycle,
    channel,
    amount as dollars,
    n_transactions,
    amount_also_in_other_channels as dollars_also_in_other_channels,
    example_filing_url
from fct_industry_money_to_figures
where industry_id = 'payday_lending' and figure_id = 'debbie_wasserman_schultz'
order by cycle, channel
