"""Each API DAG loads only its own source's landing files: the other DAG may be landing its own
at that moment (an FEC run's totals without its receipts), and a build on half a run fails the
reconciliation tests. The other source's files wait, unloaded, for their own run's load."""

from __future__ import annotations

import duckdb
import pytest

from ingest import pipeline
from ingest.common.settings import Settings
from tests.integration.conftest import run_extract


def loaded_files(settings: Settings, source: str) -> int:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(f"select count(*) from raw_{source}._loaded_files").fetchone()[0]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def test_a_dags_load_takes_only_its_own_source_and_the_build_passes(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", mode="offline")
    run_extract(settings)

    lda = pipeline.load_step(settings, sources=("lda",))
    assert lda["files_loaded"] > 0
    assert set(lda["rows"]) and all(name.startswith("lda.") for name in lda["rows"])
    assert loaded_files(settings, "fec") == 0
    assert loaded_files(settings, "lda") == lda["files_loaded"]
    # The LDA run's build passes with no FEC rows loaded yet.
    assert pipeline.transform_step(settings)["returncode"] == 0

    fec = pipeline.load_step(settings, sources=("fec",))
    assert fec["files_loaded"] > 0 and loaded_files(settings, "fec") == fec["files_loaded"]
    assert all(name.startswith("fec.") for name in fec["rows"])
    assert pipeline.load_step(settings)["files_loaded"] == 0


def test_an_unknown_source_is_refused_before_anything_loads(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", mode="offline")
    with pytest.raises(ValueError, match="sources must be some of"):
        pipeline.load_step(settings, sources=("fec_bulk",))
    assert not settings.warehouse_path.exists()
