"""The DuckDB warehouse: one writer at a time.

DuckDB lets one process write a file, and Airflow runs tasks in separate processes. Every step that
writes (load, dbt build, publish) holds `writer_lock` for the whole step; a second writer waits
(and says so) instead of failing halfway. In Airflow the same steps also share the one-slot pool
``duckdb_writer``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class WarehouseBusy(RuntimeError):
    """Another process holds the writer lock."""


def lock_path(warehouse_path: Path) -> Path:
    return Path(str(warehouse_path) + ".lock")


@contextmanager
def writer_lock(warehouse_path: Path, *, timeout: float = 3600.0, poll: float = 1.0) -> Iterator[None]:
    """Hold the single-writer lock for `warehouse_path`, waiting up to `timeout` seconds."""
    path = lock_path(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{warehouse_path} is being written by another process ({holder}); "
                        f"gave up after {timeout:.0f} s"
                    ) from None
                if not announced:
                    log.info("waiting for the warehouse writer lock held by %s", holder)
                    announced = True
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def connect(path: Path, *, read_only: bool = False):
    """Open a DuckDB connection (imported lazily: DAG files import this module's callers)."""
    import duckdb

    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)
