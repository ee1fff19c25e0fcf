"""A small, deterministic, synthetic Lobbying Disclosure (LDA.gov) "universe" for tests.

`build_lda_universe()` returns LD-1/LD-2 filings, LD-203 contribution reports, registrants, clients,
lobbyists and the constants lists, each shaped exactly like the records the LDA API returns
(docs/sources.md §3.4; `../shared/real-samples/lda_api/`): keys in the API's order, every nullable
field present as ``null`` unless noted below, money as decimal strings ("40000.00"), ``dt_posted`` as
ISO 8601 with the US Eastern offset of the day ("2016-07-18T10:41:07.480000-04:00"), a ``*_display``
companion beside every coded value, and ``url``/``filing_document_url`` on the host https://lda.gov.
Company and trade-group names and the honorees (members of Congress, party committees) are public;
every lobbyist, address, telephone number, amount, ID and UUID is invented. Filing UUIDs are
``uuid5`` values of fixed strings and randomness comes from `random.Random` seeded with fixed
strings, so every build is identical. Filing years 2015-2018.

What is in it:

* Payday industry. The in-house registrant COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA (its
  own client; reports ``expenses``, ``income`` null) and three outside firms: CAPITOL SQUARE
  STRATEGIES LLC (ADVANCE AMERICA, CHECK INTO CASH, INC., ONLINE LENDERS ALLIANCE), HALVERSON & PIKE
  LLP (Advance America, Cash Advance Centers, Inc., ACE CASH EXPRESS, INC.) and WHITFIELD GROVE
  ADVOCATES LLC (CASH AMERICA INTERNATIONAL, INC. from 2016, QC HOLDINGS, INC. 2016-2017). Quarterly
  LD-2 reports with one lobbying activity per general issue code (FIN, BAN, CSP) whose descriptions
  name the CFPB payday rule, small-dollar loans and H.R. 4018.
* Banks: JPMORGAN CHASE & CO. in-house (2016-2017) and GOLDMAN SACHS GROUP, INC. through BRADDOCK
  LANE GROUP, INC. (2016), under BAN/FIN/TAX/HOU.
* LD-203 reports (mid-year MM, year-end YY) of every registrant above and of each of its lobbyists.
* Government entities are the same list on every activity of a filing: filings posted before
  2021-02-14 list them per filing, not per activity (sources.md §3.3).

Special cases, pinned in `SPECIAL_CASES`:

``busy_year`` (2016) / ``payday_filings_in_busy_year``
    ``filing_specific_lobbying_issues=payday`` matches 114 filings over 2015-2018 and 34 in 2016, so
    at page_size 25 that year needs two pages.
``payday_word_absent``
    ACE CASH EXPRESS's four 2015 reports speak of "small-dollar loans" and prepaid accounts but never
    say "payday": an industry filter by issue text alone misses them.
``amendment_original`` / ``amendment``
    CAPITOL SQUARE STRATEGIES x ADVANCE AMERICA, 2016, second_quarter: the original Q2 (income
    "60000.00", FIN and CSP, posted 2016-07-18) and its amendment 2A (income "70000.00", an extra BAN
    activity, posted 2016-08-09 under a different filing_uuid). Keep the latest ``dt_posted`` per
    (registrant, client, year, period).
``registration``
    The LD-1 (RR, income and expenses null, no government entities) WHITFIELD GROVE filed for CASH
    AMERICA on 2016-01-25, before that client's 2016 Q1 report.
``termination``
    QC HOLDINGS' last report, 2017 Q4, is a 4T with ``termination_date`` "2017-12-15".
``advance_america_client_ids`` (188041, 153317)
    Client IDs are per registrant: "ADVANCE AMERICA" (CAPITOL SQUARE) and "Advance America, Cash
    Advance Centers, Inc." (HALVERSON & PIKE) are one company with two IDs and two spellings.
``advance_auto_parts_client_id`` (196403)
    ADVANCE AUTO PARTS, INC. (issue TRA, through BRADDOCK LANE, 2016-2017): a naive "ADVANCE" match
    catches it.
``revolving_door_lobbyist_id`` (72311)
    PATRICIA A. REINHOLT, covered position "Former Legislative Director, Rep. Debbie Wasserman
    Schultz". Other covered positions: "Former Counsel, House Financial Services Committee" (71205)
    and a CFPB deputy directorship (10456); most lobbyists have ``covered_position`` null. ``new`` is
    true on a lobbyist's first filing for a client and false afterwards.
``same_person_two_registrant_ids`` (72312, 73503)
    GREGORY TALBOT JR. lobbied for CAPITOL SQUARE in 2015-2016 and for WHITFIELD GROVE in 2017-2018:
    lobbyist IDs, like client IDs, are per registrant.
``ld203_by_figure``
    LD-203 report UUIDs whose items name each watchlist figure (keys are watchlist.yml ids), in
    varied spellings: "Debbie Wasserman Schultz" (payee DEBBIE WASSERMAN SCHULTZ FOR CONGRESS, a
    lobbyist's 2016 MM), "Wasserman Schultz, Debbie" (the CFSA PAC, 2015 YY) and "Rep. Debbie
    Wasserman-Schultz" (an honorary expense, 2017 MM, which a contains-match on "Wasserman Schultz"
    misses); "Sen. Bernie Sanders" (FRIENDS OF BERNIE SANDERS) and "Sanders, Bernard" (BERNIE 2016);
    "Hillary Clinton" (HILLARY FOR AMERICA) and "Clinton, Hillary Rodham"; the DNC as payee
    DEMOCRATIC NATIONAL COMMITTEE with honoree "None" (the API's literal string) and as DNC SERVICES
    CORP. / "DNC"; "Donald J. Trump" and an inaugural ("pic") item for "President-elect Donald
    Trump"; "Warren, Elizabeth" (ELIZABETH FOR MA).
``ld203_dws_lobbyist`` / ``ld203_dws_pac`` / ``ld203_dws_honorary``
    The three Wasserman Schultz reports above, one by one.
``ld203_dws_in_house``
    DANA M. KOVACH's 2018 mid-year report (the in-house CFSA lobbyist): "Debbie Wasserman Schultz",
    $1,000 on 2018-04-18, the same gift as her itemized FEC receipt (fec_universe
    ``lobbyist_receipts``), which an employer rule also codes to payday lending.
``ld203_warren_trap``
    Honoree "Warren Davidson" (DAVIDSON FOR CONGRESS): a naive "Warren" match catches it.
``ld203_honorary_expense`` / ``ld203_inaugural``
    The only "he" and "pic" items; every other item is "feca".
``ld203_pac_report``
    The CFSA registrant's 2015 year-end report: ``filer_type`` "organization", ``lobbyist`` null,
    ``pacs`` naming its PAC, items contributed by the PAC, and a ``comments`` text.
``ld203_no_contributions``
    DANA M. KOVACH's 2017 mid-year report: ``no_contributions`` true, ``contribution_items`` [].
    Randomly generated reports include more of these, as do the registrant reports of firms without
    a PAC.
``sparse_filings``
    A filing without the ``affiliated_organizations`` key (CHECK INTO CASH 2017 Q3) and one with
    ``posted_by_name`` null (ACE 2018 Q1).
``sparse_clients`` (188043)
    ONLINE LENDERS ALLIANCE has no ``general_description`` key (in /clients/ and nested in filings)
    and ``ppb_state`` null.
``sparse_registrants`` (401105522)
    WHITFIELD GROVE ADVOCATES LLC: ``house_registrant_id`` and ``description`` null.
``sparse_contributions``
    WHITFIELD GROVE's 2016 mid-year LD-203 has no ``comments`` key and ``contact_name`` null.
``affiliated_organization_filings``
    ONLINE LENDERS ALLIANCE's 2018 reports list one affiliated organization; all other filings
    have ``affiliated_organizations`` [] (or no key, above). ``conviction_disclosures`` and
    ``foreign_entities`` are always [].
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from typing import Any

LDA_HOST = "https://lda.gov"
API_ROOT = f"{LDA_HOST}/api/v1"
FILING_YEARS = (2015, 2016, 2017, 2018)
BUSY_YEAR = 2016

_NAMESPACE = uuid.UUID("6f1c2a52-3c1e-4a47-9d55-7c0c0b1d2e01")

Record = dict[str, Any]


def record_uuid(kind: str, *parts: object) -> str:
    """The fixed UUID of a synthetic filing or report, from its kind and natural key."""
    return str(uuid.uuid5(_NAMESPACE, "/".join([kind, *(str(p) for p in parts)])))


# ---------------------------------------------------------------------------------------------
# Constants lists (small subsets of the real lists, same values and names)
# ---------------------------------------------------------------------------------------------

FILING_TYPES = {
    "RR": "Registration",
    "RA": "Registration - Amendment",
    "Q1": "1st Quarter - Report",
    "Q1Y": "1st Quarter - Report (No Activity)",
    "1T": "1st Quarter - Termination",
    "1A": "1st Quarter - Amendment",
    "Q2": "2nd Quarter - Report",
    "Q2Y": "2nd Quarter - Report (No Activity)",
    "2T": "2nd Quarter - Termination",
    "2A": "2nd Quarter - Amendment",
    "Q3": "3rd Quarter - Report",
    "Q3Y": "3rd Quarter - Report (No Activity)",
    "3T": "3rd Quarter - Termination",
    "3A": "3rd Quarter - Amendment",
    "Q4": "4th Quarter - Report",
    "Q4Y": "4th Quarter - Report (No Activity)",
    "4T": "4th Quarter - Termination",
    "4A": "4th Quarter - Amendment",
    "MM": "Mid-Year Report",
    "MA": "Mid-Year Amendment",
    "YY": "Year-End Report",
    "YA": "Year-End Amendment",
}

ISSUES = {
    "AUT": "Automotive Industry",
    "BAN": "Banking",
    "BNK": "Bankruptcy",
    "BUD": "Budget/Appropriations",
    "CSP": "Consumer Issues/Safety/Products",
    "FIN": "Financial Institutions/Investments/Securities",
    "GOV": "Government Issues",
    "HOU": "Housing",
    "INS": "Insurance",
    "LAW": "Law Enforcement/Crime/Criminal Justice",
    "RET": "Retirement",
    "SMB": "Small Business",
    "TAX": "Taxation/Internal Revenue Code",
    "TEC": "Telecommunications",
    "TRA": "Transportation",
}

# The real IDs of the constants list (SENATE is 1, HOUSE OF REPRESENTATIVES 2).
SENATE = {"id": 1, "name": "SENATE"}
HOUSE = {"id": 2, "name": "HOUSE OF REPRESENTATIVES"}
CFPB = {"id": 255, "name": "Consumer Financial Protection Bureau (CFPB)"}
TREASURY = {"id": 41, "name": "Treasury, Dept of"}
FDIC = {"id": 54, "name": "Federal Deposit Insurance Corporation (FDIC)"}
FED = {"id": 62, "name": "Federal Reserve System"}
OCC = {"id": 183, "name": "Office of the Comptroller of the Currency (OCC)"}
SEC = {"id": 88, "name": "Securities & Exchange Commission (SEC)"}
FTC = {"id": 64, "name": "Federal Trade Commission (FTC)"}
DOT = {"id": 40, "name": "Transportation, Dept of (DOT)"}
GOVERNMENT_ENTITIES = [CFPB, FDIC, FED, FTC, HOUSE, OCC, SEC, SENATE, DOT, TREASURY,
                       {"id": 12, "name": "White House Office"},
                       {"id": 24, "name": "Commerce, Dept of (DOC)"}]

COUNTRIES = {"00": "* Undetermined", "CA": "Canada", "GB": "United Kingdom", "MX": "Mexico",
             "US": "United States of America"}
STATES = {
    "CA": "California", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida",
    "IL": "Illinois", "KS": "Kansas", "MD": "Maryland", "MA": "Massachusetts", "NY": "New York",
    "NC": "North Carolina", "OH": "Ohio", "SC": "South Carolina", "TN": "Tennessee", "TX": "Texas",
    "VT": "Vermont", "VA": "Virginia",
}
PREFIXES = {"dr": "DR.", "mr": "MR.", "mrs": "MRS.", "ms": "MS."}
SUFFIXES = {"jr": "JR", "sr": "SR", "ii": "II", "iii": "III", "esq": "ESQ"}
ITEM_TYPES = {"feca": "FECA", "he": "Honorary Expenses", "me": "Meeting Expenses",
              "ple": "Presidential Library Expenses", "pic": "Presidential Inaugural Committee"}

PERIODS = {
    "first_quarter": "1st Quarter (Jan 1 - Mar 31)",
    "second_quarter": "2nd Quarter (Apr 1 - Jun 30)",
    "third_quarter": "3rd Quarter (Jul 1 - Sep 30)",
    "fourth_quarter": "4th Quarter (Oct 1 - Dec 31)",
    "mid_year": "Mid-Year (Jan 1 - Jun 30)",
    "year_end": "Year-End (July 1 - Dec 31)",
}
QUARTERS = ("first_quarter", "second_quarter", "third_quarter", "fourth_quarter")
EXPENSES_METHODS = {
    "a": "Method A. Reporting amounts using LDA definitions only",
    "b": "Method B. Reporting amounts under section 6033(b)(8) of the Internal Revenue Code",
    "c": "Method C. Reporting amounts under section 162(e) of the Internal Revenue Code",
}


def _constants() -> dict[str, list]:
    def pairs(mapping: dict[str, str]) -> list[dict]:
        return [{"value": value, "name": name} for value, name in mapping.items()]

    return {
        "filing/filingtypes": pairs(FILING_TYPES),
        "filing/lobbyingactivityissues": pairs(ISSUES),
        "filing/governmententities": [dict(e) for e in GOVERNMENT_ENTITIES],
        "general/countries": pairs(COUNTRIES),
        "general/states": sorted(pairs(STATES), key=lambda s: s["name"]),
        "lobbyist/prefixes": pairs(PREFIXES),
        "lobbyist/suffixes": pairs(SUFFIXES),
        "contribution/itemtypes": pairs(ITEM_TYPES),
    }


# ---------------------------------------------------------------------------------------------
# Registrants, clients, lobbyists
# ---------------------------------------------------------------------------------------------

CFSA, CAPITOL_SQUARE, HALVERSON_PIKE = 40871, 401103187, 27760
WHITFIELD_GROVE, JPMORGAN, BRADDOCK_LANE = 401105522, 21495, 401100944


def _registrant(rid: int, house_id: int | None, name: str, description: str | None,
                address: tuple[str, str | None], city: str, state: str, zip_code: str,
                contact: str, telephone: str, dt_updated: str) -> Record:
    return {
        "id": rid,
        "url": f"{API_ROOT}/registrants/{rid}/",
        "house_registrant_id": house_id,
        "name": name,
        "description": description,
        "address_1": address[0],
        "address_2": address[1],
        "address_3": None,
        "address_4": None,
        "city": city,
        "state": state,
        "state_display": STATES[state],
        "zip": zip_code,
        "country": "US",
        "country_display": COUNTRIES["US"],
        "ppb_country": "US",
        "ppb_country_display": COUNTRIES["US"],
        "contact_name": contact,
        "contact_telephone": telephone,
        "dt_updated": dt_updated,
    }


def _registrants() -> list[Record]:
    return [
        _registrant(CFSA, 38215, "COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA",
                    "Trade association of small-dollar, short-term lenders",
                    ("1501 Duke Street", "Suite 400"), "Alexandria", "VA", "22314",
                    "DANA KOVACH", "+1 703-555-0142", "2022-04-06T16:11:02.417391-04:00"),
        _registrant(CAPITOL_SQUARE, 401103187, "CAPITOL SQUARE STRATEGIES LLC",
                    "Government relations consulting", ("400 North Capitol Street, NW", "Suite 585"),
                    "Washington", "DC", "20001", "PATRICIA REINHOLT", "+1 202-555-0117",
                    "2023-01-19T10:02:44.906511-05:00"),
        _registrant(HALVERSON_PIKE, 35102, "HALVERSON & PIKE LLP", "Law firm",
                    ("1750 K Street, NW", "Suite 900"), "Washington", "DC", "20006",
                    "JONATHAN HALVERSON", "+1 202-555-0188", "2022-04-06T16:07:51.230044-04:00"),
        _registrant(WHITFIELD_GROVE, None, "WHITFIELD GROVE ADVOCATES LLC", None,
                    ("2200 Clarendon Boulevard", None), "Arlington", "VA", "22201",
                    "ROBERT WHITFIELD", "+1 571-555-0163", "2022-04-06T16:14:37.118820-04:00"),
        _registrant(JPMORGAN, 30455, "JPMORGAN CHASE & CO.", "Financial services",
                    ("601 Thirteenth Street, NW", "Suite 300 North"), "Washington", "DC", "20005",
                    "KEVIN ASHBROOK", "+1 202-555-0135", "2024-02-02T09:45:13.572208-05:00"),
        _registrant(BRADDOCK_LANE, 401100944, "BRADDOCK LANE GROUP, INC.",
                    "Federal government relations", ("1101 King Street", "Suite 610"),
                    "Alexandria", "VA", "22314", "THOMAS BRADDOCK", "+1 703-555-0199",
                    "2022-04-06T16:09:18.664120-04:00"),
    ]


# Client ids are per registrant: `id` is global, `client_id` counts within the registrant.
_NO_KEY = ...  # a general_description given as this leaves the key out altogether
C_CFSA, C_AA_CAPSQ, C_CHECK_INTO_CASH, C_OLA = 120233, 188041, 188042, 188043
C_AA_HALVERSON, C_ACE, C_CASH_AMERICA, C_QC = 153317, 153318, 205110, 205111
C_JPMORGAN, C_GOLDMAN, C_ADVANCE_AUTO = 101877, 196402, 196403

# (id, registrant, client_id, name, general_description, self_select, state, ppb_state, effective)
_CLIENTS: tuple[tuple, ...] = (
    (C_CFSA, CFSA, 12, "COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA",
     "Trade association of small-dollar, short-term lenders", True, "VA", "VA", "2002-01-01"),
    (C_AA_CAPSQ, CAPITOL_SQUARE, 4, "ADVANCE AMERICA", "Short-term consumer lending", None, "SC",
     "SC", "2014-03-01"),
    (C_CHECK_INTO_CASH, CAPITOL_SQUARE, 5, "CHECK INTO CASH, INC.",
     "Consumer financial services", False, "TN", "TN", "2014-03-01"),
    (C_OLA, CAPITOL_SQUARE, 6, "ONLINE LENDERS ALLIANCE", _NO_KEY, False, "VA", None, "2014-06-16"),
    (C_AA_HALVERSON, HALVERSON_PIKE, 1002871, "Advance America, Cash Advance Centers, Inc.",
     "Provider of cash advance and consumer loan services", None, "SC", "SC", "2011-05-02"),
    (C_ACE, HALVERSON_PIKE, 1002872, "ACE CASH EXPRESS, INC.",
     "Retail financial services and small-dollar loans", None, "TX", "TX", "2012-09-10"),
    (C_CASH_AMERICA, WHITFIELD_GROVE, 2, "CASH AMERICA INTERNATIONAL, INC.",
     "Pawn lending and consumer loans", False, "TX", "TX", "2016-01-11"),
    (C_QC, WHITFIELD_GROVE, 3, "QC HOLDINGS, INC.", "Short-term consumer loans", False, "KS", "KS",
     "2016-01-11"),
    (C_JPMORGAN, JPMORGAN, 12, "JPMORGAN CHASE & CO.", "Financial services", True, "NY", "NY",
     "2008-01-01"),
    (C_GOLDMAN, BRADDOCK_LANE, 14, "GOLDMAN SACHS GROUP, INC.", "Investment banking", False, "NY",
     "NY", "2016-01-04"),
    (C_ADVANCE_AUTO, BRADDOCK_LANE, 15, "ADVANCE AUTO PARTS, INC.",
     "Automotive aftermarket parts retailer", False, "NC", "NC", "2016-01-04"),
)


def _client(spec: tuple) -> Record:
    cid, _, client_id, name, description, self_select, state, ppb_state, effective = spec
    client: Record = {
        "id": cid,
        "url": f"{API_ROOT}/clients/{cid}/",
        "client_id": client_id,
        "name": name,
        "general_description": description,
        "client_government_entity": False,
        "client_self_select": self_select,
        "state": state,
        "state_display": STATES[state],
        "country": "US",
        "country_display": COUNTRIES["US"],
        "ppb_state": ppb_state,
        "ppb_state_display": STATES[ppb_state] if ppb_state else None,
        "ppb_country": "US",
        "ppb_country_display": COUNTRIES["US"],
        "effective_date": effective,
    }
    if description is _NO_KEY:
        del client["general_description"]
    return client


@dataclass(frozen=True)
class _Lobbyist:
    id: int
    registrant: int
    first: str
    last: str
    years: tuple[int, ...]
    middle: str | None = None
    nickname: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    covered_position: str | None = None

    def record(self) -> Record:
        return {
            "id": self.id,
            "prefix": self.prefix,
            "prefix_display": PREFIXES[self.prefix] if self.prefix else None,
            "first_name": self.first,
            "nickname": self.nickname,
            "middle_name": self.middle,
            "last_name": self.last,
            "suffix": self.suffix,
            "suffix_display": SUFFIXES[self.suffix] if self.suffix else None,
        }

    @property
    def contributor_name(self) -> str:
        """How LD-203 items name the lobbyist as contributor: "LAST, FIRST M"."""
        return f"{self.last}, {self.first}" + (f" {self.middle}" if self.middle else "")


REVOLVING_DOOR_POSITION = "Former Legislative Director, Rep. Debbie Wasserman Schultz"

LOBBYISTS: tuple[_Lobbyist, ...] = (
    _Lobbyist(71204, CFSA, "DANA", "KOVACH", FILING_YEARS, middle="M"),
    _Lobbyist(71205, CFSA, "MARCUS", "ELLINGTON", FILING_YEARS, prefix="mr",
              covered_position="Former Counsel, House Financial Services Committee"),
    _Lobbyist(71206, CFSA, "ROSALIND", "PEMBERTON", FILING_YEARS, middle="J", nickname="ROZ"),
    _Lobbyist(72311, CAPITOL_SQUARE, "PATRICIA", "REINHOLT", FILING_YEARS, middle="A",
              covered_position=REVOLVING_DOOR_POSITION),
    _Lobbyist(72312, CAPITOL_SQUARE, "GREGORY", "TALBOT", (2015, 2016), suffix="jr",
              covered_position="Former Professional Staff Member, Senate Committee on Banking, "
                               "Housing, and Urban Affairs"),
    _Lobbyist(72313, CAPITOL_SQUARE, "ELAINE", "MOSCOWITZ", FILING_YEARS),
    _Lobbyist(10455, HALVERSON_PIKE, "JONATHAN", "HALVERSON", FILING_YEARS, middle="R"),
    _Lobbyist(10456, HALVERSON_PIKE, "SUSAN", "OKAFOR", FILING_YEARS,
              covered_position="Former Deputy Director, Office of Supervision Policy, Consumer "
                               "Financial Protection Bureau"),
    _Lobbyist(10457, HALVERSON_PIKE, "DAVID", "PIKE", FILING_YEARS, suffix="iii"),
    _Lobbyist(73501, WHITFIELD_GROVE, "ROBERT", "WHITFIELD", (2016, 2017, 2018), middle="T"),
    _Lobbyist(73502, WHITFIELD_GROVE, "ANGELA", "PRICE-DUNMORE", (2016, 2017, 2018),
              nickname="ANGIE",
              covered_position="Former Senior Policy Advisor, Senate Committee on Banking, "
                               "Housing, and Urban Affairs"),
    _Lobbyist(73503, WHITFIELD_GROVE, "GREGORY", "TALBOT", (2017, 2018), suffix="jr",
              covered_position="Former Professional Staff Member, Senate Committee on Banking, "
                               "Housing, and Urban Affairs"),
    _Lobbyist(15520, JPMORGAN, "KEVIN", "ASHBROOK", (2016, 2017)),
    _Lobbyist(15521, JPMORGAN, "MEREDITH", "SANTOS", (2016, 2017), middle="L", prefix="dr",
              covered_position="Former Senior Advisor, Office of the Comptroller of the Currency"),
    _Lobbyist(70088, BRADDOCK_LANE, "THOMAS", "BRADDOCK", (2016, 2017)),
    _Lobbyist(70089, BRADDOCK_LANE, "LAUREN", "FISCHBACH", (2016, 2017), middle="E",
              covered_position="Former Legislative Assistant, Senate Committee on Commerce, "
                               "Science, and Transportation"),
)
_LOBBYIST_BY_ID = {lobbyist.id: lobbyist for lobbyist in LOBBYISTS}


# ---------------------------------------------------------------------------------------------
# Lobbying activity texts
# ---------------------------------------------------------------------------------------------

_PAYDAY_TEXTS: dict[str, dict[int, str]] = {
    "FIN": {
        2015: "CFPB outline of proposals under consideration for payday, vehicle title and certain "
              "high-cost installment loans; access to small-dollar loans.",
        2016: "CFPB proposed rule on payday, vehicle title and certain high-cost installment loans; "
              "small-dollar loans; ability-to-repay requirements.",
        2017: "CFPB final rule on payday, vehicle title and certain high-cost installment loans; "
              "Congressional Review Act resolution of disapproval; small-dollar loans.",
        2018: "H.R. 4018, Consumer Protection and Choice Act; reconsideration of the CFPB payday "
              "lending rule; small-dollar loans.",
    },
    "BAN": {
        2015: "Access to bank accounts and payment systems for payday lenders; Operation Choke "
              "Point.",
        2016: "Bank account access for licensed payday and small-dollar lenders; FDIC guidance on "
              "third-party payment processors.",
        2017: "Bank partnerships for small-dollar credit; OCC guidance on short-term payday-style "
              "lending by banks.",
        2018: "OCC bulletin on short-term, small-dollar installment lending by banks; payday loan "
              "alternatives.",
    },
    "CSP": {
        2015: "Consumer protection issues affecting payday loans and vehicle title loans; state "
              "licensing.",
        2016: "CFPB proposed rule on payday, vehicle title and certain high-cost installment loans; "
              "consumer access to credit.",
        2017: "Consumer access to small-dollar loans following the CFPB payday rule.",
        2018: "H.R. 4018, Consumer Protection and Choice Act; consumer protections for payday and "
              "installment loans.",
    },
}
_ONLINE_LENDING = ("Online lending; lead generation; state licensing of internet payday lenders "
                   "and tribal lending.")
_NO_PAYDAY_WORD = {  # ACE CASH EXPRESS, 2015: industry filings that never say "payday"
    "FIN": "Small-dollar loans and consumer credit access; CFPB rulemaking on high-cost "
           "installment loans.",
    "CSP": "Prepaid accounts under the Electronic Fund Transfer Act (Regulation E) and the Truth "
           "in Lending Act (Regulation Z).",
}
_BANK_TEXTS: dict[str, dict[int, str]] = {
    "BAN": {
        2016: "Implementation of the Dodd-Frank Wall Street Reform and Consumer Protection Act; "
              "capital, liquidity and stress testing requirements; Volcker Rule.",
        2017: "H.R. 10, Financial CHOICE Act of 2017; capital and liquidity requirements; "
              "supervisory stress tests.",
    },
    "FIN": {
        2016: "Securities and derivatives regulation; implementation of the Volcker Rule; "
              "fiduciary standard for retirement advice.",
        2017: "H.R. 10, Financial CHOICE Act of 2017; derivatives regulation; the Department of "
              "Labor fiduciary rule.",
    },
    "TAX": {
        2016: "Comprehensive tax reform; international tax provisions; tax treatment of carried "
              "interest.",
        2017: "H.R. 1, Tax Cuts and Jobs Act; corporate tax rate; international tax provisions.",
    },
    "HOU": {
        2016: "Housing finance reform; mortgage servicing standards; Federal Housing "
              "Administration programs.",
        2017: "Housing finance reform; future of Fannie Mae and Freddie Mac.",
    },
}
_AUTO_PARTS_TEXT = {
    2016: "Motor vehicle safety recalls; access to vehicle repair and diagnostic information; "
          "implementation of the FAST Act (P.L. 114-94).",
    2017: "Access to vehicle repair and diagnostic information; motor vehicle safety; surface "
          "transportation infrastructure.",
}


@dataclass(frozen=True)
class _Engagement:
    """One registrant lobbying for one client over some years."""

    key: str
    registrant: int
    client: int
    years: tuple[int, ...]
    issues: tuple[str, ...]
    amount: int
    entities: tuple[dict, ...]
    texts: str = "payday"
    in_house: bool = False


_PAYDAY_ENTITIES = (HOUSE, SENATE, CFPB)
ENGAGEMENTS: tuple[_Engagement, ...] = (
    _Engagement("cfsa", CFSA, C_CFSA, FILING_YEARS, ("FIN", "BAN", "CSP"), 520000,
                (*_PAYDAY_ENTITIES, TREASURY), in_house=True),
    _Engagement("capsq-aa", CAPITOL_SQUARE, C_AA_CAPSQ, FILING_YEARS, ("FIN", "CSP"), 60000,
                _PAYDAY_ENTITIES),
    _Engagement("capsq-cic", CAPITOL_SQUARE, C_CHECK_INTO_CASH, FILING_YEARS, ("FIN", "BAN"), 40000,
                _PAYDAY_ENTITIES),
    _Engagement("capsq-ola", CAPITOL_SQUARE, C_OLA, FILING_YEARS, ("CSP", "FIN"), 30000,
                (*_PAYDAY_ENTITIES, FTC)),
    _Engagement("hp-aa", HALVERSON_PIKE, C_AA_HALVERSON, FILING_YEARS, ("BAN", "FIN"), 50000,
                _PAYDAY_ENTITIES),
    _Engagement("hp-ace", HALVERSON_PIKE, C_ACE, FILING_YEARS, ("CSP", "FIN"), 20000,
                _PAYDAY_ENTITIES),
    _Engagement("wg-cash-america", WHITFIELD_GROVE, C_CASH_AMERICA, (2016, 2017, 2018),
                ("FIN", "CSP"), 30000, _PAYDAY_ENTITIES),
    _Engagement("wg-qc", WHITFIELD_GROVE, C_QC, (2016, 2017), ("FIN",), 20000, _PAYDAY_ENTITIES),
    _Engagement("jpm", JPMORGAN, C_JPMORGAN, (2016, 2017), ("BAN", "FIN", "TAX", "HOU"), 1480000,
                (HOUSE, SENATE, TREASURY, FED, FDIC, OCC), texts="bank", in_house=True),
    _Engagement("bl-goldman", BRADDOCK_LANE, C_GOLDMAN, (2016,), ("FIN", "TAX"), 80000,
                (HOUSE, SENATE, SEC, TREASURY), texts="bank"),
    _Engagement("bl-advance-auto", BRADDOCK_LANE, C_ADVANCE_AUTO, (2016, 2017), ("TRA",), 20000,
                (HOUSE, SENATE, DOT, FTC), texts="auto"),
)

_AFFILIATED_ORGANIZATION: Record = {
    "name": "SUMMIT LAKE LENDING SERVICES, LLC",
    "url": "www.summitlakelending.example",
    "address_1": "8800 Lakeview Parkway",
    "address_2": None,
    "address_3": None,
    "address_4": None,
    "city": "Overland Park",
    "state": "KS",
    "state_display": STATES["KS"],
    "zip": "66210",
    "country": "US",
    "country_display": COUNTRIES["US"],
    "ppb_city": "Overland Park",
    "ppb_state": "KS",
    "ppb_state_display": STATES["KS"],
    "ppb_country": "US",
    "ppb_country_display": COUNTRIES["US"],
}


def _description(engagement: _Engagement, issue: str, year: int) -> str:
    if engagement.texts == "bank":
        return _BANK_TEXTS[issue][year]
    if engagement.texts == "auto":
        return _AUTO_PARTS_TEXT[year]
    if engagement.key == "hp-ace" and year == 2015:
        return _NO_PAYDAY_WORD[issue]
    if engagement.key == "capsq-ola" and issue == "CSP":
        return _ONLINE_LENDING
    return _PAYDAY_TEXTS[issue][year]


# ---------------------------------------------------------------------------------------------
# Time stamps
# ---------------------------------------------------------------------------------------------


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def eastern_timestamp(day: date, seconds: int, millis: int) -> str:
    """An LDA-style ``dt_posted``: US Eastern wall time with that day's UTC offset.

    `seconds` counts from midnight; `millis` 0 renders no fraction, as the API does.
    """
    # Daylight saving time from the second Sunday of March to the first Sunday of November.
    summer = _nth_sunday(day.year, 3, 2) <= day < _nth_sunday(day.year, 11, 1)
    zone = timezone(timedelta(hours=-4 if summer else -5))
    moment = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(
        seconds=seconds, milliseconds=millis)
    return moment.isoformat()


def _posted(rng: random.Random, year: int, month: int, first_day: int, last_day: int) -> str:
    day = date(year, month, rng.randint(first_day, last_day))
    seconds = rng.randint(8 * 3600, 18 * 3600 + 3599)
    millis = 0 if rng.random() < 0.4 else rng.randint(1, 999)
    return eastern_timestamp(day, seconds, millis)


def _quarter_posted(rng: random.Random, year: int, quarter: int) -> str:
    """Reports are due on the 20th of the month after the quarter."""
    if quarter == 4:
        return _posted(rng, year + 1, 1, 6, 20)
    return _posted(rng, year, 3 * quarter + 1, 6, 20)


def _money(amount: int | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


# ---------------------------------------------------------------------------------------------
# The universe
# ---------------------------------------------------------------------------------------------


@dataclass
class LdaUniverse:
    """Every record the fake LDA API serves, as the API returns them."""

    filings: list[Record]
    contributions: list[Record]
    registrants: list[Record]
    clients: list[Record]
    lobbyists: list[Record]
    constants: dict[str, list] = field(default_factory=dict)

    @cached_property
    def _filings_by_uuid(self) -> dict[str, Record]:
        return {f["filing_uuid"]: f for f in self.filings}

    @cached_property
    def _contributions_by_uuid(self) -> dict[str, Record]:
        return {c["filing_uuid"]: c for c in self.contributions}

    def filing(self, filing_uuid: str) -> Record | None:
        """The LD-1/LD-2 filing with this UUID, or None."""
        return self._filings_by_uuid.get(filing_uuid)

    def contribution(self, filing_uuid: str) -> Record | None:
        """The LD-203 report with this UUID, or None."""
        return self._contributions_by_uuid.get(filing_uuid)

    def registrant(self, registrant_id: int) -> Record | None:
        """The registrant with this id, or None."""
        return next((r for r in self.registrants if r["id"] == registrant_id), None)

    def client(self, client_id: int) -> Record | None:
        """The client (with its registrant) with this id, or None."""
        return next((c for c in self.clients if c["id"] == client_id), None)

    def lobbyist(self, lobbyist_id: int) -> Record | None:
        """The lobbyist (with its registrant) with this id, or None."""
        return next((lob for lob in self.lobbyists if lob["id"] == lobbyist_id), None)


class _Builder:
    def __init__(self) -> None:
        self.registrants = {r["id"]: r for r in _registrants()}
        self.clients = {spec[0]: _client(spec) for spec in _CLIENTS}
        self.client_registrant = {spec[0]: spec[1] for spec in _CLIENTS}
        self.filings: list[Record] = []
        self.contributions: list[Record] = []

    # -- LD-1 / LD-2 -----------------------------------------------------------------------------

    def filing(self, *, uuid_: str, filing_type: str, year: int, period: str,
               engagement: _Engagement, amount: int | None, dt_posted: str,
               activities: list[Record], posted_by: str | None,
               termination_date: str | None = None) -> Record:
        registrant = self.registrants[engagement.registrant]
        address = registrant["address_1"] + (f", {registrant['address_2']}"
                                             if registrant["address_2"] else "")
        method = "a" if engagement.in_house and amount is not None else None
        return {
            "url": f"{API_ROOT}/filings/{uuid_}/",
            "filing_uuid": uuid_,
            "filing_type": filing_type,
            "filing_type_display": FILING_TYPES[filing_type],
            "filing_year": year,
            "filing_period": period,
            "filing_period_display": PERIODS[period],
            "filing_document_url": f"{LDA_HOST}/filings/public/filing/{uuid_}/print/",
            "filing_document_content_type": "text/html",
            "income": None if engagement.in_house else _money(amount),
            "expenses": _money(amount) if engagement.in_house else None,
            "expenses_method": method,
            "expenses_method_display": EXPENSES_METHODS[method] if method else None,
            "posted_by_name": posted_by,
            "dt_posted": dt_posted,
            "termination_date": termination_date,
            "registrant_country": COUNTRIES["US"],
            "registrant_ppb_country": None,
            "registrant_address_1": address,
            "registrant_address_2": None,
            "registrant_different_address": None if filing_type == "RR" else False,
            "registrant_city": registrant["city"],
            "registrant_state": registrant["state"],
            "registrant_zip": registrant["zip"],
            "registrant": dict(registrant),
            "client": dict(self.clients[engagement.client]),
            "lobbying_activities": activities,
            "conviction_disclosures": [],
            "foreign_entities": [],
            "affiliated_organizations": [],
        }

    def activities(self, engagement: _Engagement, year: int, issues: tuple[str, ...],
                   seen: set[int], entities: tuple[dict, ...]) -> list[Record]:
        team = [lob for lob in LOBBYISTS
                if lob.registrant == engagement.registrant and year in lob.years]
        rows = []
        for issue in issues:
            rows.append({
                "general_issue_code": issue,
                "general_issue_code_display": ISSUES[issue],
                "description": _description(engagement, issue, year),
                # Older filings carry null here and newer ones "", as the real samples do.
                "foreign_entity_issues": None if year < 2017 else "",
                "lobbyists": [{"lobbyist": lob.record(), "covered_position": lob.covered_position,
                               "new": lob.id not in seen} for lob in team],
                "government_entities": [dict(e) for e in entities],
            })
        seen.update(lob.id for lob in team)
        return rows

    def engagement_filings(self, engagement: _Engagement) -> None:
        rng = random.Random(f"lda-filings/{engagement.key}")
        seen: set[int] = set()
        contact = self.registrants[engagement.registrant]["contact_name"].title()
        for year in engagement.years:
            if engagement.key == "wg-cash-america" and year == 2016:
                self.filings.append(self.filing(
                    uuid_=SPECIAL_CASES["registration"], filing_type="RR", year=2016,
                    period="first_quarter", engagement=engagement, amount=None,
                    dt_posted="2016-01-25T15:02:11-05:00", posted_by=contact,
                    activities=[{**activity, "government_entities": []} for activity in
                                self.activities(engagement, year, engagement.issues, seen, ())],
                ))
            for number, period in enumerate(QUARTERS, start=1):
                # Amounts are reported rounded to the nearest $10,000.
                amount = int(round(engagement.amount * rng.choice((0.8, 0.9, 1.0, 1.0, 1.1, 1.2)),
                                   -4))
                filing_type = f"Q{number}"
                termination = None
                if engagement.key == "wg-qc" and (year, number) == (2017, 4):
                    filing_type, termination = "4T", "2017-12-15"
                if engagement.key == "capsq-aa" and (year, number) == (2016, 2):
                    amount = 60000
                uuid_ = record_uuid("filing", engagement.key, year, period, filing_type)
                self.filings.append(self.filing(
                    uuid_=uuid_, filing_type=filing_type, year=year, period=period,
                    engagement=engagement, amount=amount,
                    dt_posted=_quarter_posted(rng, year, number), posted_by=contact,
                    activities=self.activities(engagement, year, engagement.issues, seen,
                                               engagement.entities),
                    termination_date=termination,
                ))
        if engagement.key == "capsq-aa":
            self.filings.append(self.filing(
                uuid_=SPECIAL_CASES["amendment"], filing_type="2A", year=2016,
                period="second_quarter", engagement=engagement, amount=70000,
                dt_posted="2016-08-09T14:22:51.317000-04:00", posted_by=contact,
                activities=self.activities(engagement, 2016, ("FIN", "CSP", "BAN"), seen,
                                           engagement.entities),
            ))

    def apply_filing_quirks(self) -> None:
        by_uuid = {f["filing_uuid"]: f for f in self.filings}
        without_affiliates, null_poster = SPECIAL_CASES["sparse_filings"]
        del by_uuid[without_affiliates]["affiliated_organizations"]
        by_uuid[null_poster]["posted_by_name"] = None
        for filing_uuid in SPECIAL_CASES["affiliated_organization_filings"]:
            by_uuid[filing_uuid]["affiliated_organizations"] = [dict(_AFFILIATED_ORGANIZATION)]

    # -- LD-203 ----------------------------------------------------------------------------------

    def contribution(self, *, uuid_: str, filing_type: str, year: int, registrant_id: int,
                     lobbyist: _Lobbyist | None, dt_posted: str, items: list[Record],
                     pacs: list[str], comments: str | None = None) -> Record:
        registrant = self.registrants[registrant_id]
        period = "mid_year" if filing_type == "MM" else "year_end"
        return {
            "url": f"{API_ROOT}/contributions/{uuid_}/",
            "filing_uuid": uuid_,
            "filing_type": filing_type,
            "filing_type_display": FILING_TYPES[filing_type],
            "filing_year": year,
            "filing_period": period,
            "filing_period_display": PERIODS[period],
            "filing_document_url": f"{LDA_HOST}/filings/public/contribution/{uuid_}/print/",
            "filing_document_content_type": "text/html",
            "filer_type": "lobbyist" if lobbyist else "organization",
            "filer_type_display": "Lobbyist" if lobbyist else "Registrant",
            "dt_posted": dt_posted,
            "contact_name": None if lobbyist else registrant["contact_name"],
            "comments": comments,
            "address_1": registrant["address_1"],
            "address_2": registrant["address_2"],
            "city": registrant["city"],
            "state": registrant["state"],
            "state_display": registrant["state_display"],
            "zip": registrant["zip"],
            "country": "US",
            "country_display": COUNTRIES["US"],
            "registrant": dict(registrant),
            "lobbyist": lobbyist.record() if lobbyist else None,
            "no_contributions": not items,
            "pacs": pacs,
            "contribution_items": items,
        }

    def ld203_reports(self) -> None:
        for registrant_id, years in _LD203_REGISTRANT_YEARS.items():
            for year in years:
                for filing_type in ("MM", "YY"):
                    self.ld203(registrant_id, None, year, filing_type)
        for lobbyist in LOBBYISTS:
            for year in lobbyist.years:
                for filing_type in ("MM", "YY"):
                    self.ld203(lobbyist.registrant, lobbyist, year, filing_type)

    def ld203(self, registrant_id: int, lobbyist: _Lobbyist | None, year: int,
              filing_type: str) -> None:
        filer = f"L{lobbyist.id}" if lobbyist else f"R{registrant_id}"
        rng = random.Random(f"lda-ld203/{filer}/{year}/{filing_type}")
        uuid_ = record_uuid("ld203", filer, year, filing_type)
        pac = _PACS.get(registrant_id) if lobbyist is None else None
        contributor = (lobbyist.contributor_name if lobbyist
                       else (pac or self.registrants[registrant_id]["name"]).upper())
        special = _SPECIAL_ITEMS.get((filer, year, filing_type))
        if special is not None:
            items = [_item(kind, contributor, payee, honoree, amount, day)
                     for kind, payee, honoree, amount, day in special]
        elif lobbyist is None and pac is None:
            items = []  # a firm without a PAC: its registrant report has nothing to list
        else:
            items = self.random_items(rng, contributor, registrant_id, year, filing_type,
                                      from_pac=pac is not None)
        if filing_type == "MM":
            dt_posted = _posted(rng, year, 7, 10, 29)
        else:
            dt_posted = _posted(rng, year + 1, 1, 10, 29)
        report = self.contribution(
            uuid_=uuid_, filing_type=filing_type, year=year, registrant_id=registrant_id,
            lobbyist=lobbyist, dt_posted=dt_posted, items=items, pacs=[pac] if pac else [],
            comments=_COMMENTS.get((filer, year, filing_type)),
        )
        if uuid_ in SPECIAL_CASES["sparse_contributions"]:
            del report["comments"]
            report["contact_name"] = None
        self.contributions.append(report)

    @staticmethod
    def random_items(rng: random.Random, contributor: str, registrant_id: int, year: int,
                     filing_type: str, from_pac: bool) -> list[Record]:
        if not from_pac and rng.random() < 0.25:
            return []
        pool = _BANK_HONOREES if registrant_id in (JPMORGAN, BRADDOCK_LANE) else _PAYDAY_HONOREES
        amounts = (1000, 2500, 5000) if from_pac else (250, 500, 1000, 1500, 2000, 2700)
        count = rng.randint(3, 5) if from_pac else rng.randint(1, 3)
        first = date(year, 1, 1) if filing_type == "MM" else date(year, 7, 1)
        items = []
        for payee, honoree in rng.sample(pool, count):
            day = first + timedelta(days=rng.randint(0, 180))
            items.append(_item("feca", contributor, payee, honoree, rng.choice(amounts), day))
        return sorted(items, key=lambda item: item["date"])


def _item(kind: str, contributor: str, payee: str, honoree: str, amount: int,
          day: date | str) -> Record:
    return {
        "contribution_type": kind,
        "contribution_type_display": ITEM_TYPES[kind],
        "contributor_name": contributor,
        "payee_name": payee,
        "honoree_name": honoree,
        "amount": _money(amount),
        "date": day if isinstance(day, str) else day.isoformat(),
    }


_LD203_REGISTRANT_YEARS = {
    CFSA: FILING_YEARS,
    CAPITOL_SQUARE: FILING_YEARS,
    HALVERSON_PIKE: FILING_YEARS,
    WHITFIELD_GROVE: (2016, 2017, 2018),
    JPMORGAN: (2016, 2017),
    BRADDOCK_LANE: (2016, 2017),
}
_PACS = {
    CFSA: "Community Financial Services Association of America Political Action Committee",
    JPMORGAN: "JPMorgan Chase & Co. Political Action Committee",
}

# Honorees of the randomly generated items: none of them is on the watchlist.
_PAYDAY_HONOREES = [
    ("LUETKEMEYER FOR CONGRESS", "Blaine Luetkemeyer"),
    ("HENSARLING FOR CONGRESS", "Hensarling, Jeb"),
    ("MCHENRY FOR CONGRESS", "Rep. Patrick McHenry"),
    ("DENNIS ROSS FOR CONGRESS", "Ross, Dennis"),
    ("MEEKS FOR CONGRESS", "Gregory Meeks"),
    ("ALCEE HASTINGS FOR CONGRESS", "Hastings, Alcee"),
    ("DAVID SCOTT FOR CONGRESS", "David Scott"),
    ("NATIONAL REPUBLICAN CONGRESSIONAL COMMITTEE", "None"),
]
_BANK_HONOREES = [
    ("CRAPO FOR SENATE", "Crapo, Mike"),
    ("SHELBY FOR U.S. SENATE", "Richard Shelby"),
    ("HENSARLING FOR CONGRESS", "Jeb Hensarling"),
    ("HIMES FOR CONGRESS", "Jim Himes"),
    ("FRIENDS OF MARK WARNER", "Sen. Mark Warner"),
    ("DSCC", "DSCC"),
]

_COMMENTS = {
    (f"R{CFSA}", 2015, "YY"): "Contributions were made by the Association's federal political "
                              "action committee.",
}


_LD203_DWS = (
    record_uuid("ld203", "L72311", 2016, "MM"),
    record_uuid("ld203", f"R{CFSA}", 2015, "YY"),
    record_uuid("ld203", f"R{HALVERSON_PIKE}", 2017, "MM"),
    record_uuid("ld203", "L71204", 2018, "MM"),
)
_LD203_INAUGURAL = record_uuid("ld203", f"R{BRADDOCK_LANE}", 2017, "MM")

# (filer, year, type) -> items as (type, payee, honoree, amount, date).
_SPECIAL_ITEMS: dict[tuple[str, int, str], list[tuple]] = {
    ("L72311", 2016, "MM"): [
        ("feca", "DEBBIE WASSERMAN SCHULTZ FOR CONGRESS", "Debbie Wasserman Schultz", 1000,
         "2016-03-14"),
        ("feca", "LUETKEMEYER FOR CONGRESS", "Blaine Luetkemeyer", 500, "2016-05-02"),
    ],
    (f"R{CFSA}", 2015, "YY"): [
        ("feca", "DEBBIE WASSERMAN SCHULTZ FOR CONGRESS", "Wasserman Schultz, Debbie", 2500,
         "2015-09-17"),
        ("feca", "HENSARLING FOR CONGRESS", "Hensarling, Jeb", 5000, "2015-10-06"),
        ("feca", "MCHENRY FOR CONGRESS", "Rep. Patrick McHenry", 2500, "2015-10-06"),
        ("feca", "NATIONAL REPUBLICAN CONGRESSIONAL COMMITTEE", "None", 15000, "2015-11-19"),
    ],
    (f"R{HALVERSON_PIKE}", 2017, "MM"): [
        ("he", "SOUTH FLORIDA FINANCIAL LITERACY COUNCIL", "Rep. Debbie Wasserman-Schultz", 5000,
         "2017-04-06"),
    ],
    ("L72313", 2018, "MM"): [
        ("feca", "FRIENDS OF BERNIE SANDERS", "Sen. Bernie Sanders", 500, "2018-02-20"),
    ],
    ("L10457", 2015, "YY"): [
        ("feca", "BERNIE 2016", "Sanders, Bernard", 250, "2015-10-30"),
    ],
    ("L10456", 2016, "MM"): [
        ("feca", "HILLARY FOR AMERICA", "Hillary Clinton", 2700, "2016-04-11"),
    ],
    ("L72311", 2015, "YY"): [
        ("feca", "Hillary for America", "Clinton, Hillary Rodham", 1000, "2015-07-21"),
    ],
    ("L10455", 2016, "YY"): [
        ("feca", "DEMOCRATIC NATIONAL COMMITTEE", "None", 5000, "2016-09-08"),
    ],
    ("L72311", 2017, "YY"): [
        ("feca", "DNC SERVICES CORP.", "DNC", 1000, "2017-10-25"),
    ],
    ("L70088", 2016, "YY"): [
        ("feca", "DONALD J. TRUMP FOR PRESIDENT, INC.", "Donald J. Trump", 2700, "2016-10-03"),
    ],
    (f"R{BRADDOCK_LANE}", 2017, "MM"): [
        ("pic", "58TH PRESIDENTIAL INAUGURAL COMMITTEE", "President-elect Donald Trump", 25000,
         "2017-01-09"),
    ],
    ("L73502", 2018, "YY"): [
        ("feca", "ELIZABETH FOR MA", "Warren, Elizabeth", 250, "2018-09-12"),
    ],
    ("L73503", 2017, "MM"): [
        ("feca", "DAVIDSON FOR CONGRESS", "Warren Davidson", 1000, "2017-03-02"),
    ],
    ("L71204", 2017, "MM"): [],
    ("L71204", 2018, "MM"): [
        ("feca", "DEBBIE WASSERMAN SCHULTZ FOR CONGRESS", "Debbie Wasserman Schultz", 1000,
         "2018-04-18"),
    ],
}


def _filing_uuid(engagement_key: str, year: int, quarter: int, filing_type: str | None = None
                 ) -> str:
    return record_uuid("filing", engagement_key, year, QUARTERS[quarter - 1],
                       filing_type or f"Q{quarter}")


SPECIAL_CASES: dict[str, Any] = {
    "busy_year": BUSY_YEAR,
    "payday_filings_in_busy_year": 34,
    "payday_word_absent": tuple(_filing_uuid("hp-ace", 2015, q) for q in range(1, 5)),
    "amendment_original": _filing_uuid("capsq-aa", 2016, 2),
    "amendment": record_uuid("filing", "capsq-aa", 2016, "second_quarter", "2A"),
    "registration": record_uuid("filing", "wg-cash-america", 2016, "first_quarter", "RR"),
    "termination": _filing_uuid("wg-qc", 2017, 4, "4T"),
    "advance_america_client_ids": (C_AA_CAPSQ, C_AA_HALVERSON),
    "advance_auto_parts_client_id": C_ADVANCE_AUTO,
    "revolving_door_lobbyist_id": 72311,
    "same_person_two_registrant_ids": (72312, 73503),
    "ld203_by_figure": {
        "debbie_wasserman_schultz": _LD203_DWS,
        "bernie_sanders": (record_uuid("ld203", "L72313", 2018, "MM"),
                           record_uuid("ld203", "L10457", 2015, "YY")),
        "hillary_clinton": (record_uuid("ld203", "L10456", 2016, "MM"),
                            record_uuid("ld203", "L72311", 2015, "YY")),
        "dnc": (record_uuid("ld203", "L10455", 2016, "YY"),
                record_uuid("ld203", "L72311", 2017, "YY")),
        "donald_trump": (record_uuid("ld203", "L70088", 2016, "YY"), _LD203_INAUGURAL),
        "elizabeth_warren": (record_uuid("ld203", "L73502", 2018, "YY"),),
    },
    "ld203_dws_lobbyist": _LD203_DWS[0],
    "ld203_dws_pac": _LD203_DWS[1],
    "ld203_dws_honorary": _LD203_DWS[2],
    "ld203_dws_in_house": _LD203_DWS[3],
    "ld203_warren_trap": record_uuid("ld203", "L73503", 2017, "MM"),
    "ld203_honorary_expense": _LD203_DWS[2],
    "ld203_inaugural": _LD203_INAUGURAL,
    "ld203_pac_report": _LD203_DWS[1],
    "ld203_no_contributions": record_uuid("ld203", "L71204", 2017, "MM"),
    "sparse_filings": (_filing_uuid("capsq-cic", 2017, 3), _filing_uuid("hp-ace", 2018, 1)),
    "sparse_clients": (C_OLA,),
    "sparse_registrants": (WHITFIELD_GROVE,),
    "sparse_contributions": (record_uuid("ld203", f"R{WHITFIELD_GROVE}", 2016, "MM"),),
    "affiliated_organization_filings": tuple(_filing_uuid("capsq-ola", 2018, q)
                                             for q in range(1, 5)),
}


def build_lda_universe() -> LdaUniverse:
    """Build the synthetic LDA universe (identical on every call)."""
    builder = _Builder()
    for engagement in ENGAGEMENTS:
        builder.engagement_filings(engagement)
    builder.apply_filing_quirks()
    builder.ld203_reports()
    registrants = sorted(builder.registrants.values(), key=lambda r: r["id"])
    clients = sorted(({**client, "registrant": dict(builder.registrants[
        builder.client_registrant[client["id"]]])} for client in builder.clients.values()),
        key=lambda c: c["id"])
    lobbyists = sorted(({**lob.record(), "registrant": dict(builder.registrants[lob.registrant])}
                        for lob in LOBBYISTS), key=lambda lob: lob["id"])
    return LdaUniverse(
        filings=builder.filings,
        contributions=builder.contributions,
        registrants=registrants,
        clients=clients,
        lobbyists=lobbyists,
        constants=_constants(),
    )
