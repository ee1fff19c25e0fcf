"""Progress reporting: log lines for Airflow task logs, a tqdm bar at a terminal."""

from __future__ import annotations

import io
import logging

from ingest.sources.fec_bulk import fetch
from ingest.sources.fec_bulk import progress as progress_module
from ingest.sources.fec_bulk.progress import LogProgress, TqdmProgress, default_progress
from tests.ingest.sources.fec_bulk.conftest import make_zip, sample_lines

GB = 1_000_000_000


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_log_lines_every_tenth_and_every_30_seconds(caplog):
    caplog.set_level(logging.INFO, logger="ingest.sources.fec_bulk.progress")
    clock = Clock()
    progress = LogProgress("indiv20.zip", clock=clock)
    total = int(5.5 * GB)

    progress(0, total)
    clock.now = 25.0
    progress(int(1.2 * GB), total)  # 22 % done, 25 s: a line
    clock.now = 26.0
    progress(int(1.3 * GB), total)  # under 10 % more and under 30 s: quiet
    clock.now = 56.0
    progress(int(1.35 * GB), total)  # 30 s since the last line: a line
    clock.now = 100.0
    progress(total, total)  # done: a line

    assert caplog.messages == [
        "indiv20.zip: 1.2 of 5.5 GB (21 %), 48 MB/s",
        "indiv20.zip: 1.4 of 5.5 GB (24 %), 24 MB/s",
        "indiv20.zip: 5.5 of 5.5 GB (100 %), 55 MB/s",
    ]


def test_a_tiny_file_done_in_one_chunk_still_logs_its_end(caplog):
    caplog.set_level(logging.INFO, logger="ingest.sources.fec_bulk.progress")
    LogProgress("cn20.zip", clock=Clock())(2_500_000, 2_500_000)
    assert caplog.messages == ["cn20.zip: 2.5 of 2.5 MB (100 %)"]


def test_default_progress_is_a_log_outside_a_terminal_and_tqdm_inside(monkeypatch):
    monkeypatch.setattr(progress_module.sys, "stderr", io.StringIO())
    assert isinstance(default_progress("cm20.zip"), LogProgress)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", terminal)
    bar = default_progress("cm20.zip")
    assert isinstance(bar, TqdmProgress)
    bar(4, 10)
    bar(10, 10)
    bar(3, 10)  # a restart from byte 0 resets the bar
    assert bar.bar.n == 3
    bar.close()
    assert "cm20.zip" in terminal.getvalue()


def test_fetch_without_a_progress_callback_logs_for_airflow(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(progress_module.sys, "stderr", io.StringIO())
    caplog.set_level(logging.INFO, logger="ingest.sources.fec_bulk.progress")
    make_zip(tmp_path / "bulk" / "2020" / "cm20.zip", {"cm.txt": sample_lines("cm.txt")})

    fetch(tmp_path / "bulk", 2020, "cm", tmp_path / "dest")

    assert any(m.startswith("cm20.zip: ") and "(100 %)" in m for m in caplog.messages)
