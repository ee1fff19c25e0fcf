"""The OpenFEC API (https://api.open.fec.gov/v1/): `api` (the client), `extract` (resolving the
watchlist to FEC IDs and pulling each landing kind), `settings` (kinds, endpoints, page sizes).

Takes: the watchlist and an API key (or the offline snapshot). Leaves: response bodies under
``landing/fec/`` and the resolution under ``state/fec/resolution.json``.
"""
