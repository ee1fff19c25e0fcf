"""The date a bulk file is current as of: Last-Modified over HTTP; a folder's bulk_manifest.json,
else the zip's modification date."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from ingest.sources.fec_bulk.as_of import AsOfError, read_as_of, record_as_of, resolve_as_of
from tests.ingest.sources.fec_bulk.helpers import fetch_zip, indiv_line, put_zip


def test_http_uses_the_zips_last_modified():
    record = {"url": "https://www.fec.gov/files/bulk-downloads/2020/cm20.zip",
              "last_modified": "Sun, 24 Mar 2019 23:10:02 GMT",
              "fetched_at": "2026-11-30T08:00:00+00:00"}
    found = resolve_as_of(record, "2020/cm20.zip")
    assert (found.as_of, found.basis) == (date(2019, 3, 24), "Last-Modified")
    del record["last_modified"]
    found = resolve_as_of(record, "2020/cm20.zip")
    assert found.as_of == date(2026, 11, 30) and found.basis.startswith("download date")


def test_a_folder_without_a_manifest_uses_the_zips_mtime(tmp_path):
    path = put_zip(tmp_path / "fec", 2020, "cm", b"x\n")
    os.utime(path, (1_553_212_800, 1_553_212_800))  # 2019-03-22 00:00 UTC
    fetched = fetch_zip(tmp_path / "fec", tmp_path / "bulk", "cm", 2020)

    found = read_as_of(fetched.local_path, "2020/cm20.zip")

    assert (found.as_of, found.basis) == (date(2019, 3, 22), "file modification time")


def test_the_manifest_wins_and_per_file_entries_win_over_it(tmp_path):
    base = tmp_path / "fec"
    put_zip(base, 2020, "indiv", indiv_line(1))
    put_zip(base, 2016, "cn", b"x\n")
    (base / "bulk_manifest.json").write_text(json.dumps({
        "as_of": "2019-03-22", "note": "excerpts of the FEC's files",
        "files": {"2016/cn16.zip": {"as_of": "2015-09-19"}, "cm16.zip": "2015-09-20"}}))
    put_zip(base, 2016, "cm", b"x\n")

    indiv = fetch_zip(base, tmp_path / "bulk", "indiv", 2020)
    cn = fetch_zip(base, tmp_path / "bulk", "cn", 2016)
    cm = fetch_zip(base, tmp_path / "bulk", "cm", 2016)

    assert read_as_of(indiv.local_path, "2020/indiv20.zip").as_dict() == {
        "as_of": "2019-03-22", "basis": "bulk_manifest.json",
        "note": "excerpts of the FEC's files"}
    assert read_as_of(cn.local_path, "2016/cn16.zip").as_of == date(2015, 9, 19)
    assert read_as_of(cm.local_path, "2016/cm16.zip").as_of == date(2015, 9, 20)  # by zip name


def test_the_date_is_kept_beside_the_zip_once_fetched(tmp_path):
    base = tmp_path / "fec"
    put_zip(base, 2020, "cm", b"x\n")
    (base / "bulk_manifest.json").write_text('{"as_of": "2019-03-22"}')
    fetched = fetch_zip(base, tmp_path / "bulk", "cm", 2020)
    (base / "bulk_manifest.json").unlink()  # the source folder is gone by load time

    assert read_as_of(fetched.local_path, "2020/cm20.zip").as_of == date(2019, 3, 22)
    assert record_as_of(fetched.local_path, "2020/cm20.zip").basis == "file modification time"


def test_a_bad_manifest_date_is_a_clear_error(tmp_path):
    base = tmp_path / "fec"
    put_zip(base, 2020, "cm", b"x\n")
    (base / "bulk_manifest.json").write_text('{"as_of": "22/03/2019"}')
    with pytest.raises(AsOfError, match=r"bulk_manifest.json: as_of '22/03/2019' is not a date"):
        fetch_zip(base, tmp_path / "bulk", "cm", 2020)
