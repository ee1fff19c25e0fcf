"""Shared helpers every stage imports; it imports no stage.

- `settings`: every knob of the pipeline, read from the environment (`Settings`).
- `http`: the polite HTTP client (rate budget, retries, bad-body detection) the API sources use.
- `warehouse`: opening the DuckDB warehouse, the single-writer lock and the extract locks.
- `watchlist`: the figures and industries to follow (``watchlist.yml``), and where the FEC
  resolution of the watchlist is saved (`resolution_path`).
- `fec_bulk_files`: the catalogue of FEC bulk files (names, columns, layout), kept as data.
- `files`: `atomic_write`, `utc_now`, `slug`.

Takes: the environment and ``watchlist.yml``. Leaves: nothing on its own.
"""
