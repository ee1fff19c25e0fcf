import subprocess
import sys
import time

import pytest

from ingest.common.warehouse import WarehouseBusy, writer_lock

HOLD = """
import sys, time
from ingest.common.warehouse import writer_lock
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


HOLD_OR_FAIL = """
import sys
from ingest.common.warehouse import WarehouseBusy, writer_lock
try:
    with writer_lock(sys.argv[1], timeout=0.3, poll=0.1):
        pass
except WarehouseBusy:
    sys.exit(3)
"""


def test_the_writer_lock_is_reentrant_within_a_process(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with writer_lock(warehouse, timeout=1):
        with writer_lock(warehouse, timeout=1):  # publish re-validating inside its own lock
            pass
        other = subprocess.run([sys.executable, "-c", HOLD_OR_FAIL, str(warehouse)],
                               capture_output=True, text=True, timeout=30)
        assert other.returncode == 3, other.stderr  # another process is still kept out
    with writer_lock(warehouse, timeout=1):  # released at the outer exit
        pass


PARENT_WITH_CHILD = """
import subprocess, sys, time
from ingest.common.warehouse import writer_child_kwargs, writer_lock
with writer_lock(sys.argv[1]):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                             **writer_child_kwargs())
    print(child.pid, flush=True)
    time.sleep(60)
"""


def test_a_writing_child_holds_the_lock_and_dies_with_its_killed_parent(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    parent = subprocess.Popen([sys.executable, "-c", PARENT_WITH_CHILD, str(warehouse)],
                              stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    with pytest.raises(WarehouseBusy):
        with writer_lock(warehouse, timeout=0.3, poll=0.1):
            pass
    parent.kill()  # SIGKILL: no cleanup in the parent
    parent.wait()
    started = time.monotonic()
    with writer_lock(warehouse, timeout=20, poll=0.05):  # free once the child is gone too
        assert not _alive(child)
    assert time.monotonic() - started < 10


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


HOLD_EXTRACT = """
import sys, time
from ingest.common.warehouse import extract_lock
with extract_lock(sys.argv[1], "fec"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_extract_of_a_source_waits_for_the_first(tmp_path):
    from ingest.common.warehouse import extract_lock

    holder = subprocess.Popen([sys.executable, "-c", HOLD_EXTRACT, str(tmp_path), "1.0"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with extract_lock(tmp_path, "lda", timeout=0.5):  # another source does not wait
        assert time.monotonic() - started < 0.4
    with pytest.raises(WarehouseBusy, match=r"fec is being extracted by another process"):
        with extract_lock(tmp_path, "fec", timeout=0.2, poll=0.05):
            pass
    with extract_lock(tmp_path, "fec", timeout=30, poll=0.05):
        assert time.monotonic() - started > 0.5
    holder.wait()


def test_dbt_is_run_again_when_a_reader_opened_the_warehouse_first(tmp_path, monkeypatch):
    from ingest.common.settings import Settings
    from ingest.pipeline import transform as pipeline

    conflict = ('IO Error: Could not set lock on file "warehouse.duckdb": Conflicting lock is '
                "held in /usr/bin/duckdb (PID 4242) by user root.")
    outputs = [conflict, "Done. PASS=3 WARN=0 ERROR=0 SKIP=0"]
    waits = []
    monkeypatch.setattr(pipeline, "wait_for_readers", lambda path, wait: waits.append(wait))
    monkeypatch.setattr(pipeline, "run_dbt", lambda settings, *args: subprocess.CompletedProcess(
        args, 1 if outputs[0] is conflict else 0, outputs.pop(0), ""))
    monkeypatch.setattr(pipeline.time, "sleep", lambda seconds: None)
    settings = Settings.from_env(data_dir=tmp_path, mode="offline")
    summary = pipeline.transform_step(settings, answers=True)
    assert summary["passed"] == 3 and len(waits) == 2 and outputs == []
