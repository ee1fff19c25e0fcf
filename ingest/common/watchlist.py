"""The watchlist: political figures and industries to follow, read from one YAML file.

A malformed file fails fast with a `WatchlistError` whose message names the bad entry, e.g.
``figures[3] (eric_cantor): candidate_ids[0] 'H0VA7042' is not an FEC candidate ID``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CANDIDATE_ID = re.compile(r"^[HSP][0-9A-Z][A-Z0-9]{2}[0-9A-Z]{5}$")
COMMITTEE_ID = re.compile(r"^C\d{8}$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
FIGURE_TYPES = ("candidate", "party_committee")
OFFICES = ("H", "S", "P")


class WatchlistError(ValueError):
    """The watchlist file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class CandidateSearch:
    """A name search resolved through the OpenFEC API at run time."""

    q: str
    office: str | None = None
    election_year: int | None = None
    state: str | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    name: str
    type: str = "candidate"
    party: str | None = None
    candidate_ids: tuple[str, ...] = ()
    committee_ids: tuple[str, ...] = ()
    search: tuple[CandidateSearch, ...] = ()
    lda_names: tuple[str, ...] = ()

    @property
    def lobbying_names(self) -> tuple[str, ...]:
        """Names LD-203 honorees and payees are matched against (the name, plus lda_names)."""
        return tuple(dict.fromkeys((self.name, *self.lda_names)))


@dataclass(frozen=True)
class Industry:
    id: str
    name: str
    opensecrets_codes: tuple[str, ...] = ()
    employer_patterns: tuple[str, ...] = ()
    organization_patterns: tuple[str, ...] = ()
    pac_committee_ids: tuple[str, ...] = ()
    pac_names: tuple[str, ...] = ()
    lobbying_issue_terms: tuple[str, ...] = ()
    lobbying_issue_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Watchlist:
    figures: tuple[Figure, ...]
    industries: tuple[Industry, ...]
    source_path: Path | None = field(default=None, compare=False)

    def figure(self, figure_id: str) -> Figure:
        for figure in self.figures:
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)


