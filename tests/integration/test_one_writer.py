"""One writer, truly: a killed run does not leave dbt writing unlocked, writers wait for readers,
an overlapping run never makes a publish fail, and a killed publish leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingest import pipeline
from ingest.common.settings import REPO_ROOT
from ingest.common.warehouse import WarehouseBusy, connect

pytestmark = pytest.mark.integration

INFLUENCE = str(Path(sys.executable).with_name("influence"))


def influence(data_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([INFLUENCE, "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, timeout=600, cwd=REPO_ROOT, env=_env(), **kwargs)


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_")}
    env["INFLUENCE_MODE"] = "offline"
    return env


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def extracted(tmp_path) -> Path:
    """A data folder where the offline FEC extract and the load have run."""
    data = tmp_path / "data"
    for args in (("extract", "--source", "fec"), ("load",)):
        done = influence(data, "-q", *args)
        assert done.returncode == 0, done.stderr[-3000:]
    return data


def test_sigkill_of_run_during_dbt_then_an_immediate_load_succeeds(extracted):
    run = subprocess.Popen([INFLUENCE, "--data-dir", str(extracted), "run", "--source", "fec"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO_ROOT,
                           env=_env())
    deadline = time.monotonic() + 240
    dbt = []
    while time.monotonic() < deadline and run.poll() is None and not dbt:
        dbt = [pid for pid, cmd in children(run.pid) if "dbt" in cmd and " build" in cmd]
        time.sleep(0.2)
    assert dbt, "dbt never started"
    time.sleep(4)  # dbt has opened the warehouse and is writing
    assert run.poll() is None and alive(dbt[0])
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    loaded = influence(extracted, "load")  # at once: no waiting for dbt by hand
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert "Conflicting lock" not in loaded.stderr
    assert not alive(dbt[0])  # dbt died with its parent
    con = duckdb.connect(str(extracted / "warehouse.duckdb"), read_only=True)
    assert con.execute("select count(*) from raw_fec.schedule_a").fetchone()[0] > 500
    con.close()


def test_a_writer_waits_for_a_reader_and_then_succeeds(extracted):
    warehouse = extracted / "warehouse.duckdb"
    reader = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; "
         "c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
         "time.sleep(float(sys.argv[2]))", str(warehouse), "4"],
        stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    started = time.monotonic()
    loaded = influence(extracted, "load")
    waited = time.monotonic() - started
    reader.wait()
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert "waiting up to" in loaded.stderr and f"pid {reader.pid}" in loaded.stderr
    assert waited >= 2.0

    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; "
         "c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
         "time.sleep(30)", str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(WarehouseBusy, match=rf"kept open by pid {holder.pid} .*waited 1 s"):
            connect(warehouse, wait=1.0, poll=0.2)
    finally:
        holder.kill()
        holder.wait()


def test_an_overlapping_run_never_makes_the_publish_fail(warehouse_copy):
    settings = warehouse_copy
    pipeline.validate_step(settings)  # run A's gate passes
    pipeline.link_step(settings)  # run B writes the warehouse before A publishes
    published = pipeline.publish_step(settings)  # A: gate again in the same critical section
    assert published["revalidated"] is True
    assert settings.published_path.exists()
    assert pipeline.publish_step(settings)["revalidated"] is False  # nothing changed since


KILL_DURING_PUBLISH = """
import os, signal, sys
from ingest import pipeline
from ingest.publish import release as publish
from ingest.common.settings import Settings

def killed(con):  # the temporary copy is open and being stamped: die here
    os.kill(os.getpid(), signal.SIGKILL)

publish.provenance_facts = killed
pipeline.publish_step(Settings.from_env(data_dir=sys.argv[1], mode="offline"))
"""


def test_a_killed_publish_leaves_no_temp_file_after_the_next_run(built, warehouse_copy):
    settings = warehouse_copy
    shutil.copytree(built[0].state_dir / "fec", settings.state_dir / "fec")  # the resolution
    pipeline.validate_step(settings)
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_PUBLISH, str(settings.data_dir)],
                            capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    left = list(settings.data_dir.glob(".influence.duckdb.*.tmp*"))
    assert left and not settings.published_path.exists()

    pipeline.publish_step(settings)  # the next run
    assert not list(settings.data_dir.glob(".influence.duckdb.*"))
    assert settings.published_path.exists()

    # a killed publish followed by the next run's first writer (load) is cleaned there already
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_PUBLISH, str(settings.data_dir)],
                            capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
    assert list(settings.data_dir.glob(".influence.duckdb.*.tmp*"))
    pipeline.load_step(settings)
    assert not list(settings.data_dir.glob(".influence.duckdb.*"))
