-- question: Do our itemized totals for each figure match the FEC's own committee totals?
-- answer: one row per figure and cycle, in US dollars; is_reconciled is false when the gap is
--   beyond tolerance (the publish gate stops such a file from being published).
-- caveats: gaps come from records the API has not served yet and from late amendments.
select
    figure_id,
    cycle,
    itemized_individual_receipts,
    fec_individual_itemized_contributions,
    reconciliation_difference,
    is_reconciled
from fct_figure_cycle_summary
order by figure_id, cycle
