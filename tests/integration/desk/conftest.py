"""Published files for the reporters' desk (ask, export, site, explorer): one with the API
snapshot and the FEC's real 2020 bulk excerpt, one with the API snapshot only, each built from
the session's warehouse through the real steps; and a headless Chromium (Debian's, never a
downloaded one) for the site's pages."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.common.settings import Settings

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _copy(settings: Settings, data: Path) -> Settings:
    shutil.copyfile(settings.warehouse_path, data / "warehouse.duckdb")
    shutil.copytree(settings.state_dir, data / "state")
    return replace(settings, data_dir=data)


@pytest.fixture(scope="session")
def desk(built, tmp_path_factory) -> Settings:
    """Settings whose published file holds the API snapshot and the real 2020 bulk excerpt."""
    settings = _copy(built[0], tmp_path_factory.mktemp("desk"))
    for name in settings.bulk_files:
        pipeline.bulk_fetch_step(settings, name)
    pipeline.bulk_load_step(settings)
    for step in (pipeline.transform_step, pipeline.link_step, pipeline.answers_step,
                 pipeline.validate_step, pipeline.publish_step):
        step(settings)
    return settings


@pytest.fixture(scope="session")
def api_only(built, tmp_path_factory) -> Settings:
    """Settings whose published file holds the API snapshot only (no bulk files)."""
    settings = _copy(built[0], tmp_path_factory.mktemp("api-only"))
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)
    return settings


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM_PATHS if Path(p).exists()), shutil.which("chromium"))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; the tests skip when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium (Debian package `chromium`; `make install` installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-gpu",
                                        "--disable-background-networking"])
        yield chromium
        chromium.close()
