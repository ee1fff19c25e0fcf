"""The FEC bulk files the pipeline knows, kept as data (see docs/sources.md §2).

Layout under a base (``https://www.fec.gov/files/bulk-downloads`` or a local mirror folder):

* ``{YYYY}/{prefix}{YY}.zip``, e.g. ``2020/indiv20.zip``, holding one pipe-delimited text member
  with no header row (``itcont.txt`` for indiv);
* ``data_dictionaries/{name}_header_file.csv``, one comma-separated line of column names, for the
  files the FEC publishes a header for. weball, webl and webk have none: their columns are here.

Every list in `COLUMNS` was checked against the FEC's own files: the six header files and
the field counts of real ``weball20.txt``, ``webl20.txt`` and ``webk20.txt`` lines
(``tests/ingest/common/test_fec_bulk_files.py`` repeats the check when the samples are present).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

DEFAULT_BASE_URL = "https://www.fec.gov/files/bulk-downloads"
FIRST_CYCLE = 1980
BY_DATE_PREFIX = "by_date/"
HEADER_DIR = "data_dictionaries"

_TRANSACTION = (
    "CMTE_ID", "AMNDT_IND", "RPT_TP", "TRANSACTION_PGI", "IMAGE_NUM", "TRANSACTION_TP", "ENTITY_TP",
    "NAME", "CITY", "STATE", "ZIP_CODE", "EMPLOYER", "OCCUPATION", "TRANSACTION_DT", "TRANSACTION_AMT",
    "OTHER_ID", "TRAN_ID", "FILE_NUM", "MEMO_CD", "MEMO_TEXT", "SUB_ID",
)
# weball and webl share one layout. "GEN_ELECTION_PRECENT" is the FEC's own spelling.
_CANDIDATE_SUMMARY = (
    "CAND_ID", "CAND_NAME", "CAND_ICI", "PTY_CD", "CAND_PTY_AFFILIATION", "TTL_RECEIPTS",
    "TRANS_FROM_AUTH", "TTL_DISB", "TRANS_TO_AUTH", "COH_BOP", "COH_COP", "CAND_CONTRIB", "CAND_LOANS",
    "OTHER_LOANS", "CAND_LOAN_REPAY", "OTHER_LOAN_REPAY", "DEBTS_OWED_BY", "TTL_INDIV_CONTRIB",
    "CAND_OFFICE_ST", "CAND_OFFICE_DISTRICT", "SPEC_ELECTION", "PRIM_ELECTION", "RUN_ELECTION",
    "GEN_ELECTION", "GEN_ELECTION_PRECENT", "OTHER_POL_CMTE_CONTRIB", "POL_PTY_CONTRIB", "CVG_END_DT",
    "INDIV_REFUNDS", "CMTE_REFUNDS",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "indiv": _TRANSACTION,
    "oth": _TRANSACTION,
    "pas2": _TRANSACTION[:16] + ("CAND_ID",) + _TRANSACTION[16:],
    "cn": (
        "CAND_ID", "CAND_NAME", "CAND_PTY_AFFILIATION", "CAND_ELECTION_YR", "CAND_OFFICE_ST",
        "CAND_OFFICE", "CAND_OFFICE_DISTRICT", "CAND_ICI", "CAND_STATUS", "CAND_PCC", "CAND_ST1",
        "CAND_ST2", "CAND_CITY", "CAND_ST", "CAND_ZIP",
    ),
    "cm": (
        "CMTE_ID", "CMTE_NM", "TRES_NM", "CMTE_ST1", "CMTE_ST2", "CMTE_CITY", "CMTE_ST", "CMTE_ZIP",
        "CMTE_DSGN", "CMTE_TP", "CMTE_PTY_AFFILIATION", "CMTE_FILING_FREQ", "ORG_TP", "CONNECTED_ORG_NM",
        "CAND_ID",
    ),
    "ccl": (
        "CAND_ID", "CAND_ELECTION_YR", "FEC_ELECTION_YR", "CMTE_ID", "CMTE_TP", "CMTE_DSGN", "LINKAGE_ID",
    ),
    "weball": _CANDIDATE_SUMMARY,
    "webl": _CANDIDATE_SUMMARY,
    "webk": (
        "CMTE_ID", "CMTE_NM", "CMTE_TP", "CMTE_DSGN", "CMTE_FILING_FREQ", "TTL_RECEIPTS", "TRANS_FROM_AFF",
        "INDV_CONTRIB", "OTHER_POL_CMTE_CONTRIB", "CAND_CONTRIB", "CAND_LOANS", "TTL_LOANS_RECEIVED",
        "TTL_DISB", "TRANF_TO_AFF", "INDV_REFUNDS", "OTHER_POL_CMTE_REFUNDS", "CAND_LOAN_REPAY",
        "LOAN_REPAY", "COH_BOP", "COH_COP", "DEBTS_OWED_BY", "NONFED_TRANS_RECEIVED",
        "CONTRIB_TO_OTHER_CMTE", "IND_EXP", "PTY_COORD_EXP", "NONFED_SHARE_EXP", "CVG_END_DT",
    ),
}


@dataclass(frozen=True)
class BulkFile:
    """One kind of bulk file: where its zip lives, which member to read, where its columns come from.

    `member` may contain ``{yy}`` (``weball{yy}.txt``). `header_published` says whether the FEC
    publishes ``data_dictionaries/{name}_header_file.csv``; when it does not, `columns` is the
    only source of column names.
    """

    name: str
    member_pattern: str
    header_published: bool
    description: str

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS[self.name]

    def zip_name(self, cycle: int) -> str:
        return f"{self.name}{_yy(cycle)}.zip"

    def zip_path(self, cycle: int) -> str:
        """The zip's path relative to the base, e.g. ``2020/indiv20.zip``."""
        return f"{validate_cycle(cycle)}/{self.zip_name(cycle)}"

    def member(self, cycle: int) -> str:
        return self.member_pattern.format(yy=_yy(cycle))

    @property
    def header_name(self) -> str | None:
        return f"{self.name}_header_file.csv" if self.header_published else None

    @property
    def header_path(self) -> str | None:
        """The header file's path relative to the base, or None when the FEC publishes none."""
        return f"{HEADER_DIR}/{self.header_name}" if self.header_published else None


