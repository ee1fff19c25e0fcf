"""Stage 2, the landing zone: every API response body, verbatim, with its request sidecar
(`zone`, which holds the whole contract).

The sources write into it (`zone.land_response`, `zone.quarantine_response`) and `load` reads it
(which endpoints each kind takes, `zone.ENDPOINTS`; what a record of each raw table looks like,
`zone.SHAPES`; sidecars and fetch times). It imports nothing but `ingest.common`, so the sources
that write it and the loader that reads it both sit above it.

Takes: response bodies and their requests. Leaves: files under
``$INFLUENCE_DATA_DIR/landing/<source>/<kind>/<query>/`` (and unusable bodies under
``quarantine/extract/``).
"""
