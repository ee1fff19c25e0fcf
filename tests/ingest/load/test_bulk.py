"""Loading FEC bulk zips into raw_fec_bulk: the relation contract, rejects with their line numbers,
latin-1 bytes kept, one cycle replaced atomically, unchanged zips skipped, by_date/ never read."""

from __future__ import annotations

import duckdb
import pytest

from ingest.common.fec_bulk_files import COLUMNS, NAMES
from ingest.load import bulk as bulk_load
from ingest.load.bulk import ensure_schema, load_bulk
from ingest.load.bulk_staging import (
    BLANK_LINE,
    CARRIAGE_RETURN,
    BulkLoadError,
    decode_fec,
    encode_fec,
    stage_member,
)
from ingest.sources.fec_bulk.download import fetch_header
from tests.ingest.sources.fec_bulk.helpers import (
    cm_line,
    count_lines,
    fetch_and_load,
    fetch_zip,
    indiv_line,
    put_zip,
)


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def base(tmp_path):
    return tmp_path / "fec"


@pytest.fixture
def bulk_dir(tmp_path):
    return tmp_path / "data" / "bulk"


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


# -- the contract --------------------------------------------------------------------------------


def test_every_relation_exists_with_the_contract_columns_before_anything_loads(con):
    ensure_schema(con)
    ensure_schema(con)  # idempotent

    for name in NAMES:
        described = rows(con, f"describe raw_fec_bulk.{name}")
        columns = [(column, kind) for column, kind, *_ in described]
        assert columns == (
            [(column.lower(), "VARCHAR") for column in COLUMNS[name]]
            + [("cycle", "INTEGER"), ("source_file", "VARCHAR"), ("origin", "VARCHAR"),
               ("loaded_at", "TIMESTAMP WITH TIME ZONE")]), name
        assert rows(con, f"select count(*) from raw_fec_bulk.{name}") == [(0,)]
    pas2 = [c for c, *_ in rows(con, "describe raw_fec_bulk.pas2")]
    assert pas2[15:18] == ["other_id", "cand_id", "tran_id"]
    assert [c for c, *_ in rows(con, "describe raw_fec_bulk._rejects")] == [
        "name", "cycle", "source_file", "line_number", "raw_line", "reason", "rejected_at"]
    assert [c for c, *_ in rows(con, "describe raw_fec_bulk._loaded_files")] == [
        "name", "cycle", "source_file", "sha256", "source", "as_of", "as_of_basis", "fetched_at",
        "rows_in", "rows_loaded", "rows_rejected", "seconds", "loaded_at", "note"]


def test_a_load_fills_the_contract_columns(con, base, bulk_dir):
    content = indiv_line(1) + indiv_line(2, amount="250")
    put_zip(base, 2020, "indiv", content)

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert (result.status, result.rows_in, result.rows_loaded, result.rows_rejected) == (
        "loaded", 2, 2, 0)
    loaded = rows(con, """select sub_id, transaction_amt, memo_cd, cycle, source_file, origin,
                                 loaded_at is not null from raw_fec_bulk.indiv order by sub_id""")
    # An empty field is NULL; every value is text as filed.
    assert loaded == [("1", "100", None, 2020, "2020/indiv20.zip:itcont.txt", "bulk-files", True),
                      ("2", "250", None, 2020, "2020/indiv20.zip:itcont.txt", "bulk-files", True)]
    (record,) = rows(con, """select name, cycle, source_file, sha256, source, rows_in,
                                    rows_loaded, rows_rejected from raw_fec_bulk._loaded_files""")
    assert record == ("indiv", 2020, "2020/indiv20.zip:itcont.txt", result.sha256,
                      str(base / "2020" / "indiv20.zip"), 2, 2, 0)


# -- bad lines and latin-1 -----------------------------------------------------------------------


