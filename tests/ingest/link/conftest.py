"""The synthetic warehouse and an empty review folder, for every link type's tests."""

from __future__ import annotations

import pytest

from tests.ingest.link.helpers import make_warehouse


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    make_warehouse(path)
    config = tmp_path / "config"
    config.mkdir()
    return path, config
