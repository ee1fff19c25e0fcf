"""What a long copy reports: log lines with rate and ETA, or a tqdm bar on a terminal."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from ingest.sources.fec_bulk.remote import Progress

log = logging.getLogger(__name__)


# --- progress ------------------------------------------------------------------------------------


_UNITS = (("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("bytes", 1.0))


def _unit(scale: float) -> tuple[str, float]:
    return next(((unit, size) for unit, size in _UNITS if scale >= size), _UNITS[-1])


def _rate(per_second: float) -> str:
    unit, size = _unit(per_second)
    value = per_second / size
    return f"{value:.0f} {unit}/s" if value >= 10 else f"{value:.1f} {unit}/s"


class LogProgress:
    """Progress as log lines, which is what an Airflow task log shows:
    ``indiv20.zip: 1.2 of 5.5 GB (22 %), 48 MB/s``. A line each time another `every_fraction` is
    done (but not within `min_seconds` of the last) or `every_seconds` have passed, and at the end."""

    def __init__(self, label: str, *, every_fraction: float = 0.10, every_seconds: float = 30.0,
                 min_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger = log):
        self.label = label
        self.every_fraction = every_fraction
        self.every_seconds = every_seconds
        self.min_seconds = min_seconds
        self.clock = clock
        self.logger = logger
        self._began: tuple[float, int] | None = None
        self._last: tuple[float, int] = (0.0, 0)

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        if self._began is None or done < self._last[1]:
            self._began = self._last = (now, done)
            if total is None or done < total:
                return
        since = now - self._last[0]
        grown = (done - self._last[1]) / total if total else 0.0
        finished = total is not None and done >= total
        if finished or since >= self.every_seconds or (grown >= self.every_fraction
                                                        and since >= self.min_seconds):
            self.logger.info("%s", self.line(done, total, now))
            self._last = (now, done)

    def line(self, done: int, total: int | None, now: float) -> str:
        began_at, began_with = self._began or (now, done)
        elapsed = now - began_at
        speed = f", {_rate((done - began_with) / elapsed)}" if elapsed > 0 else ""
        unit, size = _unit(total or done)
        if not total:
            return f"{self.label}: {done / size:.1f} {unit}{speed}"
        share = 100 * done // total
        return f"{self.label}: {done / size:.1f} of {total / size:.1f} {unit} ({share} %){speed}"


class TqdmProgress:
    """A tqdm bar on stderr, for a person at a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, initial=done, desc=self.label, unit="B", unit_scale=True,
                            unit_divisor=1024, leave=True)
            return
        if done < self.bar.n:
            self.bar.reset(total=total)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def default_progress(label: str) -> Progress:
    """A tqdm bar when stderr is a terminal (and tqdm is installed), else `LogProgress`."""
    if sys.stderr is not None and sys.stderr.isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            pass
        else:
            return TqdmProgress(label)
    return LogProgress(label)
