"""The bulk steps the DAG's fetch and load tasks and `influence bulk` run, with their settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import duckdb
import pytest

from ingest import pipeline
from ingest.common.fec_bulk_files import COLUMNS, DEFAULT_BASE_URL, NAMES
from ingest.common.settings import REPO_ROOT, Settings
from ingest.pipeline import StepFailed, bulk_fetch_step, bulk_load_step
from tests.ingest.sources.fec_bulk.helpers import cm_line, indiv_line, put_zip

INFLUENCE = str(Path(sys.executable).with_name("influence"))


@pytest.fixture
def base(tmp_path):
    folder = tmp_path / "fec"
    put_zip(folder, 2020, "cm", cm_line("C00000001") + cm_line("C00000002"))
    put_zip(folder, 2020, "indiv", indiv_line(1) + indiv_line(2) + indiv_line(3))
    (folder / "bulk_manifest.json").write_text('{"as_of": "2019-03-22"}')
    return folder


def settings_for(tmp_path, base, **kwargs) -> Settings:
    kwargs.setdefault("bulk_files", ("indiv", "cm"))
    return Settings(data_dir=tmp_path / "data", bulk_base_url=str(base), bulk_cycles=(2020,),
                    **kwargs)


def table(settings, sql):
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- settings ------------------------------------------------------------------------------------


def test_bulk_settings_default_by_mode(monkeypatch):
    for name in ("FEC_BULK_BASE_URL", "INFLUENCE_BULK_CYCLES", "INFLUENCE_BULK_FILES",
                 "INFLUENCE_SNAPSHOT_DIR"):
        monkeypatch.delenv(name, raising=False)
    offline = Settings.from_env(mode="offline")
    assert offline.bulk_base_url == str(REPO_ROOT / "ingest" / "snapshot" / "bulk")
    assert offline.bulk_cycles == (2020,)
    assert offline.bulk_files == NAMES
    assert offline.bulk_dir == offline.data_dir / "bulk"
    live = Settings.from_env(mode="live", cycles=(2016, 2018))
    assert (live.bulk_base_url, live.bulk_cycles) == (DEFAULT_BASE_URL, (2016, 2018))

    monkeypatch.setenv("FEC_BULK_BASE_URL", "https://mirror.example/bulk/")
    monkeypatch.setenv("INFLUENCE_BULK_CYCLES", "2020, 2016")
    monkeypatch.setenv("INFLUENCE_BULK_FILES", "cm,indiv")
    chosen = Settings.from_env(mode="live")
    assert chosen.bulk_base_url == "https://mirror.example/bulk"
    assert (chosen.bulk_cycles, chosen.bulk_files) == ((2016, 2020), ("indiv", "cm"))
    # The DAG's and the CLI's choices win over the environment.
    assert Settings.from_env(bulk_cycles=(2018,), bulk_files=("webk",)).bulk_files == ("webk",)


def test_bad_bulk_settings_fail_naming_the_variable(monkeypatch):
    monkeypatch.setenv("INFLUENCE_BULK_CYCLES", "2019")
    with pytest.raises(ValueError, match="INFLUENCE_BULK_CYCLES: invalid FEC cycle '2019'"):
        Settings.from_env()
    monkeypatch.delenv("INFLUENCE_BULK_CYCLES")
    monkeypatch.setenv("INFLUENCE_BULK_FILES", "indiv,oppexp")
    with pytest.raises(ValueError, match="INFLUENCE_BULK_FILES: unknown file.s. oppexp"):
        Settings.from_env()


# -- the steps -----------------------------------------------------------------------------------


def test_fetch_then_load_summaries(tmp_path, base):
    settings = settings_for(tmp_path, base)

    fetched = [bulk_fetch_step(settings, name) for name in settings.bulk_files]
    loaded = bulk_load_step(settings)

    assert json.loads(json.dumps([*fetched, loaded])) == [*fetched, loaded]  # XCom-safe
    indiv = fetched[0]
    assert (indiv["step"], indiv["changed"], indiv["base"]) == ("bulk fetch indiv", 1, str(base))
    assert indiv["header"].startswith("catalogue (no header file")
    (file,) = indiv["files"]
    assert (file["zip"], file["as_of"], file["as_of_basis"]) == (
        "2020/indiv20.zip", "2019-03-22", "bulk_manifest.json")
    assert (settings.bulk_dir / "2020" / "indiv20.zip").is_file()
    assert loaded["step"] == "bulk load"
    assert [(f["source_file"], f["status"], f["rows_in"], f["rows_loaded"], f["as_of"])
            for f in loaded["files"]] == [
        ("2020/indiv20.zip:itcont.txt", "loaded", 3, 3, "2019-03-22"),
        ("2020/cm20.zip:cm.txt", "loaded", 2, 2, "2019-03-22")]
    assert (loaded["files_loaded"], loaded["rows_loaded"], loaded["rows_rejected"]) == (2, 5, 0)
    assert table(settings, "select count(*) from raw_fec_bulk.indiv") == [(3,)]

    again = [bulk_fetch_step(settings, name) for name in settings.bulk_files]
    reloaded = bulk_load_step(settings)
    assert [f["changed"] for f in again] == [0, 0]
    assert (reloaded["files_loaded"], reloaded["files_unchanged"]) == (0, 2)


def test_one_cycle_only(tmp_path, base):
    put_zip(base, 2016, "cm", cm_line("C00000016"))
    settings = settings_for(tmp_path, base, bulk_files=("cm",))
    summary = bulk_fetch_step(settings, "cm", cycle=2016)
    assert [f["zip"] for f in summary["files"]] == ["2016/cm16.zip"]
    assert not (settings.bulk_dir / "2020").exists()


def test_rejects_are_listed_then_capped(tmp_path, base):
    bad = b"".join(indiv_line(i, fields=20) for i in range(100, 112))
    put_zip(base, 2020, "indiv", b"".join(indiv_line(i) for i in range(30)) + bad)
    settings = settings_for(tmp_path, base, bulk_files=("indiv",))
    bulk_fetch_step(settings, "indiv")

    summary = bulk_load_step(settings)

    assert (summary["rows_in"], summary["rows_loaded"], summary["rows_rejected"]) == (42, 30, 12)
    assert len(summary["rejects"]) == 11
    assert summary["rejects"][0].startswith(
        "2020/indiv20.zip:itcont.txt line 31: MISSING COLUMNS: Expected Number of Columns: 21 "
        "Found: 20")
    assert summary["rejects"][-1] == "and 2 more: see raw_fec_bulk._rejects"


def test_a_file_that_fails_fails_the_step_after_the_others_load(tmp_path, base):
    put_zip(base, 2020, "cm", cm_line("C1").replace(b"|", b"", 3) * 3)  # 12 fields a line
    settings = settings_for(tmp_path, base)
    for name in settings.bulk_files:
        bulk_fetch_step(settings, name)

    with pytest.raises(StepFailed, match=r"bulk load failed .*2020/cm20.zip:cm.txt: "
                                         r"BulkLoadError: .*3 of 3 lines rejected"):
        bulk_load_step(settings)

    assert table(settings, "select count(*) from raw_fec_bulk.indiv") == [(3,)]
    assert table(settings, "select count(*) from raw_fec_bulk.cm") == [(0,)]


def test_an_absent_bulk_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("FEC_BULK_BASE_URL", raising=False)
    snapshot = tmp_path / "snapshot"
    settings = Settings(data_dir=tmp_path / "data", snapshot_dir=snapshot)
    with pytest.raises(StepFailed, match=r"the FEC bulk folder .*snapshot/bulk does not exist "
                                         r"\(the offline snapshot holds no bulk files yet\): set "
                                         r"FEC_BULK_BASE_URL"):
        bulk_fetch_step(settings, "cm")
    assert not settings.bulk_dir.exists()


def test_run_does_not_include_the_bulk_steps(monkeypatch):
    """`influence run` is the API pipeline only: the bulk files have their own DAG and command."""
    called = []
    monkeypatch.setattr(pipeline, "bulk_fetch_step", lambda *a, **k: called.append("fetch"))
    monkeypatch.setattr(pipeline, "bulk_load_step", lambda *a, **k: called.append("load"))
    for step in ("resolve_step", "extract_step", "lda_extract_step", "load_step",
                 "transform_step", "link_step", "answers_step", "validate_step", "publish_step"):
        monkeypatch.setattr(pipeline, step, lambda *a, _s=step, **k: {"step": _s})
    from ingest import cli

    monkeypatch.setattr(cli, "_summary", lambda *a: "")
    assert cli.main(["run"]) == 0
    assert called == []


# -- the CLI -------------------------------------------------------------------------------------


def run(*args, env_base=None):
    env = dict(os.environ)
    if env_base is not None:
        env["FEC_BULK_BASE_URL"] = str(env_base)
    return subprocess.run([INFLUENCE, *args], capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env)


def test_the_bulk_command_fetches_loads_and_says_what_it_did(tmp_path, base):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2, fields=3))
    data = str(tmp_path / "data")

    first = run("--data-dir", data, "bulk", "--file", "indiv", "--cycle", "2020", env_base=base)

    assert first.returncode == 0, first.stderr
    assert "REAL FEC bulk files from" in first.stdout and "SAMPLE" not in first.stdout
    assert "bulk cycles     2020" in first.stdout
    assert ("loaded          2020/indiv20.zip:itcont.txt: 1 rows, 1 rejected (of 2 lines), "
            "as of 2019-03-22") in first.stdout
    assert "2020/indiv20.zip:itcont.txt line 2: MISSING COLUMNS" in first.stdout
    assert "cm20" not in first.stdout  # only the chosen file

    again = run("--data-dir", data, "bulk", "--file", "indiv", "--cycle", "2020", env_base=base)
    assert again.returncode == 0, again.stderr
    assert "unchanged, nothing copied" in again.stdout
    assert "unchanged       2020/indiv20.zip:itcont.txt: same zip as last loaded" in again.stdout

    missing = run("--data-dir", data, "bulk", "--file", "cm", env_base=tmp_path / "nowhere")
    assert missing.returncode == 1
    assert "the FEC bulk folder" in missing.stderr and "does not exist" in missing.stderr


def test_over_http_the_as_of_date_is_the_zips_last_modified(tmp_path, bulk_server):
    zip_path = put_zip(tmp_path / "src", 2020, "cm", cm_line("C00000001"))
    served = bulk_server.put("bulk/2020/cm20.zip", zip_path.read_bytes())
    bulk_server.put("bulk/data_dictionaries/cm_header_file.csv",
                    (",".join(COLUMNS["cm"]) + "\n").encode())
    settings = Settings(data_dir=tmp_path / "data", mode="live",
                        bulk_base_url=bulk_server.url("bulk"), bulk_cycles=(2020,),
                        bulk_files=("cm",))

    fetched = bulk_fetch_step(settings, "cm")
    loaded = bulk_load_step(settings)

    expected = parsedate_to_datetime(served.last_modified).date().isoformat()
    assert fetched["header"] == "published"
    assert (fetched["files"][0]["as_of"], fetched["files"][0]["as_of_basis"]) == (
        expected, "Last-Modified")
    assert loaded["files"][0]["as_of"] == expected
    assert table(settings, "select source, as_of::varchar from raw_fec_bulk._loaded_files") == [
        (bulk_server.url("bulk/2020/cm20.zip"), expected)]