BULK_FILES: dict[str, BulkFile] = {
    f.name: f
    for f in (
        BulkFile("indiv", "itcont.txt", True, "Contributions by individuals (itemized)"),
        BulkFile("pas2", "itpas2.txt", True,
                 "Contributions from committees to candidates and independent expenditures"),
        BulkFile("oth", "itoth.txt", True, "Any transaction from one committee to another"),
        BulkFile("cn", "cn.txt", True, "Candidate master"),
        BulkFile("cm", "cm.txt", True, "Committee master"),
        BulkFile("ccl", "ccl.txt", True, "Candidate-committee linkage"),
        BulkFile("weball", "weball{yy}.txt", False, "All-candidates financial summary"),
        BulkFile("webl", "webl{yy}.txt", False, "House/Senate current campaigns summary"),
        BulkFile("webk", "webk{yy}.txt", False, "PAC and party summary"),
    )
}
NAMES: tuple[str, ...] = tuple(BULK_FILES)


def bulk_file(name: str) -> BulkFile:
    """The catalogue entry for `name`; ValueError naming the known names otherwise."""
    try:
        return BULK_FILES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown FEC bulk file {name!r}: expected one of {', '.join(NAMES)}") from None


def validate_cycle(cycle: int | str) -> int:
    """`cycle` as an int: an even election year from 1980 on (``2020`` or ``"2020"``)."""
    value = None
    if isinstance(cycle, int) and not isinstance(cycle, bool):
        value = cycle
    elif isinstance(cycle, str) and cycle.strip().isdigit():
        value = int(cycle)
    if value is None or value < FIRST_CYCLE or value % 2:
        raise ValueError(
            f"invalid FEC cycle {cycle!r}: expected an even year from {FIRST_CYCLE} on "
            f"({FIRST_CYCLE}, {FIRST_CYCLE + 2}, ..., 2020, 2022, 2024)"
        )
    return value


def _yy(cycle: int) -> str:
    return f"{validate_cycle(cycle) % 100:02d}"


def is_url(base: str | Path) -> bool:
    """True for an http(s) base; False for a folder path or a ``file://`` URL."""
    return isinstance(base, str) and urlsplit(base).scheme.lower() in ("http", "https")


def local_base(base: str | Path) -> Path:
    """A folder base as a Path (``file://`` URLs decoded)."""
    if isinstance(base, str) and urlsplit(base).scheme.lower() == "file":
        parts = urlsplit(base)
        return Path(url2pathname(parts.path))
    return Path(base)


def locate(base: str | Path, relative: str) -> str | Path:
    """`relative` under `base`: a URL for an http(s) base (its query kept), a Path for a folder."""
    if not is_url(base):
        return local_base(base) / relative
    parts = urlsplit(base)
    path = parts.path.rstrip("/") + "/" + relative.lstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def file_location(base: str | Path, cycle: int, name: str) -> str | Path:
    """Where the zip of `name` for `cycle` lives under `base`."""
    return locate(base, bulk_file(name).zip_path(cycle))


def header_location(base: str | Path, name: str) -> str | Path | None:
    """Where the published header of `name` lives under `base`; None for weball/webl/webk."""
    path = bulk_file(name).header_path
    return None if path is None else locate(base, path)


def public_location(location: str | Path) -> str:
    """A location fit to store or log: no user, password, query or fragment."""
    if not is_url(location):
        return str(location)
    parts = urlsplit(str(location))
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
