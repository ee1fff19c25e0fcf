"""A warehouse built once per session from the bundled offline snapshot, through the real steps."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.common.settings import Settings
from ingest.sources.fec.settings import EXTRACT_KINDS
from ingest.sources.lda.settings import EXTRACT_KINDS as LDA_EXTRACT_KINDS


def run_extract(settings: Settings) -> list[dict]:
    results = [pipeline.resolve_step(settings)]
    results += [pipeline.extract_step(settings, kind) for kind in EXTRACT_KINDS]
    results += [pipeline.lda_extract_step(settings, kind) for kind in LDA_EXTRACT_KINDS]
    return results


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Settings, dict]:
    """Settings of a data folder where resolve, extract, load, dbt build, link and the answer
    marts' dbt build have run offline."""
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("built"), mode="offline")
    extracted = run_extract(settings)
    loaded = pipeline.load_step(settings)
    transformed = pipeline.transform_step(settings)
    linked = pipeline.link_step(settings)
    answers = pipeline.answers_step(settings)
    return settings, {"extract": extracted, "load": loaded, "transform": transformed,
                      "link": linked, "answers": answers}


@pytest.fixture
def warehouse_copy(built, tmp_path) -> Settings:
    """A private copy of the built warehouse, for tests that plant defects in it."""
    settings, _ = built
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(settings.warehouse_path, data / "warehouse.duckdb")
    return replace(settings, data_dir=Path(data))
