"""The bulk-file catalogue: names, cycles, paths, and column lists checked against the FEC's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.common.fec_bulk_files import (
    BULK_FILES,
    COLUMNS,
    NAMES,
    bulk_file,
    file_location,
    header_location,
    public_location,
    validate_cycle,
)
from tests.ingest.sources.fec_bulk.conftest import REAL_2020, REAL_BULK

MEMBERS_2020 = {
    "indiv": "itcont.txt", "pas2": "itpas2.txt", "oth": "itoth.txt", "cn": "cn.txt", "cm": "cm.txt",
    "ccl": "ccl.txt", "weball": "weball20.txt", "webl": "webl20.txt", "webk": "webk20.txt",
}


def test_catalogue_names_zip_paths_and_members():
    assert set(NAMES) == set(MEMBERS_2020)
    for name, member in MEMBERS_2020.items():
        spec = bulk_file(name)
        assert spec.zip_path(2020) == f"2020/{name}20.zip"
        assert spec.member(2020) == member
    assert bulk_file("indiv").zip_path(2000) == "2000/indiv00.zip"
    assert bulk_file("weball").member(2008) == "weball08.txt"


def test_header_files_are_published_only_for_the_six_transaction_and_master_files():
    published = {name for name, spec in BULK_FILES.items() if spec.header_path}
    assert published == {"indiv", "pas2", "oth", "cn", "cm", "ccl"}
    assert bulk_file("cn").header_path == "data_dictionaries/cn_header_file.csv"
    assert bulk_file("webk").header_path is None


@pytest.mark.parametrize("name", ["indiv", "pas2", "oth", "cn", "cm", "ccl"])
def test_known_columns_equal_the_published_header_files(name):
    header = REAL_BULK / "headers" / f"{name}_header_file.csv"
    if not header.is_file():
        pytest.skip(f"{header} is absent")
    assert list(COLUMNS[name]) == header.read_text().strip().split(",")


@pytest.mark.parametrize("name", ["weball", "webl", "webk"])
def test_embedded_columns_fit_every_real_line(name):
    path = REAL_2020 / f"{name}20.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    widths = {line.count("|") + 1 for line in path.read_text(encoding="latin-1").splitlines() if line}
    assert widths == {len(COLUMNS[name])}


def test_webk_columns_equal_the_real_header_copy():
    header = REAL_BULK / "headers" / "webk_headers.csv"
    if not header.is_file():
        pytest.skip(f"{header} is absent")
    assert list(COLUMNS["webk"]) == header.read_text().strip().split(",")


def test_weball_and_webl_share_the_30_column_layout():
    assert len(COLUMNS["weball"]) == 30
    assert COLUMNS["weball"] == COLUMNS["webl"]
    assert COLUMNS["weball"][-3:] == ("CVG_END_DT", "INDIV_REFUNDS", "CMTE_REFUNDS")


def test_unknown_name_is_a_value_error_listing_the_names():
    with pytest.raises(ValueError, match="unknown FEC bulk file 'oppexp'.*indiv, pas2, oth, cn, cm, ccl"):
        bulk_file("oppexp")


@pytest.mark.parametrize("bad", [2021, 1978, 0, -2020, "20x0", True, 2020.0, None])
def test_invalid_cycles_are_value_errors_naming_the_rule(bad):
    with pytest.raises(ValueError, match="expected an even year from 1980"):
        validate_cycle(bad)


def test_valid_cycles():
    assert validate_cycle(1980) == 1980
    assert validate_cycle("2024") == 2024


def test_locations_under_a_url_a_folder_and_a_file_url(tmp_path):
    assert file_location("https://www.fec.gov/files/bulk-downloads/", 2020, "indiv") == (
        "https://www.fec.gov/files/bulk-downloads/2020/indiv20.zip"
    )
    assert header_location("https://www.fec.gov/files/bulk-downloads", "cm") == (
        "https://www.fec.gov/files/bulk-downloads/data_dictionaries/cm_header_file.csv"
    )
    assert header_location("https://www.fec.gov/files/bulk-downloads", "weball") is None
    assert file_location(tmp_path, 2016, "cn") == tmp_path / "2016" / "cn16.zip"
    assert file_location(str(tmp_path), 2016, "cn") == tmp_path / "2016" / "cn16.zip"
    assert file_location(tmp_path.as_uri(), 2016, "cn") == tmp_path / "2016" / "cn16.zip"


def test_a_query_is_kept_for_the_request_and_secrets_dropped_from_the_public_form():
    url = file_location("https://user:pw@mirror.example:8443/bulk?sig=s3cret", 2020, "cm")
    assert url == "https://user:pw@mirror.example:8443/bulk/2020/cm20.zip?sig=s3cret"
    assert public_location(url) == "https://mirror.example:8443/bulk/2020/cm20.zip"
    assert public_location(Path("/data/bulk/2020/cm20.zip")) == "/data/bulk/2020/cm20.zip"