def test_bad_lines_are_rejects_with_line_number_raw_line_and_reason(con, base, bulk_dir):
    too_few = indiv_line(2, fields=20)
    too_many = indiv_line(4, fields=22)
    latin1 = indiv_line(5, name=b"MU\xd1OZ, JOS\xc9 \x92PEPE\x92")  # cp1252 quotes: 0x92
    with_cr = indiv_line(7).replace(b"|WRITER|", b"|WRI\rTER|")
    content = (indiv_line(1) + too_few + indiv_line(3) + too_many + latin1 + b"\n" + with_cr
               + indiv_line(8) + indiv_line(9).rstrip(b"\n"))  # the last line has no LF
    put_zip(base, 2020, "indiv", content)

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert result.rows_in == count_lines(content) == 9
    assert result.rows_in == result.rows_loaded + result.rows_rejected
    assert (result.rows_loaded, result.rows_rejected) == (5, 4)
    rejects = rows(con, """select line_number, raw_line, reason, source_file, cycle
                           from raw_fec_bulk._rejects order by line_number""")
    assert [(line, raw) for line, raw, *_ in rejects] == [
        (2, too_few.rstrip(b"\n").decode("ascii")),
        (4, too_many.rstrip(b"\n").decode("ascii")),
        (6, ""),
        (7, with_cr.rstrip(b"\n").decode("ascii"))]
    reasons = {line: reason for line, _, reason, *_ in rejects}
    assert reasons[2].startswith("MISSING COLUMNS") and "Found: 20" in reasons[2]
    assert reasons[4].startswith("TOO MANY COLUMNS") and "Found: 22" in reasons[4]
    assert (reasons[6], reasons[7]) == (BLANK_LINE, CARRIAGE_RETURN)
    assert {(s, c) for *_, s, c in rejects} == {("2020/indiv20.zip:itcont.txt", 2020)}
    assert [r for (r,) in rows(con, "select sub_id from raw_fec_bulk.indiv order by sub_id")] == [
        "1", "3", "5", "8", "9"]
    # Every byte of the Latin-1/Windows-1252 name is kept: it encodes back to the bytes filed.
    (name,) = rows(con, "select name from raw_fec_bulk.indiv where sub_id = '5'")[0]
    assert name == "MUÑOZ, JOSÉ \u2019PEPE\u2019"
    assert encode_fec(name) == b"MU\xd1OZ, JOS\xc9 \x92PEPE\x92"
    assert result.rejects[0].startswith("2020/indiv20.zip:itcont.txt line 2: MISSING COLUMNS")


def test_every_byte_decodes_to_one_character_and_back():
    every = bytes(range(256))
    text = decode_fec(every)
    assert len(text) == 256 and len(set(text)) == 256
    assert encode_fec(text) == every
    assert decode_fec(b"\xe9\x92\x93\x94\x80\x81\x9d") == "é\u2019\u201c\u201d€\x81\x9d"


def test_non_ascii_lines_of_any_byte_load_and_keep_their_bytes(con, base, bulk_dir):
    names = [bytes([b]) + b"X" for b in range(0x80, 0x100)]
    put_zip(base, 2020, "indiv", b"".join(indiv_line(i, name=n) for i, n in enumerate(names)))

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert (result.rows_loaded, result.rows_rejected) == (128, 0)
    loaded = dict(rows(con, "select sub_id::int, name from raw_fec_bulk.indiv"))
    assert [encode_fec(loaded[i]) for i in range(128)] == names


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 20])
def test_staging_counts_lines_across_chunk_boundaries(tmp_path, chunk_size):
    content = (b"\n" + indiv_line(1) + b"\n\n" + indiv_line(2).replace(b"DOE", b"D\rOE")
               + indiv_line(3) + b"\n" + b"x\ry")
    zip_path = put_zip(tmp_path / "fec", 2020, "indiv", content)

    staged = stage_member(zip_path, "itcont.txt", tmp_path / "staging", chunk_size=chunk_size)

    assert staged.lines == count_lines(content) == 8
    assert [(line, reason) for line, _, reason in staged.rejects] == [
        (1, BLANK_LINE), (3, BLANK_LINE), (4, BLANK_LINE), (5, CARRIAGE_RETURN),
        (7, BLANK_LINE), (8, CARRIAGE_RETURN)]
    # Rejected lines are blanked, never removed: DuckDB's line numbers stay the file's.
    assert staged.path.read_bytes() == b"\n" + indiv_line(1) + b"\n\n\n" + indiv_line(3) + b"\n"
    assert staged.size == len(content)


