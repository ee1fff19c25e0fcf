"""Fixtures every stage's tests may use: the FEC bulk server and quiet progress of the bulk source's
tests (tests/ingest/sources/fec_bulk/conftest.py), also used by the bulk load, pipeline and
publish tests."""

from tests.ingest.sources.fec_bulk.conftest import bulk_server, quiet, sleeps  # noqa: F401
