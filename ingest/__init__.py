"""influence: follow money in US politics, from FEC and LDA filings to a documented DuckDB file.

One package per stage, in the order data flows (a stage imports only earlier stages and
`ingest.common`; tests/test_layout.py checks it):

sources (fec, lda, fec_bulk) -> landing -> load -> [dbt build] -> link -> [dbt build of the
answers] -> gate -> publish -> desk (questions, export, site, explore).

`ingest.pipeline` holds the steps the `influence` CLI (`ingest.cli`) and the Airflow DAGs run;
`ingest.airflow_plugin` creates the writer pool.
"""