def test_lines_that_do_not_add_up_stop_the_load(con, base, bulk_dir, monkeypatch):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2))
    fetch_and_load(con, base, bulk_dir, "indiv")
    put_zip(base, 2020, "indiv", indiv_line(3) + indiv_line(4) + indiv_line(5))
    real = bulk_load.stage_parts

    def miscounted(*args, **kwargs):
        for part in real(*args, **kwargs):
            part.lines += 1  # a line DuckDB would have dropped without a trace
            yield part

    monkeypatch.setattr(bulk_load, "stage_parts", miscounted)
    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert result.status == "failed"
    assert "4 lines in, but 3 loaded and 0 rejected" in result.error
    assert rows(con, "select sub_id from raw_fec_bulk.indiv order by 1") == [("1",), ("2",)]


def test_a_file_mostly_of_rejects_keeps_the_old_rows(con, base, bulk_dir):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2))
    fetch_and_load(con, base, bulk_dir, "indiv")
    # The FEC adds a column: every line has 22 fields.
    put_zip(base, 2020, "indiv", indiv_line(3, fields=22) + indiv_line(4, fields=22)
            + indiv_line(5))

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert result.status == "failed"
    assert "2 of 3 lines rejected, more than 50%" in result.error
    assert "cycle 2020 keeps its old rows" in result.error
    assert rows(con, "select sub_id from raw_fec_bulk.indiv order by 1") == [("1",), ("2",)]
    assert rows(con, "select count(*) from raw_fec_bulk._rejects") == [(0,)]


# -- replacing a cycle ---------------------------------------------------------------------------


def test_a_new_version_replaces_exactly_its_cycle(con, base, bulk_dir):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2) + indiv_line(3, fields=3))
    put_zip(base, 2018, "indiv", indiv_line(81) + indiv_line(82) + indiv_line(83, fields=3))
    fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))
    put_zip(base, 2020, "indiv", indiv_line(21) + indiv_line(22))

    results = fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))

    assert [(r.cycle, r.status) for r in results] == [(2018, "unchanged"), (2020, "loaded")]
    assert rows(con, "select cycle, sub_id from raw_fec_bulk.indiv order by 1, 2") == [
        (2018, "81"), (2018, "82"), (2020, "21"), (2020, "22")]
    assert rows(con, "select cycle, line_number from raw_fec_bulk._rejects") == [(2018, 3)]
    assert rows(con, "select cycle, rows_loaded from raw_fec_bulk._loaded_files "
                     "order by loaded_at") == [(2018, 2), (2020, 2), (2020, 2)]


def test_a_member_that_cannot_be_read_leaves_the_old_rows(con, base, bulk_dir):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2))
    put_zip(base, 2018, "indiv", indiv_line(81))
    fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))
    before = rows(con, "select * from raw_fec_bulk.indiv order by sub_id")
    # A new 2020 zip whose member fails its CRC check half-way through extraction.
    path = put_zip(base, 2020, "indiv", indiv_line(3) + indiv_line(4) * 50, stored=True)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"DOE, JANE", b"DOE, JUNE", 30))

    results = fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))

    assert [(r.cycle, r.status) for r in results] == [(2018, "unchanged"), (2020, "failed")]
    assert "cannot read itcont.txt" in results[1].error and "CRC" in results[1].error
    assert rows(con, "select * from raw_fec_bulk.indiv order by sub_id") == before
    assert rows(con, "select count(*) from raw_fec_bulk._loaded_files") == [(2,)]
    assert list((bulk_dir / ".staging").iterdir()) == []


