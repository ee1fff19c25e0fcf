"""Stage 1, the sources: where the money and the lobbying come from.

- `fec`: the OpenFEC API. Resolves the watchlist to FEC IDs and pulls Schedule A, B and E
  itemisations and committee totals.
- `lda`: the Lobbying Disclosure API (LD-1/LD-2 filings, LD-203 contribution reports, the
  registrants, clients and lobbyists they name, the code lists).
- `fec_bulk`: the FEC's bulk files (zips of pipe-delimited text), downloaded whole.
- `query` (a query's identity and saved keyset cursors) and `replay` (the offline snapshot as an
  HTTP adapter) are shared by the two API sources.

Takes: the watchlist, `Settings`, API keys, the network or the bundled snapshot. Leaves: API
response bodies in the landing zone (``$INFLUENCE_DATA_DIR/landing/<source>/``, written through
`ingest.landing`), the FEC resolution (``state/fec/resolution.json``), cursors under ``state/``,
and bulk zips with their headers and as-of dates under ``$INFLUENCE_DATA_DIR/bulk/``.
"""
