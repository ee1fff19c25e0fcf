"""What to pull from OpenFEC for the watchlist, and pulling it.

Two steps, as in the DAG:

1. `resolve` turns the watchlist into FEC IDs: verified candidate IDs -> their committees, name
   searches -> candidates -> committees, industry PAC names -> committees whose connected
   organisation matches. Every decision is recorded (method and evidence) in
   ``state/fec/resolution.json``, which the loader puts in the warehouse.
   A saved resolution is reused while it is younger than its time to live and was made from the
   same watchlist, mode and API (`cached_resolution`), so a rerun does not ask again.
2. `extract_kind` pulls one landing kind for every resolved ID and cycle. A query that fails
   after every retry is recorded (`ExtractSummary.failed`) and the others go on; its cursor stays
   where it was, so the next run resumes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ingest.common.files import atomic_write, utc_now
from ingest.common.http import HttpError
from ingest.common.watchlist import Watchlist, resolution_path
from ingest.sources.fec import settings as fec
from ingest.sources.fec.api import FecApi, FecApiError, keyset_sort
from ingest.sources.query import Query, QueryResult, make_query

log = logging.getLogger(__name__)


@dataclass
class Link:
    """How one FEC ID came to belong to a figure or an industry."""

    owner_type: str  # figure | industry
    owner_id: str
    candidate_id: str | None
    committee_id: str | None
    method: str
    evidence: str
    cycles: list = field(default_factory=list)


@dataclass
class Resolution:
    links: list[Link] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    resolved_at: str = ""
    calls: int = 0
    # What the resolution was made from (`resolution_key`): a cached one is reused only for the same.
    key: str = ""

    def add(self, link: Link) -> None:
        for existing in self.links:
            if (existing.owner_type, existing.owner_id, existing.candidate_id,
                    existing.committee_id) == (link.owner_type, link.owner_id,
                                               link.candidate_id, link.committee_id):
                return
        self.links.append(link)

    def committees(self, owner_type: str, owner_id: str | None = None) -> list[str]:
        return sorted({
            link.committee_id for link in self.links
            if link.committee_id and link.owner_type == owner_type
            and (owner_id is None or link.owner_id == owner_id)
        })

    def candidates(self, owner_id: str | None = None) -> list[str]:
        return sorted({
            link.candidate_id for link in self.links
            if link.candidate_id and link.owner_type == "figure"
            and (owner_id is None or link.owner_id == owner_id)
        })

    def committee_cycles(self, committee_id: str) -> set[int]:
        cycles: set[int] = set()
        for link in self.links:
            if link.committee_id == committee_id:
                cycles.update(link.cycles)
        return cycles

    def to_json(self) -> str:
        return json.dumps(
            {"resolved_at": self.resolved_at, "key": self.key, "problems": self.problems,
             "links": [asdict(link) for link in self.links]},
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Resolution:
        data = json.loads(text)
        return cls([Link(**item) for item in data["links"]], data.get("problems", []),
                   data.get("resolved_at", ""), key=data.get("key", ""))


def load_resolution(state_dir: Path) -> Resolution:
    path = resolution_path(state_dir)
    if not path.exists():
        raise FileNotFoundError(f"no FEC resolution at {path}: run the resolve step first")
    return Resolution.from_json(path.read_text(encoding="utf-8"))


def resolution_key(watchlist_path: Path, source: str) -> str:
    """What a resolution depends on: the watchlist file's bytes and the API it asked (the base
    URL, or the offline snapshot's folder)."""
    digest = hashlib.sha256(Path(watchlist_path).read_bytes())
    digest.update(b"\0" + source.encode())
    return digest.hexdigest()[:16]


def cached_resolution(state_dir: Path, key: str, ttl_hours: float,
                      now: datetime | None = None) -> Resolution | None:
    """The saved resolution if it was made for `key` less than `ttl_hours` ago, else None."""
    path = resolution_path(state_dir)
    if ttl_hours <= 0 or not path.exists():
        return None
    try:
        res = Resolution.from_json(path.read_text(encoding="utf-8"))
        made = datetime.fromisoformat(res.resolved_at)
    except (ValueError, KeyError, TypeError):
        return None
    now = now or utc_now()
    if res.key != key or made.tzinfo is None or not now - made < timedelta(hours=ttl_hours):
        return None
    return res


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^A-Z0-9]+", text.upper()) if w]


