"""Stage 3, load: the landing zone and the bulk zips into the warehouse's raw tables, idempotently.

API responses (`responses.load_landing`, the rules in its docstring), in modules by job:

- `records`: one body: which table each record goes to, its key, its origin (Python reader).
- `landed`: one landed file: its sidecar, fetch time and route, or why it is quarantined.
- `bookkeeping`: the load summary, the raw tables' schema, quarantined files.
- `batch_read`: a batch of bodies read by DuckDB itself (Python for the rest).
- `batch_write`: a batch upserted, latest fetch wins, with its rejects, conflicts and files.
- `responses`: the load itself, batch by batch.
- `origins`: rows per origin and live base URLs (for the published file's provenance).
- `config`: the watchlist and the FEC resolution into ``raw_config``.

FEC bulk files: `bulk` (one cycle of one file replaced per transaction) and `bulk_staging`
(a zip member extracted, decoded and cleaned for DuckDB's CSV reader).

Takes: ``landing/<source>/`` files, ``bulk/`` zips, the watchlist and the FEC resolution.
Leaves: ``raw_fec``, ``raw_lda``, ``raw_fec_bulk`` and ``raw_config`` tables (with their
``_loaded_files``, ``_rejects``, ``_conflicts`` and ``_quarantine`` bookkeeping), and
quarantined files under ``$INFLUENCE_DATA_DIR/quarantine/``.
"""
