"""Stage 5, the gate: Great Expectations suites on the built marts and links (`checks.run_gate`).

Takes: the warehouse after ``dbt build``, the link step and the answer marts, and
``review/linkage.yml`` (the thresholds the links must respect). Leaves: a receipt
(``state/gate_receipt.json``) naming the warehouse it passed, which `publish` requires; a failure
raises `checks.GateFailed` and leaves no receipt.

`checks` (430 lines) stays one module: the suites, `run_gate` and the receipt were moved whole
from ``ingest/validation.py`` so that concurrent work on them merges by rename; split it by
suite once that has landed.
"""
