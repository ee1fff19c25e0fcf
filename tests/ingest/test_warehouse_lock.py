import subprocess
import sys
import time

import pytest

from ingest.warehouse import WarehouseBusy, writer_lock

HOLD = """
import sys, time
from ingest.warehouse import writer_lock
with writer_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_other_process(path, seconds):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = hold_in_other_process(warehouse, 5)
    try:
        with pytest.raises(WarehouseBusy, match=r"being written by another process \(pid \d+\)"):
            with writer_lock(warehouse, timeout=0.3, poll=0.1):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_waits_for_the_first_to_finish(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = hold_in_other_process(warehouse, 0.8)
    started = time.monotonic()
    with writer_lock(warehouse, timeout=30, poll=0.05):
        waited = time.monotonic() - started
    holder.wait()
    assert waited > 0.3