def test_a_failure_inside_the_transaction_rolls_the_cycle_back(con, base, bulk_dir, monkeypatch):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2, fields=4))
    put_zip(base, 2018, "indiv", indiv_line(81))
    fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))
    before = rows(con, "select * from raw_fec_bulk.indiv order by sub_id")
    rejects_before = rows(con, "select * from raw_fec_bulk._rejects")
    put_zip(base, 2020, "indiv", indiv_line(3) + indiv_line(4) + indiv_line(5))
    real = bulk_load._insert_part
    seen = {}

    def insert_then_fail(con, name, cycle, *args):
        seen["loaded"] = real(con, name, cycle, *args)
        seen["mid_transaction"] = con.execute(
            "select sub_id from raw_fec_bulk.indiv where cycle = 2020 order by 1").fetchall()
        raise OSError("No space left on device")

    monkeypatch.setattr(bulk_load, "_insert_part", insert_then_fail)
    results = fetch_and_load(con, base, bulk_dir, "indiv", cycles=(2018, 2020))

    # The new rows were in (uncommitted) when the failure came; none of them survived it.
    assert seen["mid_transaction"] == [("3",), ("4",), ("5",)]
    assert results[1].status == "failed" and "No space left on device" in results[1].error
    assert rows(con, "select * from raw_fec_bulk.indiv order by sub_id") == before
    assert rows(con, "select * from raw_fec_bulk._rejects") == rejects_before
    monkeypatch.undo()
    (again,) = load_bulk(con, bulk_dir, ["indiv"], [2020])
    assert (again.status, again.rows_loaded) == ("loaded", 3)


def test_the_staging_folder_holds_one_member_at_a_time(con, base, bulk_dir, monkeypatch):
    for name, line in (("cm", cm_line("C00000001")), ("indiv", indiv_line(1))):
        put_zip(base, 2020, name, line * 3)
        fetch_zip(base, bulk_dir, name, 2020)
    (bulk_dir / ".staging").mkdir()
    (bulk_dir / ".staging" / "cm20_cm.txt.99999").write_bytes(b"left by a killed load")
    real = bulk_load.read_csv_sql
    staged = []

    def spy(path, columns):
        staged.append(sorted(p.name for p in path.parent.iterdir()))
        return real(path, columns)

    monkeypatch.setattr(bulk_load, "read_csv_sql", spy)
    results = load_bulk(con, bulk_dir, ["indiv", "cm"], [2020])

    assert [r.status for r in results] == ["loaded", "loaded"]
    assert [len(names) for names in staged] == [1, 1]
    assert staged[0][0].startswith("indiv20_itcont.txt.")
    assert list((bulk_dir / ".staging").iterdir()) == []


# -- what is read, and when ----------------------------------------------------------------------