def _name_matches(query: str, name: str) -> bool:
    """Every word of the query occurs in the name (FEC names are "LAST, FIRST MIDDLE")."""
    words = set(_words(name))
    return all(word in words for word in _words(query))


def resolve(api: FecApi, watchlist: Watchlist) -> Resolution:
    """Resolve the watchlist to FEC candidate and committee IDs, recording how."""
    res = Resolution(resolved_at=utc_now().isoformat())
    calls_before = api.client.stats.calls
    for figure in watchlist.figures:
        candidate_ids: list[tuple[str, str, str]] = [
            (cid, "verified_config", "candidate_ids in the watchlist") for cid in figure.candidate_ids
        ]
        for search in figure.search:
            query = make_query("candidates", "/candidates/search/", f"search {search.q}",
                               q=search.q, office=search.office,
                               election_year=search.election_year, state=search.state)
            found = [row for row in api.iter_offset(query)
                     if _name_matches(search.q, row.get("name") or "")]
            if len(found) == 1:
                row = found[0]
                candidate_ids.append((
                    row["candidate_id"], "api_name_search",
                    f"/candidates/search/ q={search.q!r} office={search.office} "
                    f"election_year={search.election_year} -> {row.get('name')}",
                ))
            elif not found:
                res.problems.append(f"{figure.id}: no candidate matches search {search.q!r}")
            else:
                names = ", ".join(f"{r['candidate_id']} {r.get('name')}" for r in found)
                res.problems.append(
                    f"{figure.id}: search {search.q!r} is ambiguous ({names}); "
                    "pin the right candidate_id in the watchlist"
                )
        for committee_id in figure.committee_ids:
            rows = api.fetch_one(make_query("committees", f"/committee/{committee_id}/",
                                            f"committee {committee_id}"))
            cycles = rows[0].get("cycles", []) if rows else []
            if not rows:
                res.problems.append(f"{figure.id}: committee {committee_id} not found")
            res.add(Link("figure", figure.id, None, committee_id, "verified_config",
                         "committee_ids in the watchlist", cycles))
        for candidate_id, method, evidence in candidate_ids:
            api.fetch_one(make_query("candidates", f"/candidate/{candidate_id}/",
                                     f"candidate {candidate_id}"))
            res.add(Link("figure", figure.id, candidate_id, None, method, evidence))
            query = make_query("committees", f"/candidate/{candidate_id}/committees/",
                               f"committees of {candidate_id}")
            for row in api.iter_offset(query):
                if row.get("designation") in fec.CANDIDATE_DESIGNATIONS:
                    res.add(Link(
                        "figure", figure.id, candidate_id, row["committee_id"],
                        "api_candidate_committees" if method == "verified_config"
                        else f"{method}+api_candidate_committees",
                        ("" if method == "verified_config" else f"{evidence}; then ")
                        + f"/candidate/{candidate_id}/committees/ designation="
                        f"{row.get('designation')} name={row.get('name')!r}",
                        row.get("cycles") or [],
                    ))
    for industry in watchlist.industries:
        for committee_id in industry.pac_committee_ids:
            rows = api.fetch_one(make_query("committees", f"/committee/{committee_id}/",
                                            f"committee {committee_id}"))
            res.add(Link("industry", industry.id, None, committee_id, "verified_config",
                         "pac_committee_ids in the watchlist",
                         rows[0].get("cycles", []) if rows else []))
        for pac_name in industry.pac_names:
            query = make_query("committees", "/committees/", f"pac {pac_name}", q=pac_name)
            for row in api.iter_offset(query):
                org = (row.get("connected_organization_name") or "").upper()
                matched = [p for p in industry.organization_patterns if p in org]
                if row.get("committee_id") in industry.pac_committee_ids:
                    continue
                if matched:
                    res.add(Link(
                        "industry", industry.id, None, row["committee_id"], "api_name_search",
                        f"/committees/ q={pac_name!r} -> {row.get('name')!r}; connected "
                        f"organisation {org!r} matches {matched[0]!r}",
                        row.get("cycles") or [],
                    ))
    res.calls = api.client.stats.calls - calls_before
    for problem in res.problems:
        log.warning("resolution: %s", problem)
    return res


def save_resolution(res: Resolution, state_dir: Path) -> Path:
    path = resolution_path(state_dir)
    atomic_write(path, res.to_json().encode())
    return path


