select
    figure_id,
    cycle,
    itemized_individual_receipts,
    fec_individual_itemized_contributions,
    reconciliation_difference,
    is_reconciled
from fct_figure_cycle_summary
order by figure_id, cycle