def test_an_unchanged_zip_is_not_reloaded(con, base, bulk_dir):
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2, fields=3))
    (first,) = fetch_and_load(con, base, bulk_dir, "indiv")
    stamps = rows(con, "select distinct loaded_at from raw_fec_bulk.indiv")
    # Copied again (a newer mtime) but the same bytes: the sha256 decides.
    put_zip(base, 2020, "indiv", indiv_line(1) + indiv_line(2, fields=3))

    (again,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert again.status == "unchanged" and again.sha256 == first.sha256
    assert (again.rows_in, again.rows_loaded, again.rows_rejected) == (2, 1, 1)
    assert again.rejects == first.rejects
    assert rows(con, "select distinct loaded_at from raw_fec_bulk.indiv") == stamps
    assert rows(con, "select count(*) from raw_fec_bulk._loaded_files") == [(1,)]

    (forced,) = load_bulk(con, bulk_dir, ["indiv"], [2020], force=True)
    assert forced.status == "loaded"
    assert rows(con, "select distinct loaded_at from raw_fec_bulk.indiv") != stamps
    assert rows(con, "select count(*) from raw_fec_bulk.indiv") == [(1,)]


def test_a_zip_whose_rows_went_missing_is_loaded_again(con, base, bulk_dir):
    put_zip(base, 2020, "indiv", indiv_line(1))
    fetch_and_load(con, base, bulk_dir, "indiv")
    con.execute("delete from raw_fec_bulk.indiv")

    (result,) = load_bulk(con, bulk_dir, ["indiv"], [2020])

    assert result.status == "loaded"
    assert rows(con, "select sub_id from raw_fec_bulk.indiv") == [("1",)]


def test_by_date_members_are_never_read(con, base, bulk_dir):
    content = indiv_line(1) + indiv_line(2) + indiv_line(3)
    put_zip(base, 2020, "indiv", content, extra={
        "by_date/itcont_2019_20190101_20190115.txt": indiv_line(1) + indiv_line(2),
        "by_date/itcont_2019_20190116_20190131.txt": indiv_line(3) + indiv_line(99),
    })

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert (result.rows_in, result.rows_loaded) == (3, 3)
    assert rows(con, "select sub_id, count(*) from raw_fec_bulk.indiv group by 1 order by 1") == [
        ("1", 1), ("2", 1), ("3", 1)]


def test_not_fetched_files_are_reported_not_loaded(con, bulk_dir):
    (result,) = load_bulk(con, bulk_dir, ["webk"], [2016])
    assert (result.status, result.source_file) == ("not fetched", "2016/webk16.zip:webk16.txt")


def test_an_empty_member_loads_as_an_empty_cycle(con, base, bulk_dir):
    put_zip(base, 2020, "webl", b"")
    (result,) = fetch_and_load(con, base, bulk_dir, "webl")
    assert (result.status, result.rows_in, result.rows_loaded) == ("loaded", 0, 0)


def test_the_fetched_header_names_the_columns(con, base, bulk_dir):
    (base / "data_dictionaries").mkdir(parents=True)
    (base / "data_dictionaries" / "cm_header_file.csv").write_text(
        ",".join(COLUMNS["cm"]) + ",NEW_COLUMN\n")
    put_zip(base, 2020, "cm", cm_line("C00000001").rstrip(b"\n") + b"|new value\n")
    fetch_header(base, "cm", bulk_dir)
    (result,) = fetch_and_load(con, base, bulk_dir, "cm")

    assert result.rows_loaded == 1
    assert rows(con, "select cmte_id, new_column from raw_fec_bulk.cm") == [
        ("C00000001", "new value")]


def test_a_missing_member_is_a_clear_error(tmp_path):
    path = put_zip(tmp_path / "fec", 2020, "cm", cm_line("C00000001"))
    with pytest.raises(BulkLoadError, match="has no top-level member itcont.txt"):
        stage_member(path, "itcont.txt", tmp_path / "staging")
    assert list((tmp_path / "staging").iterdir()) == []


# -- parts ---------------------------------------------------------------------------------------


def test_a_member_read_in_parts_keeps_the_members_line_numbers(con, base, bulk_dir, monkeypatch):
    content = (indiv_line(1) + b"\n" + indiv_line(2) + indiv_line(3, fields=4) + indiv_line(4)
               + indiv_line(5).replace(b"DOE", b"D\rOE") + indiv_line(6) + indiv_line(7))
    put_zip(base, 2020, "indiv", content)
    # Parts of about one line each: a bad line in every part but the first.
    monkeypatch.setattr(bulk_load, "PART_BYTES", 60)
    parts = []
    real = bulk_load.stage_parts

    def counted(*args, **kwargs):
        assert kwargs["part_bytes"] == 60
        for part in real(*args, **kwargs, chunk_size=50):  # parts end where chunks do
            parts.append((part.first_line, part.lines))
            yield part

    monkeypatch.setattr(bulk_load, "stage_parts", counted)

    (result,) = fetch_and_load(con, base, bulk_dir, "indiv")

    assert len(parts) >= 4 and sum(lines for _, lines in parts) == 8
    assert [first for first, _ in parts] == sorted({first for first, _ in parts})
    assert (result.rows_in, result.rows_loaded, result.rows_rejected) == (8, 5, 3)
    assert rows(con, "select line_number, split_part(reason, ':', 1) from raw_fec_bulk._rejects "
                     "order by 1") == [(2, "BLANK LINE"), (4, "MISSING COLUMNS"),
                                       (6, "CARRIAGE RETURN")]
    assert rows(con, "select sub_id from raw_fec_bulk.indiv order by 1") == [
        ("1",), ("2",), ("4",), ("6",), ("7",)]
    assert list((bulk_dir / ".staging").iterdir()) == []


def test_a_reader_that_stops_early_leaves_no_part_behind(tmp_path):
    zip_path = put_zip(tmp_path / "fec", 2020, "indiv",
                       b"".join(indiv_line(i) for i in range(200)))
    staging = tmp_path / "staging"

    parts = bulk_load.stage_parts(zip_path, "itcont.txt", staging, part_bytes=100)
    first = next(parts)
    assert first.path.is_file() and first.first_line == 1
    parts.close()  # the reader gives up: the extracting thread stops, its parts are deleted
    first.path.unlink()

    assert list(staging.iterdir()) == []
