"""The real API samples in ../shared/real-samples/ (read in place, never copied into the
repository): where each one belongs, and the request each was recorded from."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ingest.common.settings import REPO_ROOT
from ingest.sources.fec.settings import KINDS as FEC_KINDS
from ingest.sources.lda.settings import KINDS as LDA_KINDS

SHARED = REPO_ROOT.parent / "shared" / "real-samples"
KINDS = {"fec": FEC_KINDS, "lda": LDA_KINDS}
FETCHED_AT = "2026-11-01T00:00:00+00:00"

# Where each sample belongs: (landing kind, raw table), or None for responses of endpoints the
# pipeline does not load (they are quarantined under every kind).
FEC_HOME = {
    "jonthegeek-fecapi__candidates_default_per_page20_2024.json": ("candidates", "candidates"),
    "jonthegeek-fecapi__candidates_per_page100_2024.json": ("candidates", "candidates"),
    "loudog925-fec-mcp__committee_C00718866_reports_form3_per_page3.json": None,
    "ruby-openfec__candidate_H0AK00014_committees.json": ("committees", "committees"),
    "ruby-openfec__candidate_H0AK00014_history.json": ("candidates", "candidate_history"),
    "ruby-openfec__candidate_H0AK00014_history_1980.json": ("candidates", "candidate_history"),
    "ruby-openfec__candidate_H4IL07037_committees.json": ("committees", "committees"),
    "ruby-openfec__candidate_Henry_history.json": ("candidates", "candidate_history"),
    "ruby-openfec__candidate_S8MN00438_committees_history.json": ("committees",
                                                                  "committee_history"),
    "ruby-openfec__candidates.json": ("candidates", "candidates"),
    "ruby-openfec__candidates_all.http": None,
    "ruby-openfec__candidates_cycle_1980.json": ("candidates", "candidates"),
    "ruby-openfec__candidates_party_DEM.json": ("candidates", "candidates"),
    "ruby-openfec__committee_C00000729_schedules_schedule_a_by_occupation.json": None,
    "ruby-openfec__committee_C00462390_history.json": ("committees", "committee_history"),
    "ruby-openfec__committee_C00462390_history_2012.json": ("committees", "committee_history"),
    "ruby-openfec__committee_C00563023_reports.json": None,
    "ruby-openfec__committee_C00563023_totals.json": ("totals", "totals"),
    "ruby-openfec__committees.json": ("committees", "committees"),
    "ruby-openfec__committees_committee_id_C00563023.json": ("committees", "committees"),
    "ruby-openfec__committees_state_VA.json": ("committees", "committees"),
    "ruby-openfec__communication_costs_by_candidate_candidate_id_H0AL03036.json": None,
    "ruby-openfec__elections_cycle_2000_office_president.json": None,
    "ruby-openfec__elections_search.json": None,
    "ruby-openfec__filings_report_year_2000.json": None,
    "ruby-openfec__names_candidates_q_John.json": None,
    "ruby-openfec__names_committees_q_Congress.json": None,
    "ruby-openfec__reporting-dates_report_year_2000.json": None,
    "ruby-openfec__reports_presidential.json": None,
    "ruby-openfec__schedules_schedule_a.json": ("schedule_a", "schedule_a"),
    "ruby-openfec__schedules_schedule_a_by_contributor_type_by_candidate_candidate_id_S4PA00121"
    "_cycle_2016__HTTP404.html": None,
    "ruby-openfec__schedules_schedule_a_by_size_by_candidate_candidate_id_S4PA00121_cycle_2010"
    ".json": None,
    "ruby-openfec__schedules_schedule_a_by_size_by_candidate_candidate_id_S4PA00121_cycle_2016"
    ".json": None,
    "ruby-openfec__schedules_schedule_a_by_state_by_candidate_candidate_id_S4PA00121_cycle_2016"
    "__HTTP500.html": None,
    "openFEC_issue_pagination_fragments.json": None,  # quoted_fragments/: not a response body
}
LDA_HOME = {
    "dl-ee_lobbying_client__invalid_api_key__00.json": None,  # 401 error body
    "dl-ee_lobbying_client__rate_limit_error__00.json": None,  # 429 error body
    "dl-ee_lobbying_client__v1_anonymous__00.json": None,  # the API root: a map of endpoints
    "dl-ee_lobbying_client__v1_authorized__00.json": None,
    "dl-ee_lobbying_client__v1_clients_list_clients__00.json": ("clients", "clients"),
    "dl-ee_lobbying_client__v1_clients_retrieve_client__00.json": ("clients", "clients"),
    "dl-ee_lobbying_client__v1_contribution_reports_list_contribution_reports__00.json": (
        "contributions", "contributions"),
    "dl-ee_lobbying_client__v1_contribution_reports_retrieve_contribution_report__00.json": (
        "contributions", "contributions"),
    "dl-ee_lobbying_client__v1_filings_list_filings__00.json": ("filings", "filings"),
    "dl-ee_lobbying_client__v1_filings_retrieve_filing__00.json": ("filings", "filings"),
    "dl-ee_lobbying_client__v1_lobbyists_list_lobbyists__00.json": ("lobbyists", "lobbyists"),
    "dl-ee_lobbying_client__v1_lobbyists_retrieve_lobbyist__00.json": ("lobbyists", "lobbyists"),
    "dl-ee_lobbying_client__v1_registrants_list_registrants__00.json": ("registrants",
                                                                        "registrants"),
    "dl-ee_lobbying_client__v1_registrants_retrieve_registrant__00.json": ("registrants",
                                                                           "registrants"),
    "laxsmenon__lda_gov_filings_2017q1_page1_size2.json": ("filings", "filings"),
} | {name: ("constants", "constants") for name in (
    f"dl-ee_lobbying_client__v1_constants_{stem}__00.json" for stem in (
        "contribution_list_contribution_item_types", "filing_list_filing_types",
        "filing_list_government_entities", "filing_list_lobbying_activity_general_issues",
        "general_list_countries", "general_list_states", "lobbyist_list_lobbyist_prefixes",
        "lobbyist_list_lobbyist_suffixes"))}
HOME = {"fec": FEC_HOME, "lda": LDA_HOME}


def samples(source: str) -> list[Path]:
    return sorted(p for p in (SHARED / f"{source}_api").rglob("*") if p.is_file())


def recorded_requests() -> dict[str, str]:
    """Sample name -> the URL it was fetched from, from MANIFEST.tsv (keys are REDACTED)."""
    urls = {}
    with open(SHARED / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            match = re.search(r"GET (https?://[^\s;\"]+|/v1/[^\s;\"(,]+)", " ".join(row[1:]))
            if row and match:
                url = match[1]
                urls[Path(row[0]).name] = ("https://api.open.fec.gov" + url
                                           if url.startswith("/") else url)
    return urls
