"""`fetch` over HTTP, against a local server that can drop connections, fail and ignore Range."""

from __future__ import annotations

import hashlib
import json

import pytest

from ingest.common.fec_bulk_files import COLUMNS
from ingest.sources.fec_bulk import FetchError, fetch, fetch_header
from tests.ingest.sources.fec_bulk.conftest import make_zip, sample_lines

ZIP_PATH = "bulk/2020/indiv20.zip"


@pytest.fixture
def indiv_zip(tmp_path) -> bytes:
    lines = sample_lines("itcont_odd_lines.txt", count=400)
    return make_zip(tmp_path / "src" / "indiv20.zip", {
        "itcont.txt": lines,
        "by_date/itcont_2019_20190101_20190131.txt": lines,
    })


@pytest.fixture
def served(bulk_server, indiv_zip):
    bulk_server.put(ZIP_PATH, indiv_zip)
    return bulk_server


def _fetch(server, dest, **kwargs):
    kwargs.setdefault("progress", lambda done, total: None)
    # urllib3 discards a partly read chunk when the connection breaks, so the drop points below are
    # multiples of this chunk size (with 1 MiB chunks, a real drop loses at most 1 MiB).
    kwargs.setdefault("chunk_size", 1000)
    return fetch(server.url("bulk"), 2020, "indiv", dest, **kwargs)


def test_http_fetch_downloads_and_records_validators(served, indiv_zip, tmp_path):
    result = _fetch(served, tmp_path / "dest")

    assert result.local_path.read_bytes() == indiv_zip
    assert result.sha256 == hashlib.sha256(indiv_zip).hexdigest()
    assert (result.changed, result.bytes, result.by_date_members) == (True, len(indiv_zip), 1)
    assert result.source == served.url(ZIP_PATH)
    record = json.loads((tmp_path / "dest" / "2020" / "indiv20.zip.fetch.json").read_text())
    assert record["etag"] == served.files[ZIP_PATH].etag
    assert record["last_modified"] == served.files[ZIP_PATH].last_modified
    (request,) = served.seen(ZIP_PATH)
    assert request["headers"]["User-Agent"].startswith("influence/")
    assert request["headers"]["Accept-Encoding"] == "identity"
    assert "If-None-Match" not in request["headers"] and "Range" not in request["headers"]


def test_an_unchanged_file_is_answered_304_and_not_rewritten(served, tmp_path):
    first = _fetch(served, tmp_path / "dest")
    before = first.local_path.stat()

    again = _fetch(served, tmp_path / "dest")

    assert (again.changed, again.bytes, again.sha256) == (False, 0, first.sha256)
    last = served.seen(ZIP_PATH)[-1]
    assert last["headers"]["If-None-Match"] == served.files[ZIP_PATH].etag
    assert last["headers"]["If-Modified-Since"] == served.files[ZIP_PATH].last_modified
    assert last["status"] == 304
    after = first.local_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_new_version_on_the_server_is_downloaded(served, tmp_path):
    first = _fetch(served, tmp_path / "dest")
    newer = make_zip(tmp_path / "src" / "newer.zip", {"itcont.txt": sample_lines("itcont_odd_lines.txt", 10)})
    served.put(ZIP_PATH, newer)

    again = _fetch(served, tmp_path / "dest")

    assert again.changed and again.sha256 == hashlib.sha256(newer).hexdigest() != first.sha256
    assert served.seen(ZIP_PATH)[-1]["status"] == 200
    assert again.local_path.read_bytes() == newer


def test_a_dropped_connection_is_resumed_with_a_range_request(served, indiv_zip, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 5000

    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0.01)

    assert result.sha256 == hashlib.sha256(indiv_zip).hexdigest()
    assert result.local_path.read_bytes() == indiv_zip
    first, second = served.seen(ZIP_PATH)
    assert first["dropped_after"] == 5000
    assert second["headers"]["Range"] == "bytes=5000-"
    assert second["headers"]["If-Range"] == served.files[ZIP_PATH].etag
    assert second["status"] == 206
    assert (result.resumed_from, result.attempts, result.bytes) == (5000, 2, len(indiv_zip))
    assert sleeps == [0.01]


