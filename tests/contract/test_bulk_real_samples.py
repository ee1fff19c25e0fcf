"""Contract test: every real FEC bulk file in ../shared/real-samples/fec_bulk/, zipped in the FEC's
layout (``2020/indiv20.zip`` holding ``itcont.txt``, headers under ``data_dictionaries/``), goes
through the real code path (`bulk_fetch_step`, `bulk_load_step`) and comes out in raw_fec_bulk
exactly as filed: every row and value, counts, rejects and chosen totals checked against plain
Python reading the same lines.

The samples are read in place and zipped only into a temporary folder; the module is skipped when
the folder is absent.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from decimal import Decimal

import duckdb
import pytest

from ingest.common.fec_bulk_files import COLUMNS, NAMES, bulk_file
from ingest.common.settings import Settings
from ingest.pipeline import bulk_fetch_step, bulk_load_step
from ingest.publish.release import bulk_facts
from tests.contract.real_samples import SHARED

REAL = SHARED / "fec_bulk"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-samples is absent")

# (cycle, folder): {sample file: bulk file name}
SAMPLES = {
    (2020, "cycle2020_201903"): {
        "itcont_odd_lines.txt": "indiv", "itpas2.txt": "pas2", "itoth.txt": "oth",
        "cn.txt": "cn", "cm.txt": "cm", "ccl.txt": "ccl", "weball20.txt": "weball",
        "webl20.txt": "webl", "webk20.txt": "webk",
    },
    (2016, "cycle2016"): {"cn.txt": "cn", "cm.txt": "cm", "ccl.txt": "ccl"},
}
AS_OF = {2020: "2019-03-22", 2016: "2015-09-19"}
DNC, WASSERMAN_SCHULTZ, WASSERMAN_SCHULTZ_CAND, OLA_PAC = (
    "C00010603", "C00385773", "H4FL20023", "C00427781")


def raw_lines(cycle: int, name: str) -> list[list[str]]:
    """The sample's lines split on '|', read as bytes and decoded byte for byte, in plain Python."""
    folder = next(f for (c, f), files in SAMPLES.items() if c == cycle and name in files.values())
    sample = next(s for s, n in SAMPLES[(cycle, folder)].items() if n == name)
    data = (REAL / folder / sample).read_bytes()
    return [line.decode("latin-1").split("|") for line in data.split(b"\n")[:-1]]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Every sample fetched from a folder in the FEC's layout and loaded: the settings, and the
    fetch and load summaries."""
    tmp = tmp_path_factory.mktemp("bulk_real")
    base = tmp / "fec"
    for (cycle, folder), files in SAMPLES.items():
        for sample, name in files.items():
            spec = bulk_file(name)
            path = base / spec.zip_path(cycle)
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(REAL / folder / sample, spec.member(cycle))
    (base / "data_dictionaries").mkdir()
    for header in (REAL / "headers").glob("*_header_file.csv"):
        shutil.copy(header, base / "data_dictionaries" / header.name)
    (base / "bulk_manifest.json").write_text(json.dumps({
        "as_of": AS_OF[2020], "note": "excerpts of the FEC's bulk files",
        "files": {bulk_file(n).zip_path(2016): {"as_of": AS_OF[2016]}
                  for n in SAMPLES[(2016, "cycle2016")].values()}}))
    settings = Settings(data_dir=tmp / "data", bulk_base_url=str(base), bulk_cycles=(2016, 2020),
                        bulk_files=NAMES)
    fetched = [bulk_fetch_step(settings, name, cycle=cycle)
               for (cycle, _), files in SAMPLES.items() for name in files.values()]
    return settings, fetched, bulk_load_step(settings)


@pytest.fixture
def con(loaded):
    connection = duckdb.connect(str(loaded[0].warehouse_path), read_only=True)
    yield connection
    connection.close()


def test_every_shared_bulk_file_is_covered():
    for (_, folder), files in SAMPLES.items():
        assert {p.name for p in (REAL / folder).glob("*.txt")} == set(files), folder
    assert {p.name for p in (REAL / "headers").glob("*_header_file.csv")} >= {
        f"{name}_header_file.csv" for name in NAMES if bulk_file(name).header_published}


def test_the_published_headers_were_fetched_and_used(loaded, con):
    _, fetched, _ = loaded
    headers = {f["name"]: f["header"] for f in fetched}
    assert {name for name, how in headers.items() if how == "published"} == {
        "indiv", "pas2", "oth", "cn", "cm", "ccl"}
    for name in NAMES:
        columns = [c for c, *_ in con.execute(f"describe raw_fec_bulk.{name}").fetchall()]
        assert columns[:len(COLUMNS[name])] == [c.lower() for c in COLUMNS[name]], name


def test_counts_per_table_and_cycle_add_up(loaded, con):
    _, _, summary = loaded
    files = {(f["name"], f["cycle"]): f for f in summary["files"]}
    for (cycle, _), names in SAMPLES.items():
        for name in names.values():
            lines = raw_lines(cycle, name)
            malformed = sum(len(fields) != len(COLUMNS[name]) for fields in lines)
            entry = files[(name, cycle)]
            assert entry["status"] == "loaded", entry
            assert (entry["rows_in"], entry["rows_loaded"], entry["rows_rejected"]) == (
                len(lines), len(lines) - malformed, malformed), (name, cycle)
            (n,) = con.execute(f"select count(*) from raw_fec_bulk.{name} where cycle = ?",
                               [cycle]).fetchone()
            assert n == len(lines) - malformed, (name, cycle)
    assert con.execute("select count(*) from raw_fec_bulk._rejects").fetchone() == (
        summary["rows_rejected"],)
    assert summary["rows_in"] == summary["rows_loaded"] + summary["rows_rejected"]
    # The 2016 cycle has masters only: the other files were not fetched, and say so.
    not_fetched = {(f["name"], f["cycle"]) for f in summary["files"] if f["status"] == "not fetched"}
    assert not_fetched == {(n, 2016) for n in NAMES if n not in ("cn", "cm", "ccl")}


def test_every_value_is_as_filed(con):
    for (cycle, _), names in SAMPLES.items():
        for name in names.values():
            columns = ", ".join(c.lower() for c in COLUMNS[name])
            stored = con.execute(f"select {columns} from raw_fec_bulk.{name} where cycle = ?",
                                 [cycle]).fetchall()
            expected = Counter(tuple(v or None for v in fields) for fields in raw_lines(cycle, name))
            assert Counter(stored) == expected, (name, cycle)


def test_provenance_columns(con):
    rows = con.execute("""select 'indiv', cycle, source_file, origin, count(*)
                          from raw_fec_bulk.indiv group by all
                          union all
                          select 'cn', cycle, source_file, origin, count(*)
                          from raw_fec_bulk.cn group by all order by 1, 2""").fetchall()
    assert rows == [("cn", 2016, "2016/cn16.zip:cn.txt", "bulk-files", len(raw_lines(2016, "cn"))),
                    ("cn", 2020, "2020/cn20.zip:cn.txt", "bulk-files", len(raw_lines(2020, "cn"))),
                    ("indiv", 2020, "2020/indiv20.zip:itcont.txt", "bulk-files", 35336)]
    as_of = dict(con.execute("select distinct cycle, as_of::varchar "
                             "from raw_fec_bulk._loaded_files").fetchall())
    assert as_of == AS_OF


def _total(lines: list[list[str]], keep) -> Decimal:
    return sum((Decimal(fields[14]) for fields in lines if keep(fields)), Decimal(0))


def _sql_total(con, name: str, where: str, *params) -> Decimal:
    (value,) = con.execute(f"select coalesce(sum(transaction_amt::decimal(18, 2)), 0) "
                           f"from raw_fec_bulk.{name} where {where}", list(params)).fetchone()
    return Decimal(value)


def test_chosen_totals_match_plain_python(con):
    indiv, pas2, oth = raw_lines(2020, "indiv"), raw_lines(2020, "pas2"), raw_lines(2020, "oth")

    dnc = _total(indiv, lambda f: f[0] == DNC)
    assert dnc > 0 and sum(f[0] == DNC for f in indiv) == 1071
    assert _sql_total(con, "indiv", "cmte_id = ?", DNC) == dnc

    # pas2: CMTE_ID gives, OTHER_ID (committee) / CAND_ID (candidate) receives.
    to_dws = _total(pas2, lambda f: f[15] == WASSERMAN_SCHULTZ or f[16] == WASSERMAN_SCHULTZ_CAND)
    assert to_dws == Decimal(4500)  # 5,000 given, 500 voided (read from the file by hand)
    assert _sql_total(con, "pas2", "other_id = ? or cand_id = ?", WASSERMAN_SCHULTZ,
                      WASSERMAN_SCHULTZ_CAND) == to_dws

    for name, lines in (("indiv", indiv), ("pas2", pas2), ("oth", oth)):
        ola = _total(lines, lambda f: f[0] == OLA_PAC)
        assert _sql_total(con, name, "cmte_id = ?", OLA_PAC) == ola, name
    assert _total(pas2, lambda f: f[0] == OLA_PAC) == Decimal(2000)


def test_the_2016_masters_link_the_figures(con):
    assert con.execute("select cand_pcc from raw_fec_bulk.cn where cycle = 2016 and cand_id = ?",
                       [WASSERMAN_SCHULTZ_CAND]).fetchall() == [(WASSERMAN_SCHULTZ,)]
    (name,) = con.execute("select cmte_nm from raw_fec_bulk.cm where cycle = 2016 and "
                          "cmte_id = 'C00432534'").fetchone()
    assert name.startswith("COMMUNITY FINANCIAL SERVICES ASSOCIATION")


def test_the_published_statement_names_cycles_rows_and_dates(con):
    facts = bulk_facts(con)
    assert facts["bulk_files"].startswith(
        "FEC bulk files, cycle 2020: indiv (35,336 rows, as of 2019-03-22), pas2 (")
    assert "; cycle 2016: cn (" in facts["bulk_files"]
    assert facts["bulk_note"].startswith(
        "REAL FEC bulk data, 2020 cycle, as of 2019-03-22; 2016 cycle, as of 2015-09-19")


def test_a_second_run_loads_nothing(loaded):
    again = bulk_load_step(loaded[0])
    assert (again["files_loaded"], again["files_unchanged"]) == (0, 12)
