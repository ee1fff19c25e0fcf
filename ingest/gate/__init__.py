"""Stage 5, the gate: Great Expectations suites (`suites`) on the built marts and links
(`checks.run_gate`).

Takes: the warehouse after ``dbt build``, the link step and the answer marts, and
``review/linkage.yml`` (the thresholds the links must respect). Leaves: a receipt
(``state/gate_receipt.json``) naming the warehouse it passed, which `publish` requires; a failure
raises `checks.GateFailed` and leaves no receipt.
"""
