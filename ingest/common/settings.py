"""Every knob of the pipeline, read from the environment in this one module.

Secrets (API keys) are deliberately *not* resolved here: callers read them at the edge (the CLI or
an Airflow task) and pass them into `ingest` functions as arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.common.fec_bulk_files import DEFAULT_BASE_URL as FEC_BULK_URL
from ingest.common.fec_bulk_files import NAMES as BULK_NAMES
from ingest.common.fec_bulk_files import validate_cycle
from ingest.common.http import RetryPolicy

# ingest/common/settings.py: the package is two folders up, the repository three.
REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

DEFAULT_CYCLES = (2014, 2016, 2018)
DEFAULT_LDA_YEARS = (2015, 2016, 2017, 2018)
MODES = ("offline", "live")
# The bundled bulk excerpts are of the 2020 cycle; live runs default to INFLUENCE_CYCLES.
OFFLINE_BULK_CYCLES = (2020,)


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


def parse_bulk_cycles(value: str | None) -> tuple[int, ...] | None:
    """INFLUENCE_BULK_CYCLES ("2016,2020") as sorted cycles; None when unset."""
    if not value or not value.strip():
        return None
    cycles = set()
    for part in value.replace(" ", "").split(","):
        if part:
            try:
                cycles.add(validate_cycle(part))
            except ValueError as exc:
                raise ValueError(f"INFLUENCE_BULK_CYCLES: {exc}") from None
    return tuple(sorted(cycles)) or None


def parse_bulk_files(value: str | None, what: str = "INFLUENCE_BULK_FILES"
                     ) -> tuple[str, ...] | None:
    """INFLUENCE_BULK_FILES ("indiv,cm") as names in catalogue order; None when unset."""
    if not value or not value.strip():
        return None
    names = {part.strip().lower() for part in value.split(",") if part.strip()}
    unknown = sorted(names - set(BULK_NAMES))
    if unknown:
        raise ValueError(f"{what}: unknown file(s) {', '.join(unknown)}; "
                         f"expected some of {', '.join(BULK_NAMES)}")
    return tuple(name for name in BULK_NAMES if name in names) or None


def _number(env, name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a number") from None
    if number < 0:
        raise ValueError(f"{name}: {value!r} must not be negative")
    return number


def parse_retry_policy(env) -> RetryPolicy:
    """`RetryPolicy` from INFLUENCE_HTTP_MAX_RETRIES, _RETRY_WINDOW (seconds of back-off per
    request), _BACKOFF_BASE, _BACKOFF_MAX, _MAX_429_RETRIES and _RETRY_AFTER_DEFAULT (seconds)."""
    default = RetryPolicy()
    return RetryPolicy(
        max_retries=int(_number(env, "INFLUENCE_HTTP_MAX_RETRIES", default.max_retries)),
        retry_window=_number(env, "INFLUENCE_HTTP_RETRY_WINDOW", default.retry_window),
        backoff_base=_number(env, "INFLUENCE_HTTP_BACKOFF_BASE", default.backoff_base),
        backoff_max=_number(env, "INFLUENCE_HTTP_BACKOFF_MAX", default.backoff_max),
        max_429_retries=int(_number(env, "INFLUENCE_HTTP_MAX_429_RETRIES",
                                    default.max_429_retries)),
        retry_after_default=_number(env, "INFLUENCE_HTTP_RETRY_AFTER_DEFAULT",
                                    default.retry_after_default),
    )


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build one with `Settings.from_env()`.

    The bulk-file settings left as None resolve from the mode: `bulk_base_url` to fec.gov in
    live mode and to the bundled ``<snapshot_dir>/bulk`` folder offline; `bulk_cycles` to
    `cycles` live and `OFFLINE_BULK_CYCLES` offline; `bulk_files` to every catalogued file.
    """

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
    bulk_base_url: str | None = None
    bulk_cycles: tuple[int, ...] | None = None
    bulk_files: tuple[str, ...] | None = None
    # Operations: API retries (INFLUENCE_HTTP_*), how long a resolution of the watchlist is reused
    # (INFLUENCE_RESOLVE_TTL_HOURS), how long a writer waits for readers of the warehouse
    # (INFLUENCE_READER_WAIT_SECONDS) and for another process's lock (INFLUENCE_LOCK_TIMEOUT_SECONDS).
    http_retry: RetryPolicy = RetryPolicy()
    resolve_ttl_hours: float = 168.0
    reader_wait_seconds: float = 600.0
    lock_timeout_seconds: float = 6 * 3600.0
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        live = self.mode == "live"
        if self.bulk_base_url is None:
            base = FEC_BULK_URL if live else str(Path(self.snapshot_dir) / "bulk")
            object.__setattr__(self, "bulk_base_url", base)
        if self.bulk_cycles is None:
            object.__setattr__(self, "bulk_cycles", self.cycles if live else OFFLINE_BULK_CYCLES)
        else:
            object.__setattr__(self, "bulk_cycles",
                               tuple(sorted({validate_cycle(c) for c in self.bulk_cycles})))
        if self.bulk_files is None:
            object.__setattr__(self, "bulk_files", BULK_NAMES)
        else:
            chosen = parse_bulk_files(",".join(self.bulk_files), "bulk files")
            object.__setattr__(self, "bulk_files", chosen or BULK_NAMES)

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
            bulk_base_url=env.get("FEC_BULK_BASE_URL", "").strip().rstrip("/") or None,
            bulk_cycles=parse_bulk_cycles(env.get("INFLUENCE_BULK_CYCLES")),
            bulk_files=parse_bulk_files(env.get("INFLUENCE_BULK_FILES")),
            http_retry=parse_retry_policy(env),
            resolve_ttl_hours=_number(env, "INFLUENCE_RESOLVE_TTL_HOURS", 168.0),
            reader_wait_seconds=_number(env, "INFLUENCE_READER_WAIT_SECONDS", 600.0),
            lock_timeout_seconds=_number(env, "INFLUENCE_LOCK_TIMEOUT_SECONDS", 6 * 3600.0),
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

    @property
    def bulk_dir(self) -> Path:
        """Where FEC bulk zips and header files are downloaded to."""
        return self.data_dir / "bulk"
