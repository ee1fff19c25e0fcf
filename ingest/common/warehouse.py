"""The DuckDB warehouse: one writer at a time, for the whole life of every writing process.

DuckDB lets one process write a file, and Airflow runs tasks in separate processes. Three rules:

* Every step that writes or reads the warehouse (load, dbt build, link, validate, publish) holds
  `writer_lock` for the whole step; a second writer waits (and says so) instead of failing
  halfway. The lock is re-entrant within a process, and a child that writes (dbt) inherits it
  (`writer_child_kwargs`): the lock is free only when the parent *and* the child are gone, and the
  child is killed when its parent dies, so a killed ``influence run`` never leaves dbt writing
  unlocked. In Airflow the same steps also share the one-slot pool ``duckdb_writer``.
* A process outside the pipeline that opens the warehouse (even read-only) blocks DuckDB writers
  with "Conflicting lock". `connect` waits for it, saying who it waits for, up to a timeout.
* Extraction of one source is serialised by `extract_lock`, so two runs never pull the same
  queries at once.
"""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_READER_WAIT = 600.0
# Held locks of this process: path -> [open file, depth]. A nested `writer_lock` on the same
# file (publish re-validating inside its own critical section) must not wait for itself.
_HELD: dict[str, list] = {}


class WarehouseBusy(RuntimeError):
    """Another process holds the lock, or keeps the warehouse open, past the timeout."""


def lock_path(warehouse_path: Path) -> Path:
    return Path(str(warehouse_path) + ".lock")


@contextmanager
def file_lock(path: Path, *, what: str, timeout: float = 3600.0, poll: float = 1.0
              ) -> Iterator[None]:
    """Hold an exclusive `flock` on `path` (re-entrant in this process), waiting up to `timeout`
    seconds for another holder; `what` says what the holder does ("X is being written")."""
    path = Path(path)
    key = str(path.resolve()) if path.exists() else str(path.absolute())
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
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
                        f"{what} by another process ({holder}); gave up after {timeout:.0f} s"
                    ) from None
                if not announced:
                    log.info("waiting: %s by %s (lock %s)", what, holder, path)
                    announced = True
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        key = str(path.resolve())
        _HELD[key] = [handle, 1]
        try:
            yield
        finally:
            del _HELD[key]
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def writer_lock(warehouse_path: Path, *, timeout: float = 3600.0, poll: float = 1.0) -> Iterator[None]:
    """Hold the single-writer lock for `warehouse_path`, waiting up to `timeout` seconds."""
    with file_lock(lock_path(warehouse_path), timeout=timeout, poll=poll,
                   what=f"{warehouse_path} is being written"):
        yield


@contextmanager
def extract_lock(state_dir: Path, source: str, *, timeout: float = 6 * 3600.0,
                 poll: float = 2.0) -> Iterator[None]:
    """Hold the extract lock of `source` (fec, lda): a second extract of the same source waits
    for the first, then finds its cursors advanced instead of pulling the same pages again."""
    with file_lock(Path(state_dir) / source / "extract.lock", timeout=timeout, poll=poll,
                   what=f"{source} is being extracted"):
        yield


def held_lock_fds() -> tuple[int, ...]:
    """File descriptors of the locks this process holds, for a child to inherit."""
    return tuple(handle.fileno() for handle, _ in _HELD.values())


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    # Runs in the child between fork and exec: ask Linux to SIGTERM it when the parent dies,
    # then close the race where the parent died before the request was made.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def writer_child_kwargs() -> dict:
    """`subprocess.Popen` arguments for a child that writes the warehouse (dbt): it inherits the
    locks held here, so they stay held while it runs even if this process is killed, and it is
    sent SIGTERM when this process dies."""
    parent = os.getpid()
    return {"pass_fds": held_lock_fds(), "preexec_fn": lambda: _die_with_parent(parent)}


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def is_lock_conflict(error: BaseException | str) -> bool:
    """True for DuckDB's error when another process has the file open."""
    text = str(error)
    return "Conflicting lock" in text or "Could not set lock on file" in text


def lock_holder(error: BaseException | str) -> str:
    """'pid 123 (/usr/bin/duckdb)' from DuckDB's "Conflicting lock" message, else 'another process'."""
    match = _LOCK_HOLDER.search(str(error))
    return f"pid {match['pid']} ({match['program']})" if match else "another process"


def wait_for_readers(path: Path, *, wait: float | None = None, poll: float = 1.0) -> None:
    """Block until no other process has `path` open (readers included), or raise `WarehouseBusy`
    after `wait` seconds. For a writer that opens the file itself (dbt)."""
    connect(path, wait=wait, poll=poll).close()


def connect(path: Path, *, read_only: bool = False, wait: float | None = None,
            poll: float = 1.0):
    """Open a DuckDB connection (imported lazily: DAG files import this module's callers).

    When another process has the file open (a journalist's read-only client on the warehouse, a
    writer outside the pipeline), wait up to `wait` seconds (default 600) for it to close, logging
    who holds it, instead of failing at once.
    """
    import duckdb

    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    wait = DEFAULT_READER_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc):
                raise
            holder = lock_holder(exc)
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{path} is kept open by {holder}; waited {wait:.0f} s for it to close. "
                    "Query the published copy (influence.duckdb) instead of the warehouse, or "
                    "close that client and rerun."
                ) from None
            if not announced:
                log.warning("%s is open in %s: waiting up to %.0f s for it to close before "
                            "%s", path, holder, wait, "reading" if read_only else "writing")
                announced = True
            time.sleep(poll)
