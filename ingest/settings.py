"""Every knob of the pipeline, read from the environment in this one module.

Secrets (API keys) are deliberately *not* resolved here: callers read them at the edge (the CLI or
an Airflow task) and pass them into `ingest` functions as arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEFAULT_CYCLES = (2014, 2016, 2018)
DEFAULT_LDA_YEARS = (2015, 2016, 2017, 2018)
MODES = ("offline", "live")


def parse_years(value: str | None, default: tuple[int, ...]) -> tuple[int, ...]:
    if not value:
        return default
    years = []
    for part in value.replace(" ", "").split(","):
        if part and (not part.isdigit() or not 1999 <= int(part) <= 2100):
            raise ValueError(f"INFLUENCE_LDA_YEARS: {part!r} is not a filing year")
        if part:
            years.append(int(part))
    return tuple(sorted(set(years)))


def parse_cycles(value: str | None) -> tuple[int, ...]:
    if not value:
        return DEFAULT_CYCLES
    cycles = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) % 2:
            raise ValueError(
                f"INFLUENCE_CYCLES: {part!r} is not a two-year cycle (an even year such as 2016)"
            )
        cycles.append(int(part))
    return tuple(sorted(set(cycles)))


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build one with `Settings.from_env()`."""

    data_dir: Path
    mode: str = "offline"
    watchlist_path: Path = REPO_ROOT / "watchlist.yml"
    cycles: tuple[int, ...] = DEFAULT_CYCLES
    fec_base_url: str = "https://api.open.fec.gov/v1"
    fec_rate_limit_per_hour: int | None = None
    lda_base_url: str = "https://lda.gov/api/v1"
    lda_rate_limit_per_minute: int | None = None
    lda_years: tuple[int, ...] = DEFAULT_LDA_YEARS
    snapshot_dir: Path = PACKAGE_DIR / "snapshot"
    dbt_project_dir: Path = REPO_ROOT / "dbt_project"
    review_dir: Path = REPO_ROOT / "review"
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = os.environ
        mode = env.get("INFLUENCE_MODE", "offline").strip().lower()
        if mode not in MODES:
            raise ValueError(f"INFLUENCE_MODE must be one of {MODES}, not {mode!r}")
        rate = env.get("FEC_RATE_LIMIT_PER_HOUR", "").strip()
        lda_rate = env.get("LDA_RATE_LIMIT_PER_MINUTE", "").strip()
        values = dict(
            data_dir=Path(env.get("INFLUENCE_DATA_DIR", REPO_ROOT / "data")).resolve(),
            mode=mode,
            watchlist_path=Path(env.get("INFLUENCE_WATCHLIST", REPO_ROOT / "watchlist.yml")),
            cycles=parse_cycles(env.get("INFLUENCE_CYCLES")),
            fec_base_url=env.get("FEC_API_BASE_URL", "https://api.open.fec.gov/v1").rstrip("/"),
            fec_rate_limit_per_hour=int(rate) if rate else None,
            lda_base_url=env.get("LDA_API_BASE_URL", "https://lda.gov/api/v1").rstrip("/"),
            lda_rate_limit_per_minute=int(lda_rate) if lda_rate else None,
            # Live runs also follow the current year; the offline snapshot covers 2015-2018.
            lda_years=parse_years(
                env.get("INFLUENCE_LDA_YEARS"),
                DEFAULT_LDA_YEARS + ((datetime.now(UTC).year,) if mode == "live" else ()),
            ),
            snapshot_dir=Path(env.get("INFLUENCE_SNAPSHOT_DIR", PACKAGE_DIR / "snapshot")),
            dbt_project_dir=Path(env.get("DBT_PROJECT_DIR", REPO_ROOT / "dbt_project")),
            review_dir=Path(env.get("INFLUENCE_REVIEW_DIR", REPO_ROOT / "review")),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" in overrides and overrides["data_dir"] is not None:
            values["data_dir"] = Path(overrides["data_dir"]).resolve()
        return cls(**values)

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def state_dir(self) -> Path:
        return self.data_dir / "state"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def published_path(self) -> Path:
        return self.data_dir / "influence.duckdb"
