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