def test_a_truncated_transfer_keeps_the_part_and_the_next_run_resumes(served, indiv_zip, tmp_path):
    served.drop_after[ZIP_PATH] = 7000
    dest = tmp_path / "dest"

    with pytest.raises(FetchError) as failure:
        _fetch(served, dest, retries=0)

    message = str(failure.value)
    assert served.url(ZIP_PATH) in message and "7000 bytes received" in message
    assert (dest / "2020" / "indiv20.zip.part").stat().st_size == 7000
    assert not (dest / "2020" / "indiv20.zip").exists()
    assert not (dest / "2020" / "indiv20.zip.fetch.json").exists()

    result = _fetch(served, dest, retries=0)

    assert result.resumed_from == 7000 and result.bytes == len(indiv_zip) - 7000
    assert result.sha256 == hashlib.sha256(indiv_zip).hexdigest()
    assert served.seen(ZIP_PATH)[-1]["headers"]["Range"] == "bytes=7000-"
    assert not (dest / "2020" / "indiv20.zip.part").exists()


def test_a_server_that_ignores_range_is_followed_from_byte_zero(served, indiv_zip, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 3000
    served.ignore_range = True

    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0)

    first, second = served.seen(ZIP_PATH)  # the whole-file answer is used, not refetched
    assert second["headers"]["Range"] == "bytes=3000-" and second["status"] == 200
    assert result.resumed_from == 0
    assert result.local_path.read_bytes() == indiv_zip  # not the first 3000 bytes twice
    assert result.sha256 == hashlib.sha256(indiv_zip).hexdigest()


def test_a_206_for_the_wrong_range_is_not_appended(served, indiv_zip, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 3000
    served.mislabel_range = True

    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0)

    statuses = [(r["status"], r["headers"].get("Range")) for r in served.seen(ZIP_PATH)]
    assert statuses == [(200, None), (206, "bytes=3000-"), (200, None)]
    assert result.local_path.read_bytes() == indiv_zip
    assert result.resumed_from == 0


def test_a_part_of_an_older_version_is_not_spliced_into_the_new_one(served, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 4000
    dest = tmp_path / "dest"
    with pytest.raises(FetchError):
        _fetch(served, dest, retries=0)
    newer = make_zip(tmp_path / "src" / "newer.zip",
                     {"itcont.txt": sample_lines("itcont_odd_lines.txt", 500)})
    served.put(ZIP_PATH, newer)

    result = _fetch(served, dest, retries=0)

    last = served.seen(ZIP_PATH)[-1]
    assert last["headers"]["If-Range"] != served.files[ZIP_PATH].etag and last["status"] == 200
    assert result.resumed_from == 0
    assert result.local_path.read_bytes() == newer


def test_a_server_that_ignores_if_range_cannot_splice_versions(served, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 4000
    dest = tmp_path / "dest"
    with pytest.raises(FetchError):
        _fetch(served, dest, retries=0)
    newer = make_zip(tmp_path / "src" / "newer.zip",
                     {"itcont.txt": sample_lines("itcont_odd_lines.txt", 500)})
    served.put(ZIP_PATH, newer)
    served.ignore_if_range = True

    result = _fetch(served, dest, sleep=sleeps.append, backoff=0)

    # The 206 carries the new ETag, not the part's: the part is dropped and the file fetched whole.
    assert [r["status"] for r in served.seen(ZIP_PATH)][1:] == [206, 200]
    assert result.local_path.read_bytes() == newer


def test_short_range_answers_are_continued_until_the_file_is_complete(served, indiv_zip, tmp_path, sleeps):
    served.drop_after[ZIP_PATH] = 2000
    served.range_cap = 6000

    # Each short answer is progress, so it does not use up the single retry allowed.
    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0, retries=1)

    ranges = [r["headers"].get("Range") for r in served.seen(ZIP_PATH)]
    expected = [None] + [f"bytes={start}-" for start in range(2000, len(indiv_zip), 6000)]
    assert ranges == expected
    assert result.local_path.read_bytes() == indiv_zip
    assert result.sha256 == hashlib.sha256(indiv_zip).hexdigest()


def test_a_server_error_is_retried_with_backoff(served, indiv_zip, tmp_path, sleeps):
    served.fail[ZIP_PATH] = [503, 500]

    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0.5)

    assert [r["status"] for r in served.seen(ZIP_PATH)] == [503, 500, 200]
    assert sleeps == [0.5, 1.0]
    assert result.attempts == 3 and result.local_path.read_bytes() == indiv_zip