def _active(res: Resolution, committee_id: str, cycle: int) -> bool:
    cycles = res.committee_cycles(committee_id)
    return not cycles or cycle in cycles


def plan(kind: str, res: Resolution, watchlist: Watchlist, cycles) -> list[Query]:
    """The queries that pull `kind` for the resolved watchlist, one period per request."""
    figure_committees = res.committees("figure")
    pacs = res.committees("industry")
    queries: list[Query] = []
    for cycle in cycles:
        if kind == "schedule_a":
            for cid in figure_committees:
                if _active(res, cid, cycle):
                    queries.append(make_query(kind, "/schedules/schedule_a/",
                                              f"receipts {cid} {cycle}", committee_id=cid,
                                              two_year_transaction_period=cycle))
            for industry in watchlist.industries:
                patterns = list(industry.employer_patterns)
                for start in range(0, len(patterns), fec.MAX_FILTER_VALUES):
                    chunk = patterns[start:start + fec.MAX_FILTER_VALUES]
                    queries.append(make_query(
                        kind, "/schedules/schedule_a/",
                        f"employers {industry.id} {start // fec.MAX_FILTER_VALUES} {cycle}",
                        contributor_employer=chunk, two_year_transaction_period=cycle))
        elif kind == "schedule_b":
            for cid in pacs:
                if _active(res, cid, cycle):
                    queries.append(make_query(kind, "/schedules/schedule_b/",
                                              f"disbursements {cid} {cycle}", committee_id=cid,
                                              two_year_transaction_period=cycle))
        elif kind == "schedule_e":
            for candidate_id in res.candidates():
                queries.append(make_query(kind, "/schedules/schedule_e/",
                                          f"ie {candidate_id} {cycle}",
                                          candidate_id=candidate_id, cycle=cycle))
        elif kind == "totals":
            for cid in sorted(set(figure_committees) | set(pacs)):
                if _active(res, cid, cycle):
                    queries.append(make_query(kind, f"/committee/{cid}/totals/",
                                              f"totals {cid} {cycle}", cycle=cycle))
        else:
            raise ValueError(f"unknown extract kind {kind!r}; expected one of {fec.EXTRACT_KINDS}")
    return queries


@dataclass
class ExtractSummary:
    kind: str
    queries: int = 0
    calls: int = 0
    pages: int = 0
    rows: int = 0
    resumed: int = 0
    # Queries that failed after every retry: {"query", "query_id", "error"}; they resume next run.
    failed: list = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.kind}: {self.queries} queries, {self.calls} calls, {self.pages} pages, "
                f"{self.rows} rows landed ({self.resumed} resumed from a saved cursor)"
                + (f"; {len(self.failed)} FAILED" if self.failed else ""))


def extract_kind(api: FecApi, kind: str, res: Resolution, watchlist: Watchlist, cycles,
                 *, full_refresh: bool = False) -> ExtractSummary:
    """Pull one landing kind; keyset queries resume from their saved cursors.

    A query that fails after every retry (or whose body stays unusable: it is quarantined) is
    recorded in `ExtractSummary.failed` and the next query goes on; a refused key (401/403) stops
    the kind, since every other query would be refused too.
    """
    summary = ExtractSummary(kind)
    queries = plan(kind, res, watchlist, cycles)
    for number, query in enumerate(queries, 1):
        result = QueryResult(query)
        try:
            if keyset_sort(query):
                if full_refresh:
                    api.reset_cursor(query)
                for _ in api.iter_keyset(query, result):
                    pass
            else:
                for _ in api.iter_offset(query, result):
                    pass
        except (HttpError, FecApiError) as exc:
            if getattr(exc, "status", None) in (401, 403):
                raise
            log.error("[%s %d/%d] %s FAILED (it resumes on the next run): %s", kind, number,
                      len(queries), query.label, exc)
            summary.failed.append({"query": query.label, "query_id": query.query_id,
                                   "error": str(exc)})
        summary.queries += 1
        summary.calls += result.calls
        summary.pages += result.pages
        summary.rows += result.rows
        summary.resumed += int(result.resumed)
        log.info("[%s %d/%d] %s: %d rows in %d calls", kind, number, len(queries),
                 query.label, result.rows, result.calls)
    log.info("%s", summary)
    return summary
