"""The `influence` console script: the same steps as the DAG, with a summary and clear errors."""

import subprocess
import sys
from pathlib import Path

import duckdb

from ingest.common.settings import REPO_ROOT

INFLUENCE = str(Path(sys.executable).with_name("influence"))


def run(*args, cwd=REPO_ROOT):
    return subprocess.run([INFLUENCE, *args], capture_output=True, text=True, cwd=cwd)


def test_extract_and_load_print_a_summary(tmp_path):
    data = tmp_path / "data"
    extracted = run("--data-dir", str(data), "--cycle", "2016", "extract")
    assert extracted.returncode == 0, extracted.stderr
    assert "SAMPLE DATA" in extracted.stdout
    assert "API calls" in extracted.stdout and "rows landed" in extracted.stdout
    assert "schedule_a" in extracted.stderr  # progress lines
    loaded = run("--data-dir", str(data), "load")
    assert loaded.returncode == 0, loaded.stderr
    assert "quarantined     0 file(s)" in loaded.stdout
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    cycles = con.execute("select distinct record ->> 'two_year_transaction_period' "
                         "from raw_fec.schedule_a").fetchall()
    con.close()
    assert cycles == [("2016",)]


def test_a_malformed_watchlist_fails_fast_naming_the_entry(tmp_path):
    bad = tmp_path / "watchlist.yml"
    bad.write_text("figures:\n  - id: x\n    name: X\n    candidate_ids: [NOPE]\nindustries: []\n")
    result = run("--data-dir", str(tmp_path / "data"), "--watchlist", str(bad), "extract")
    assert result.returncode == 1
    assert "figures[0] (x): candidate_ids[0] 'NOPE' is not an FEC candidate ID" in result.stderr
    assert not (tmp_path / "data" / "landing").exists()


def test_live_mode_without_a_key_says_what_to_do(tmp_path):
    result = run("--data-dir", str(tmp_path / "data"), "--mode", "live", "extract")
    assert result.returncode == 1
    assert "FEC_API_KEY" in result.stderr
