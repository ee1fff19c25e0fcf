"""`fetch` from a local folder laid out like fec.gov's bulk-downloads tree."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile

import pytest

from ingest.common.fec_bulk_files import COLUMNS
from ingest.sources.fec_bulk import FetchError, fetch, fetch_header
from tests.ingest.sources.fec_bulk.conftest import REAL_BULK, make_zip, sample_lines


@pytest.fixture
def mirror(tmp_path):
    """A bulk-downloads folder holding 2020/cm20.zip and 2020/indiv20.zip (with by_date/ copies)."""
    base = tmp_path / "bulk"
    make_zip(base / "2020" / "cm20.zip", {"cm.txt": sample_lines("cm.txt")})
    itcont = sample_lines("itcont_odd_lines.txt")
    half = itcont.count(b"\n") // 2
    lines = itcont.splitlines(keepends=True)
    make_zip(base / "2020" / "indiv20.zip", {
        "itcont.txt": itcont,
        "by_date/itcont_2019_20190101_20190115.txt": b"".join(lines[:half]),
        "by_date/itcont_2019_20190116_20190131.txt": b"".join(lines[half:]),
    })
    return base


def test_fetch_copies_the_zip_and_records_it(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    source = mirror / "2020" / "cm20.zip"
    result = fetch(mirror, 2020, "cm", dest, progress=quiet)

    assert result.local_path == dest / "2020" / "cm20.zip"
    assert result.local_path.read_bytes() == source.read_bytes()
    assert result.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (result.changed, result.bytes, result.size) == (True, source.stat().st_size, source.stat().st_size)
    assert (result.member, result.by_date_members, result.resumed_from) == ("cm.txt", 0, 0)
    assert result.source == str(source)
    record = json.loads((dest / "2020" / "cm20.zip.fetch.json").read_text())
    assert record["sha256"] == result.sha256
    assert record["size"] == source.stat().st_size
    assert record["mtime_ns"] == source.stat().st_mtime_ns
    assert record["url"] == str(source)
    assert not (dest / "2020" / "cm20.zip.part").exists()
    assert quiet.calls[-1] == (source.stat().st_size, source.stat().st_size)
    assert json.loads(json.dumps(result.as_dict()))["local_path"] == str(result.local_path)


def test_an_unchanged_file_is_not_copied_again(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    first = fetch(mirror, 2020, "cm", dest, progress=quiet)
    before = first.local_path.stat()
    quiet.calls.clear()

    again = fetch(mirror, 2020, "cm", dest, progress=quiet)

    assert (again.changed, again.bytes) == (False, 0)
    assert again.sha256 == first.sha256
    assert again.fetched_at == first.fetched_at
    assert quiet.calls == []
    after = first.local_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_changed_file_is_fetched_again(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    first = fetch(mirror, 2020, "cm", dest, progress=quiet)
    source = mirror / "2020" / "cm20.zip"
    make_zip(source, {"cm.txt": sample_lines("cm.txt", count=50)})
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    again = fetch(mirror, 2020, "cm", dest, progress=quiet)

    assert again.changed and again.bytes == source.stat().st_size
    assert again.sha256 == hashlib.sha256(source.read_bytes()).hexdigest() != first.sha256


def test_a_file_url_base_is_a_folder(mirror, tmp_path, quiet):
    result = fetch(mirror.as_uri(), 2020, "cm", tmp_path / "dest", progress=quiet)
    assert result.changed and result.local_path.read_bytes() == (mirror / "2020" / "cm20.zip").read_bytes()


def test_by_date_members_are_counted_and_only_the_top_level_member_named(mirror, tmp_path, quiet, caplog):
    caplog.set_level("INFO", logger="ingest.sources.fec_bulk.download")
    result = fetch(mirror, 2020, "indiv", tmp_path / "dest", progress=quiet)
    assert result.member == "itcont.txt"
    assert result.by_date_members == 2
    assert "2 by_date/ members" in caplog.text


def test_a_zip_without_its_member_is_rejected_and_keeps_the_good_copy(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    good = fetch(mirror, 2020, "cm", dest, progress=quiet)
    source = mirror / "2020" / "cm20.zip"
    make_zip(source, {"2020/cm.txt": b"x|y\n", "README.txt": b"moved"})
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    with pytest.raises(FetchError, match=r"cm20.zip has no top-level member cm.txt; it holds: 2020/cm.txt, "
                                         r"README.txt"):
        fetch(mirror, 2020, "cm", dest, progress=quiet)

    assert hashlib.sha256(good.local_path.read_bytes()).hexdigest() == good.sha256
    assert zipfile.ZipFile(dest / "2020" / "cm20.zip.rejected").namelist() == ["2020/cm.txt", "README.txt"]
    assert json.loads((dest / "2020" / "cm20.zip.fetch.json").read_text())["sha256"] == good.sha256


def test_a_local_copy_that_no_longer_opens_is_fetched_again(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    first = fetch(mirror, 2020, "cm", dest, progress=quiet)
    first.local_path.write_bytes(b"\0" * first.size)  # same size, corrupted

    again = fetch(mirror, 2020, "cm", dest, progress=quiet)

    assert again.changed and again.bytes == first.size
    assert hashlib.sha256(again.local_path.read_bytes()).hexdigest() == first.sha256


def test_a_missing_source_file_is_a_clear_error(mirror, tmp_path, quiet):
    with pytest.raises(FetchError, match=r"bulk/2018/cm18.zip does not exist"):
        fetch(mirror, 2018, "cm", tmp_path / "dest", progress=quiet)


def test_a_part_from_the_same_version_is_resumed(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    source = mirror / "2020" / "indiv20.zip"
    body = source.read_bytes()
    # What a killed run leaves behind: the first bytes and the version they came from.
    (dest / "2020").mkdir(parents=True)
    (dest / "2020" / "indiv20.zip.part").write_bytes(body[:1000])
    stat = source.stat()
    (dest / "2020" / "indiv20.zip.part.json").write_text(json.dumps(
        {"url": str(source), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}))

    result = fetch(mirror, 2020, "indiv", dest, progress=quiet)

    assert (result.resumed_from, result.bytes) == (1000, len(body) - 1000)
    assert result.sha256 == hashlib.sha256(body).hexdigest()
    assert not (dest / "2020" / "indiv20.zip.part.json").exists()


def test_a_part_from_another_version_is_discarded(mirror, tmp_path, quiet):
    dest = tmp_path / "dest"
    source = mirror / "2020" / "indiv20.zip"
    body = source.read_bytes()
    (dest / "2020").mkdir(parents=True)
    (dest / "2020" / "indiv20.zip.part").write_bytes(b"stale bytes from an older zip")
    (dest / "2020" / "indiv20.zip.part.json").write_text(json.dumps(
        {"url": str(source), "size": len(body) + 5, "mtime_ns": 1}))

    result = fetch(mirror, 2020, "indiv", dest, progress=quiet)

    assert result.resumed_from == 0
    assert result.sha256 == hashlib.sha256(body).hexdigest()


def test_headers_from_a_folder_and_the_embedded_lists(tmp_path):
    header = REAL_BULK / "headers" / "pas2_header_file.csv"
    text = header.read_bytes() if header.is_file() else (",".join(COLUMNS["pas2"]) + "\n").encode()
    base = tmp_path / "bulk"
    (base / "data_dictionaries").mkdir(parents=True)
    (base / "data_dictionaries" / "pas2_header_file.csv").write_bytes(b"\xef\xbb\xbf" + text)

    columns = fetch_header(base, "pas2", tmp_path / "dest")

    assert columns == list(COLUMNS["pas2"])
    assert columns[16] == "CAND_ID"
    assert (tmp_path / "dest" / "data_dictionaries" / "pas2_header_file.csv").is_file()
    # No header file is published for weball/webl/webk: the lists come from code, with no I/O.
    assert fetch_header(tmp_path / "nowhere", "webk", tmp_path / "dest") == list(COLUMNS["webk"])
    assert not (tmp_path / "nowhere").exists()


def test_a_header_that_drifted_is_returned_and_warned_about(tmp_path, caplog):
    base = tmp_path / "bulk"
    (base / "data_dictionaries").mkdir(parents=True)
    (base / "data_dictionaries" / "ccl_header_file.csv").write_text(
        ",".join(COLUMNS["ccl"]) + ",NEW_COLUMN\n")

    columns = fetch_header(base, "ccl", tmp_path / "dest")

    assert columns[-1] == "NEW_COLUMN"
    assert "differs from the columns the pipeline knows for ccl" in caplog.text


def test_an_empty_header_is_an_error(tmp_path):
    base = tmp_path / "bulk"
    (base / "data_dictionaries").mkdir(parents=True)
    (base / "data_dictionaries" / "cn_header_file.csv").write_text("\n")
    with pytest.raises(FetchError, match="cn_header_file.csv holds no comma-separated column names"):
        fetch_header(base, "cn", tmp_path / "dest")


def test_bad_arguments_fail_before_any_io(tmp_path):
    with pytest.raises(ValueError, match="unknown FEC bulk file 'indv'"):
        fetch(tmp_path / "nowhere", 2020, "indv", tmp_path / "dest")
    with pytest.raises(ValueError, match="even year"):
        fetch(tmp_path / "nowhere", 2019, "indiv", tmp_path / "dest")
    with pytest.raises(ValueError, match="unknown FEC bulk file"):
        fetch_header(tmp_path / "nowhere", "webx", tmp_path / "dest")
    assert not (tmp_path / "dest").exists()