def _str_list(value, where: str, pattern: re.Pattern | None = None, what: str = "") -> tuple:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise WatchlistError(f"{where}: expected a list, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise WatchlistError(f"{where}[{i}]: expected a non-empty string, got {item!r}")
        item = item.strip()
        if pattern is not None and not pattern.match(item):
            raise WatchlistError(f"{where}[{i}] {item!r} is not {what}")
        out.append(item)
    return tuple(out)


def _check_keys(entry: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise WatchlistError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _parse_search(value, where: str) -> tuple[CandidateSearch, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise WatchlistError(f"{where}: expected a list of searches")
    out = []
    for i, entry in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict) or not str(entry.get("q", "")).strip():
            raise WatchlistError(f"{here}: a search needs a non-empty 'q'")
        _check_keys(entry, {"q", "office", "election_year", "state"}, here)
        office = entry.get("office")
        if office is not None and office not in OFFICES:
            raise WatchlistError(f"{here}: office {office!r} must be one of {OFFICES}")
        year = entry.get("election_year")
        if year is not None and (not isinstance(year, int) or year < 1975):
            raise WatchlistError(f"{here}: election_year {year!r} is not a year")
        out.append(CandidateSearch(str(entry["q"]).strip(), office, year, entry.get("state")))
    return tuple(out)


def _parse_figure(entry, i: int) -> Figure:
    where = f"figures[{i}]"
    if not isinstance(entry, dict):
        raise WatchlistError(f"{where}: expected a mapping, got {entry!r}")
    fid = entry.get("id")
    if not isinstance(fid, str) or not SLUG.match(fid):
        raise WatchlistError(f"{where}: id {fid!r} must be lower_snake_case")
    where = f"{where} ({fid})"
    _check_keys(
        entry,
        {"id", "name", "type", "party", "candidate_ids", "committee_ids", "search", "lda_names"},
        where,
    )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise WatchlistError(f"{where}: a figure needs a name")
    ftype = entry.get("type", "candidate")
    if ftype not in FIGURE_TYPES:
        raise WatchlistError(f"{where}: type {ftype!r} must be one of {FIGURE_TYPES}")
    figure = Figure(
        id=fid,
        name=name.strip(),
        type=ftype,
        party=entry.get("party"),
        candidate_ids=_str_list(
            entry.get("candidate_ids"), f"{where}: candidate_ids", CANDIDATE_ID,
            "an FEC candidate ID",
        ),
        committee_ids=_str_list(
            entry.get("committee_ids"), f"{where}: committee_ids", COMMITTEE_ID,
            "an FEC committee ID",
        ),
        search=_parse_search(entry.get("search"), f"{where}: search"),
        lda_names=_str_list(entry.get("lda_names"), f"{where}: lda_names"),
    )
    if not (figure.candidate_ids or figure.committee_ids or figure.search):
        raise WatchlistError(f"{where}: give candidate_ids, committee_ids or a search")
    return figure


def _parse_industry(entry, i: int) -> Industry:
    where = f"industries[{i}]"
    if not isinstance(entry, dict):
        raise WatchlistError(f"{where}: expected a mapping, got {entry!r}")
    iid = entry.get("id")
    if not isinstance(iid, str) or not SLUG.match(iid):
        raise WatchlistError(f"{where}: id {iid!r} must be lower_snake_case")
    where = f"{where} ({iid})"
    _check_keys(
        entry,
        {"id", "name", "opensecrets_codes", "employer_patterns", "organization_patterns",
         "pac_committee_ids", "pac_names", "lobbying_issue_terms", "lobbying_issue_codes"},
        where,
    )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise WatchlistError(f"{where}: an industry needs a name")
    industry = Industry(
        id=iid,
        name=name.strip(),
        opensecrets_codes=_str_list(
            entry.get("opensecrets_codes"), f"{where}: opensecrets_codes",
            re.compile(r"^[A-Z]\d{4}$"), "an OpenSecrets category code",
        ),
        employer_patterns=tuple(
            p.upper() for p in _str_list(entry.get("employer_patterns"), f"{where}: employer_patterns")
        ),
        organization_patterns=tuple(
            p.upper()
            for p in _str_list(entry.get("organization_patterns"), f"{where}: organization_patterns")
        ),
        pac_committee_ids=_str_list(
            entry.get("pac_committee_ids"), f"{where}: pac_committee_ids", COMMITTEE_ID,
            "an FEC committee ID",
        ),
        pac_names=_str_list(entry.get("pac_names"), f"{where}: pac_names"),
        lobbying_issue_terms=_str_list(entry.get("lobbying_issue_terms"),
                                       f"{where}: lobbying_issue_terms"),
        lobbying_issue_codes=_str_list(
            entry.get("lobbying_issue_codes"), f"{where}: lobbying_issue_codes",
            re.compile(r"^[A-Z]{3}$"), "an LDA general issue code",
        ),
    )
    if not industry.employer_patterns:
        raise WatchlistError(f"{where}: an industry needs at least one employer pattern")
    return industry


def parse_watchlist(data, source_path: Path | None = None) -> Watchlist:
    """Validate a parsed YAML document and return a `Watchlist`."""
    if not isinstance(data, dict):
        raise WatchlistError("the watchlist must be a mapping with 'figures' and 'industries'")
    _check_keys(data, {"figures", "industries"}, "watchlist")
    raw_figures = data.get("figures") or []
    raw_industries = data.get("industries") or []
    if not isinstance(raw_figures, list) or not raw_figures:
        raise WatchlistError("watchlist: 'figures' must be a non-empty list")
    if not isinstance(raw_industries, list):
        raise WatchlistError("watchlist: 'industries' must be a list")
    figures = tuple(_parse_figure(e, i) for i, e in enumerate(raw_figures))
    industries = tuple(_parse_industry(e, i) for i, e in enumerate(raw_industries))
    for kind, items in (("figures", figures), ("industries", industries)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise WatchlistError(f"{kind}[{i}] ({item.id}): duplicate id")
            seen.add(item.id)
    return Watchlist(figures, industries, source_path)


def load_watchlist(path: Path | str) -> Watchlist:
    """Read and validate the watchlist YAML at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WatchlistError(f"cannot read watchlist {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise WatchlistError(f"watchlist {path} is not valid YAML: {exc}") from None
    return parse_watchlist(data, path)


# The watchlist resolved to FEC IDs: written by the FEC source (`resolve`), read by `load`.
def resolution_path(state_dir: Path) -> Path:
    return Path(state_dir) / "fec" / "resolution.json"