def test_persistent_server_errors_give_up_after_the_configured_retries(served, tmp_path, sleeps):
    served.fail[ZIP_PATH] = [502] * 10

    with pytest.raises(FetchError, match=r"failed after 3 attempts: HTTP 502"):
        _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0, retries=2)

    assert len(served.seen(ZIP_PATH)) == 3


def test_a_missing_file_is_not_retried(served, tmp_path, sleeps):
    with pytest.raises(FetchError, match=r"answered HTTP 404"):
        fetch(served.url("bulk"), 2016, "indiv", tmp_path / "dest", sleep=sleeps.append,
              progress=lambda done, total: None)
    assert len(served.seen("bulk/2016/indiv16.zip")) == 1 and sleeps == []


def test_a_complete_part_refused_with_416_is_downloaded_again(served, indiv_zip, tmp_path, sleeps):
    dest = tmp_path / "dest" / "2020"
    dest.mkdir(parents=True)
    (dest / "indiv20.zip.part").write_bytes(indiv_zip + b"extra")
    (dest / "indiv20.zip.part.json").write_text(json.dumps(
        {"url": served.url(ZIP_PATH), "size": len(indiv_zip), "etag": served.files[ZIP_PATH].etag}))

    result = _fetch(served, tmp_path / "dest", sleep=sleeps.append, backoff=0)

    assert [r["status"] for r in served.seen(ZIP_PATH)] == [416, 200]
    assert result.local_path.read_bytes() == indiv_zip


def test_no_credential_or_query_is_stored_or_raised(served, indiv_zip, tmp_path):
    cm_zip = make_zip(tmp_path / "src" / "cm20.zip", {"cm.txt": sample_lines("cm.txt")})
    served.put("bulk/2020/cm20.zip", cm_zip)
    base = f"http://fecuser:hunter2@127.0.0.1:{served.port}/bulk?token=s3cret"
    dest = tmp_path / "dest"

    result = fetch(base, 2020, "cm", dest, progress=lambda done, total: None)

    request = served.seen("bulk/2020/cm20.zip")[0]
    assert request["query"] == "token=s3cret" and request["headers"]["Authorization"].startswith("Basic ")
    record_text = (dest / "2020" / "cm20.zip.fetch.json").read_text()
    assert json.loads(record_text)["url"] == served.url("bulk/2020/cm20.zip") == result.source
    for secret in ("hunter2", "fecuser", "s3cret", "token"):
        assert secret not in record_text and secret not in repr(result)
    with pytest.raises(FetchError) as failure:
        fetch(base, 2018, "cm", dest, progress=lambda done, total: None)
    assert "s3cret" not in str(failure.value) and "hunter2" not in str(failure.value)


def test_a_header_is_fetched_over_http_and_conditionally_on_rerun(bulk_server, tmp_path):
    path = "bulk/data_dictionaries/cm_header_file.csv"
    bulk_server.put(path, (",".join(COLUMNS["cm"]) + "\n").encode())

    first = fetch_header(bulk_server.url("bulk"), "cm", tmp_path / "dest")
    again = fetch_header(bulk_server.url("bulk"), "cm", tmp_path / "dest")

    assert first == again == list(COLUMNS["cm"])
    assert [r["status"] for r in bulk_server.seen(path)] == [200, 304]
