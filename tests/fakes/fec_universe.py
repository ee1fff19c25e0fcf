"""A small, deterministic, synthetic OpenFEC "universe" for tests and for the offline snapshot.

`build_universe()` returns candidates, committees and Schedule A/B/E rows shaped like the `results`
items of the modern OpenFEC API (docs/sources.md §1.4): keys in alphabetical order as the API emits
them, money as JSON floats, schedule dates as "YYYY-MM-DDT00:00:00", `sub_id` as a 19-digit numeric
string, a nested `committee` summary on every schedule row. The candidate and committee IDs of the
watchlist figures, the payday-lending PACs and the name-trap decoys are the real ones
(docs/sources.md §8, `cm.txt`/`cn.txt`); every person, every amount, every treasurer and every ID
in the C99xxxxxx range is invented. Randomness comes from `random.Random` seeded with fixed strings
(string seeds are hashed with SHA-512, independent of PYTHONHASHSEED), so every build is identical.

Cycles 2014, 2016 and 2018. Committee totals are computed from the itemized rows
(`Universe.totals_for`) so that they reconcile with them.

Special cases, pinned by sub_id in `SPECIAL_CASES`:

``keyset_null_dates`` / ``keyset_page1_last``
    Debbie Wasserman Schultz for Congress (C00385773), cycle 2016, has exactly 130 Schedule A rows:
    95 dated and 35 with ``contribution_receipt_date: null`` (sub_ids 4071520169900000001 to
    4071520169900000035). With ``sort=contribution_receipt_date&per_page=100`` page 1 holds the 95
    dated rows plus the first 5 null rows and ends on 4071520169900000005 (so its ``last_indexes``
    carries ``sort_null_only``), page 2 holds the other 30 null rows, page 3 is empty.
``earmark_individual`` (4082020169800000001) / ``earmark_memo`` (4082020169800000002)
    An individual's contribution to DWS (2016-08-12, $500, receipt_type 15E, memo text "EARMARKED
    THROUGH ACTBLUE", conduit C00401224) and ActBlue's memo twin on the same report (contributor
    ACTBLUE, entity_type PAC, memo_code X, same amount, ``back_reference_transaction_id`` pointing
    at the individual row's ``transaction_id``). Only the individual row counts in totals.
``amended_original`` (4072020169800000003) / ``amended_amendment`` (4091220169800000004)
    One DWS 2016 transaction (transaction_id SA11AI.A0042) reported on the original Q2 2016 report
    ($27,000, a keying error, amendment_indicator N) and again on its amendment filed 2016-09-12
    (higher file_number, $2,700, amendment_indicator A). Only the amendment counts in totals.
``refund_original_gift`` (4042020159800000005) / ``refund`` (4042020169800000006)
    A DWS donor gives $1,000 on 2015-03-02 and gets $250 back on 2016-02-10, reported as a negative
    line 11AI receipt with memo text "REFUND". Totals sum signed amounts.
``sparse_rows``
    Four rows whose nullable fields are null and some of whose keys are absent altogether
    (no ``contributor_employer``, ``contributor_occupation``, ``memo_text`` or ``committee``; one
    also lacks ``memo_code``): 4071520169900000017 and 4071520169900000033 (DWS 2016, null date),
    4042020149800000007 (DNC 2014), 4072020189800000008 (Warren 2018). They count in totals.
``employer_traps``
    Employers that look like the industry but are not: ADVANCE AUTO PARTS (Cantor 2014,
    4101720149800000009), CASH REGISTER CO. (DNC 2016, 4072020169800000010), THE CITADEL (a
    military college; DWS 2018, 4101720189800000011) and AMERICAN CASH FLOW ADVISORS (Warren 2018,
    4072020189800000012; note that a word-wise employer search for "CASH AMERICA" matches it).
``industry_to_non_watchlist``
    Payday and bank employees giving to committees that are not on the watchlist (C99000101-103),
    so that an employer-filtered query returns other recipients too: 4042020169800000013 to
    4042020189800000016. Randomly generated rows add more of the same.
``schedule_b_null_date`` (4072020169800000017)
    A Wells Fargo PAC contribution with ``disbursement_date: null``.
``schedule_e_null_date`` (4110120169800000018)
    An independent expenditure about DWS in 2016 with ``expenditure_date: null``.
``ie_notices`` (`IE_NOTICE_REREPORTS`)
    24-hour notices about DWS in 2016 (``is_notice: true``, each filed the next day) and the
    spenders' regular reports (Q3 or year-end, ``is_notice: false``) that re-report them: one
    with the notice's transaction_id (4101920169800000025 -> 4013120179800000026), one with a new
    transaction_id but the same candidate, support/oppose indicator, amount and expenditure date
    (4092820169800000027 -> 4013120179800000028), two identical notices of which the regular
    report re-reports one (4100620169800000029 and 4100620169800000030 -> 4013120179800000031),
    and a notice whose regular-report twin differs in amount, which the rule keeps apart
    (4101320169800000032; regular row 4013120179800000033).
``lobbyist_receipts``
    Lobbyists of the synthetic LDA universe (tests/fakes/lda_universe.py) giving as individuals:
    REINHOLT, PATRICIA A (employer CAPITOL SQUARE STRATEGIES LLC, occupation LOBBYIST) to Hillary
    for America on 2015-07-21, $1,000 (4072120159800000019, the same gift as her LD-203 item) and to
    DWS on 2018-05-10, $1,000 (4071520189800000020, on no LD-203 report); OKAFOR, SUSAN (HALVERSON &
    PIKE LLP, ATTORNEY) to Hillary for America on 2016-04-11, $2,700 (4041520169800000021, also on
    her LD-203); PIKE, DAVID of Tampa, RETIRED, to DWS on 2018-06-01, $500 (4071520189800000022: a
    name-only likeness to lobbyist DAVID PIKE III, which must stay below the link threshold); KOVACH,
    DANA M (COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA, VICE PRESIDENT, GOVERNMENT AFFAIRS)
    to DWS on 2018-04-18, $1,000 (4071520189800000023: an in-house lobbyist who is also an industry
    employee).
``employer_misspelled`` (4071520189800000024)
    OSTROWSKI, FRANK T of Alexandria, employer "ONLINE LENDER ALLIANCE" (sic; no employer pattern
    matches it), to DWS on 2018-07-02, $250: a near-miss an organisation link scores below its
    threshold.

Decoys a name-based resolver must not pick are listed in `DECOYS`.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

CYCLES = (2014, 2016, 2018)

NULL_DATE_SUB_IDS = tuple(f"40715201699{n:08d}" for n in range(1, 36))

SPECIAL_CASES: dict[str, str | tuple[str, ...]] = {
    "keyset_null_dates": NULL_DATE_SUB_IDS,
    "keyset_page1_last": NULL_DATE_SUB_IDS[4],
    "earmark_individual": "4082020169800000001",
    "earmark_memo": "4082020169800000002",
    "amended_original": "4072020169800000003",
    "amended_amendment": "4091220169800000004",
    "refund_original_gift": "4042020159800000005",
    "refund": "4042020169800000006",
    "sparse_rows": (
        NULL_DATE_SUB_IDS[16],
        NULL_DATE_SUB_IDS[32],
        "4042020149800000007",
        "4072020189800000008",
    ),
    "employer_traps": (
        "4101720149800000009",
        "4072020169800000010",
        "4101720189800000011",
        "4072020189800000012",
    ),
    "industry_to_non_watchlist": (
        "4042020169800000013",
        "4042020169800000014",
        "4042020189800000015",
        "4042020189800000016",
    ),
    "schedule_b_null_date": "4072020169800000017",
    "schedule_e_null_date": "4110120169800000018",
    "lobbyist_receipts": (
        "4072120159800000019",
        "4071520189800000020",
        "4041520169800000021",
        "4071520189800000022",
        "4071520189800000023",
    ),
    "employer_misspelled": "4071520189800000024",
    "ie_notices": (
        "4101920169800000025",
        "4092820169800000027",
        "4100620169800000029",
        "4100620169800000030",
        "4101320169800000032",
    ),
}

# Each planted 24-hour notice and the regular-report row that re-reports it (None: not
# re-reported). Of the two identical notices the regular report re-reports the first.
IE_NOTICE_REREPORTS: dict[str, str | None] = {
    "4101920169800000025": "4013120179800000026",
    "4092820169800000027": "4013120179800000028",
    "4100620169800000029": "4013120179800000031",
    "4100620169800000030": None,
    "4101320169800000032": None,
}

# Who really gave each `lobbyist_receipts` row: the LDA lobbyist id (tests/fakes/lda_universe.py),
# or None for a namesake. The truth a linkage test scores the links against.
LOBBYIST_RECEIPT_TRUTH: dict[str, int | None] = dict(zip(
    SPECIAL_CASES["lobbyist_receipts"], (72311, 72311, 10456, None, 71204), strict=True))

# The FEC's totals for these committee-cycles include itemized receipts that the itemized endpoint
# does not serve (yet): processing lag, as seen live. The differences stay within the pipeline's
# default tolerance (1%), so they show in the reconciliation without failing it.
TOTALS_NOT_YET_ITEMIZED: dict[tuple[str, int], float] = {
    ("C00575795", 2016): 120.00,  # Hillary for America
    ("C00010603", 2018): 250.00,  # DNC
}

DECOYS: dict[str, tuple[str, ...]] = {
    # Setti Warren (Senate MA) and Warren Philip West (President 2016, "WARREN FOR PRESIDENT 16").
    "candidates": ("S2MA00139", "P60009354"),
    # A committee named like a bank PAC with no connected organisation, plus the two Warren decoys'
    # committees.
    "committees": ("C99000099", "C00496810", "C00582452"),
}

DWS_COMMITTEE_ID = "C00385773"
ACTBLUE_ID = "C00401224"

COMMITTEE_TYPE_FULL = {
    "H": "House",
    "S": "Senate",
    "P": "Presidential",
    "Q": "PAC - Qualified",
    "N": "PAC - Nonqualified",
    "O": "Super PAC (Independent Expenditure-Only)",
    "W": "PAC with Non-Contribution Account - Qualified",
    "Y": "Party - Qualified",
}
DESIGNATION_FULL = {
    "P": "Principal campaign committee",
    "A": "Authorized by a candidate",
    "B": "Lobbyist/Registrant PAC",
    "U": "Unauthorized",
}
ORGANIZATION_TYPE_FULL = {
    "C": "Corporation",
    "M": "Membership organization",
    "T": "Trade association",
}
PARTY_FULL = {"DEM": "DEMOCRATIC PARTY", "REP": "REPUBLICAN PARTY", "IND": "INDEPENDENT"}
FILING_FREQUENCY_FULL = {"Q": "Quarterly filer", "M": "Monthly filer", "T": "Terminated"}
OFFICE_FULL = {"H": "House", "S": "Senate", "P": "President"}
INCUMBENT_CHALLENGE_FULL = {"I": "Incumbent", "C": "Challenger", "O": "Open seat"}
STATE_FULL = {
    "AK": "Alaska", "CA": "California", "DC": "District Of Columbia", "FL": "Florida",
    "IL": "Illinois", "KS": "Kansas", "MA": "Massachusetts", "MO": "Missouri",
    "NC": "North Carolina", "NY": "New York", "OH": "Ohio", "SC": "South Carolina",
    "TN": "Tennessee", "TX": "Texas", "US": "United States", "VA": "Virginia", "VT": "Vermont",
}

INDIVIDUAL_LINE_LABEL = "Contributions From Individuals/Persons Other Than Political Committees"
CONTRIBUTIONS_MADE_LABEL = (
    "Contributions to Federal Candidates/Committees and Other Political Committees"
)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    """Render a date the way OpenFEC renders schedule dates."""
    return None if value is None else f"{value.isoformat()}T00:00:00"


def _even_years(first: int, last: int) -> list[int]:
    return list(range(first, last + 1, 2))


def _period_of(value: date) -> int:
    """The two-year period a date belongs to, named after its even year."""
    return value.year + value.year % 2


def _sorted(record: dict) -> dict:
    return {key: record[key] for key in sorted(record)}


def _money(value: float) -> float:
    return round(float(value) + 0.0, 2)


def is_individual_line(line_number: str | None) -> bool:
    """Whether a Schedule A line is an individual-contribution line.

    Form 3 and 3X put itemized individual contributions on line 11(a)(i) ("11AI"); Form 3P
    (presidential committees) uses line 17(a) ("17A").
    """
    return bool(line_number) and (line_number.startswith("11A") or line_number == "17A")


def counts_as_individual_itemized(row: dict) -> bool:
    """Whether a Schedule A row is an individual itemized receipt that is not a memo entry."""
    return is_individual_line(row.get("line_number")) and row.get("memo_code") != "X"


class Person(NamedTuple):
    """A synthetic individual contributor."""

    first: str
    middle: str | None
    last: str
    city: str
    state: str
    zip_code: str
    employer: str
    occupation: str

    @property
    def name(self) -> str:
        middle = f" {self.middle}" if self.middle else ""
        return f"{self.last}, {self.first}{middle}"


# ---------------------------------------------------------------------------------------------
# Static reference data: candidates and committees
# ---------------------------------------------------------------------------------------------


def _committee(
    committee_id: str,
    name: str,
    committee_type: str,
    designation: str,
    *,
    state: str,
    city: str,
    zip_code: str,
    street_1: str,
    cycles: list[int],
    first_file_date: str,
    last_file_date: str,
    treasurer_name: str,
    candidate_ids: tuple[str, ...] = (),
    party: str | None = None,
    filing_frequency: str = "Q",
    organization_type: str | None = None,
    connected_organization_name: str | None = None,
) -> dict:
    """A committee record in the shape of GET /committee/{id}/ (list endpoints drop the address)."""
    return _sorted(
        {
            # cm.txt's CONNECTED_ORG_NM feeds both names; the API shows it as either.
            "affiliated_committee_name": connected_organization_name,
            "candidate_ids": list(candidate_ids),
            "city": city,
            "committee_id": committee_id,
            "committee_type": committee_type,
            "committee_type_full": COMMITTEE_TYPE_FULL[committee_type],
            "connected_organization_name": connected_organization_name,
            "cycles": cycles,
            "designation": designation,
            "designation_full": DESIGNATION_FULL[designation],
            "expire_date": None,
            "filing_frequency": filing_frequency,
            "first_f1_date": first_file_date,
            "first_file_date": first_file_date,
            "last_f1_date": first_file_date,
            "last_file_date": last_file_date,
            "name": name,
            "organization_type": organization_type,
            "organization_type_full": ORGANIZATION_TYPE_FULL.get(organization_type),
            "party": party,
            "party_full": PARTY_FULL.get(party),
            "sponsor_candidate_ids": None,
            "state": state,
            "state_full": STATE_FULL[state],
            "street_1": street_1,
            "street_2": None,
            "treasurer_name": treasurer_name,
            "zip": zip_code,
        }
    )


def _committees() -> list[dict]:
    figure = dict(designation="P")
    payday = dict(designation="U", organization_type="C")
    bank = dict(designation="B", organization_type="C", filing_frequency="M", state="DC",
                city="WASHINGTON", zip_code="20004")
    return [
        # Watchlist figures' committees (real IDs and names from cm.txt).
        _committee("C00577130", "BERNIE 2016", "P", **figure, candidate_ids=("P60007168",),
                   state="VT", city="BURLINGTON", zip_code="05402", street_1="PO BOX 905",
                   cycles=[2016, 2018, 2020], first_file_date="2015-04-30",
                   last_file_date="2018-10-15", treasurer_name="LARKSPUR, NORA"),
        _committee("C00411330", "FRIENDS OF BERNIE SANDERS", "S", **figure,
                   candidate_ids=("S4VT00033",), party="IND", state="VT", city="BURLINGTON",
                   zip_code="05402", street_1="PO BOX 391", cycles=_even_years(2006, 2018),
                   first_file_date="2005-05-02", last_file_date="2018-12-06",
                   treasurer_name="ABERNETHY, MARGARET"),
        _committee("C00575795", "HILLARY FOR AMERICA", "P", **figure,
                   candidate_ids=("P00003392",), party="DEM", state="NY", city="NEW YORK",
                   zip_code="101855256", street_1="P.O. BOX 5256", cycles=[2016, 2018],
                   first_file_date="2015-04-13", last_file_date="2018-10-15",
                   treasurer_name="VILLANUEVA, JOSEPH",
                   connected_organization_name="HILLARY VICTORY FUND"),
        _committee("C00358895", "FRIENDS OF HILLARY", "S", **figure,
                   candidate_ids=("S0NY00188",), state="DC", city="WASHINGTON",
                   zip_code="20036", street_1="1900 M STREET NW SUITE 500",
                   cycles=_even_years(2000, 2014), first_file_date="1999-07-06",
                   last_file_date="2014-01-31", treasurer_name="MOSS, SHIRLEY"),
        _committee("C00378125", "DEAN FOR AMERICA", "P", **figure, candidate_ids=("P40002214",),
                   party="DEM", state="VT", city="BURLINGTON", zip_code="05401",
                   street_1="29 CHURCH STREET", cycles=_even_years(2004, 2016),
                   first_file_date="2002-05-30", last_file_date="2016-07-15",
                   treasurer_name="MCCANN, AMELIA", connected_organization_name="NONE"),
        _committee(DWS_COMMITTEE_ID, "DEBBIE WASSERMAN SCHULTZ FOR CONGRESS", "H", **figure,
                   candidate_ids=("H4FL20023",), party="DEM", state="FL", city="WESTON",
                   zip_code="33326", street_1="1071 TWIN BRANCH LN",
                   cycles=_even_years(2004, 2018), first_file_date="2003-06-02",
                   last_file_date="2019-01-31", treasurer_name="WASHINGTON, LEONARD",
                   connected_organization_name="JARED POLIS VICTORY FUND 2012"),
        _committee("C00355461", "CANTOR FOR CONGRESS", "H", **figure,
                   candidate_ids=("H0VA07042",), party="REP", state="VA", city="RICHMOND",
                   zip_code="232267813", street_1="PO BOX 17813",
                   cycles=_even_years(2000, 2016), first_file_date="1999-12-09",
                   last_file_date="2016-01-29", treasurer_name="STONEBRIDGE, JACQUELINE",
                   filing_frequency="T"),
        _committee("C00580100", "DONALD J. TRUMP FOR PRESIDENT, INC.", "P", **figure,
                   candidate_ids=("P80001571",), party="REP", state="NY", city="NEW YORK",
                   zip_code="10022", street_1="725 FIFTH AVENUE", cycles=[2016, 2018, 2020],
                   first_file_date="2015-06-22", last_file_date="2019-01-31",
                   treasurer_name="JOSTENS, TIMOTHY", connected_organization_name="NONE"),
        _committee("C00500843", "ELIZABETH FOR MA INC", "S", **figure,
                   candidate_ids=("S2MA00170",), party="DEM", state="MA", city="BOSTON",
                   zip_code="02129", street_1="PO BOX 290568", cycles=_even_years(2012, 2018),
                   first_file_date="2011-09-14", last_file_date="2019-01-31",
                   treasurer_name="EGGERT, PAULA"),
        # Warren's 2020 presidential committee: synthetic ID, resolved by name at run time.
        _committee("C99000009", "WARREN FOR PRESIDENT, INC.", "P", **figure,
                   candidate_ids=("P00009621",), party="DEM", state="MA", city="BOSTON",
                   zip_code="02109", street_1="PO BOX 171", cycles=[2020],
                   first_file_date="2019-02-09", last_file_date="2020-12-03",
                   treasurer_name="EGGERT, PAULA"),
        _committee("C00010603", "DNC SERVICES CORPORATION/DEMOCRATIC NATIONAL COMMITTEE", "Y",
                   "U", party="DEM", state="DC", city="WASHINGTON", zip_code="20003",
                   street_1="430 SOUTH CAPITOL STREET SE", cycles=_even_years(2000, 2018),
                   first_file_date="1975-01-01", last_file_date="2019-01-31",
                   treasurer_name="TOBIN, ANDREA", filing_frequency="M"),
        _committee(ACTBLUE_ID, "ACTBLUE", "W", "U", state="MA", city="SOMERVILLE",
                   zip_code="02144", street_1="P.O. BOX 441146", cycles=_even_years(2004, 2018),
                   first_file_date="2004-06-01", last_file_date="2019-01-31",
                   treasurer_name="HILLARD, ERICA"),
        # Payday-lending PACs (real IDs; connected organisations as in cm.txt, normalised).
        _committee("C00432534", "COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA POLITICAL "
                   "ACTION COMMITTEE", "Q", "B", organization_type="T", state="VA",
                   city="ALEXANDRIA", zip_code="22314", street_1="515 KING STREET SUITE 300",
                   cycles=_even_years(2008, 2018), first_file_date="2007-03-05",
                   last_file_date="2019-01-31", treasurer_name="HOLLOWAY, PAUL",
                   connected_organization_name="COMMUNITY FINANCIAL SERVICES ASSOCIATION OF "
                   "AMERICA"),
        _committee("C00429001", "ADVANCE AMERICA CASH ADVANCE CENTERS INC. PAC", "Q", "B",
                   organization_type="C", state="SC", city="SPARTANBURG", zip_code="29306",
                   street_1="135 N. CHURCH STREET", cycles=_even_years(2008, 2018),
                   first_file_date="2007-01-22", last_file_date="2019-01-31",
                   treasurer_name="FULTON, JAMES",
                   connected_organization_name="ADVANCE AMERICA CASH ADVANCE CENTERS INC."),
        _committee("C00392290", "ACE CASH EXPRESS, INC. PAC", "Q", **payday, state="TX",
                   city="IRVING", zip_code="75038", street_1="1231 GREENWAY DRIVE",
                   cycles=_even_years(2004, 2018), first_file_date="2004-02-17",
                   last_file_date="2019-01-31", treasurer_name="STEVENS, JAMIE",
                   connected_organization_name="ACE CASH EXPRESS, INC."),
        _committee("C00411769", "QC HOLDINGS, INC. POLITICAL ACTION COMMITTEE", "Q", **payday,
                   state="KS", city="OVERLAND PARK", zip_code="66210",
                   street_1="9401 INDIAN CREEK PARKWAY", cycles=_even_years(2006, 2018),
                   first_file_date="2005-06-01", last_file_date="2019-01-20",
                   treasurer_name="NICHOLS, DOUGLAS", filing_frequency="M",
                   connected_organization_name="QC HOLDINGS, INC."),
        _committee("C00275529", "CASH AMERICA INTERNATIONAL INC. POLITICAL ACTION COMMITTEE",
                   "Q", **payday, state="TX", city="FORT WORTH", zip_code="761022599",
                   street_1="1600 W. 7TH STREET", cycles=_even_years(1994, 2018),
                   first_file_date="1993-01-04", last_file_date="2019-01-20",
                   treasurer_name="BROWNING, HERSCHEL", filing_frequency="M",
                   connected_organization_name="CASH AMERICA INTERNATIONAL, INC."),
        _committee("C00427781", "ONLINE LENDERS ALLIANCE POLITICAL ACTION COMMITTEE (OLA PAC)",
                   "Q", "U", organization_type="M", state="DC", city="WASHINGTON",
                   zip_code="20003", street_1="PO BOX 15480", cycles=_even_years(2008, 2018),
                   first_file_date="2006-10-02", last_file_date="2019-01-20",
                   treasurer_name="RAWLINGS, STEPHEN", filing_frequency="M",
                   connected_organization_name="ONLINE LENDERS ALLIANCE"),
        # Bank PACs: synthetic IDs, names equal to the watchlist's pac_names.
        _committee("C99000011", "GOLDMAN SACHS GROUP INC. POLITICAL ACTION COMMITTEE", "Q",
                   **bank, street_1="101 CONSTITUTION AVENUE NW", cycles=_even_years(2000, 2018),
                   first_file_date="1999-03-01", last_file_date="2019-01-20",
                   treasurer_name="OKONKWO, ROBERT",
                   connected_organization_name="GOLDMAN SACHS GROUP INC."),
        _committee("C99000012", "JPMORGAN CHASE & CO. POLITICAL ACTION COMMITTEE", "Q", **bank,
                   street_1="601 PENNSYLVANIA AVENUE NW", cycles=_even_years(1990, 2018),
                   first_file_date="1989-05-01", last_file_date="2019-01-20",
                   treasurer_name="AMMONS, SHANNON",
                   connected_organization_name="JPMORGAN CHASE & CO."),
        _committee("C99000013", "MORGAN STANLEY POLITICAL ACTION COMMITTEE", "Q", **bank,
                   street_1="1747 PENNSYLVANIA AVENUE NW", cycles=_even_years(1998, 2018),
                   first_file_date="1997-08-11", last_file_date="2019-01-20",
                   treasurer_name="RUNYON, JAMES", connected_organization_name="MORGAN STANLEY"),
        _committee("C99000014", "CITIGROUP INC. POLITICAL ACTION COMMITTEE", "Q", **bank,
                   street_1="1101 PENNSYLVANIA AVENUE NW", cycles=_even_years(1998, 2018),
                   first_file_date="1998-10-08", last_file_date="2019-01-20",
                   treasurer_name="MONROE, MARK", connected_organization_name="CITIGROUP INC."),
        _committee("C99000015", "BANK OF AMERICA CORPORATION FEDERAL PAC", "Q", **bank,
                   street_1="1455 PENNSYLVANIA AVENUE NW", cycles=_even_years(1998, 2018),
                   first_file_date="1998-09-02", last_file_date="2019-01-20",
                   treasurer_name="CARLTON, JAMES",
                   connected_organization_name="BANK OF AMERICA CORPORATION"),
        _committee("C99000016", "WELLS FARGO AND COMPANY EMPLOYEE PAC", "Q", **bank,
                   street_1="1300 I STREET NW", cycles=_even_years(1990, 2018),
                   first_file_date="1988-02-01", last_file_date="2019-01-20",
                   treasurer_name="EASTWOOD, ANITA",
                   connected_organization_name="WELLS FARGO & COMPANY"),
        # Decoys.
        _committee("C99000099", "FRIENDS OF JPMORGAN PARK", "N", "U", state="IL",
                   city="CHICAGO", zip_code="60643", street_1="1800 W 111TH ST",
                   cycles=[2016, 2018], first_file_date="2015-08-03",
                   last_file_date="2018-07-15", treasurer_name="BOYD, LATOYA"),
        _committee("C00496810", "SETTI WARREN FOR SENATE", "S", **figure,
                   candidate_ids=("S2MA00139",), party="DEM", state="MA", city="NEWTONVILLE",
                   zip_code="02460", street_1="PO BOX 600095", cycles=[2012],
                   first_file_date="2011-05-09", last_file_date="2012-04-15",
                   treasurer_name="STERNBERG, ANDREW"),
        _committee("C00582452", "WARREN FOR PRESIDENT 16", "P", **figure,
                   candidate_ids=("P60009354",), party="REP", state="AK", city="ANCHORAGE",
                   zip_code="99501", street_1="645 G ST 881", cycles=[2016],
                   first_file_date="2015-07-20", last_file_date="2015-07-20",
                   treasurer_name="WEST, WARREN PHILIP", connected_organization_name="NONE"),
        # Committees off the watchlist that receive industry money.
        _committee("C99000101", "OKAFOR FOR CONGRESS", "H", **figure,
                   candidate_ids=("H4TX99001",), party="DEM", state="TX", city="HOUSTON",
                   zip_code="77002", street_1="PO BOX 2201", cycles=_even_years(2014, 2018),
                   first_file_date="2013-04-02", last_file_date="2019-01-31",
                   treasurer_name="ADEYEMI, TUNDE"),
        _committee("C99000102", "LINDQVIST FOR SENATE", "S", **figure,
                   candidate_ids=("S6OH99002",), party="REP", state="OH", city="COLUMBUS",
                   zip_code="43215", street_1="88 EAST BROAD STREET", cycles=[2016, 2018],
                   first_file_date="2015-02-17", last_file_date="2019-01-31",
                   treasurer_name="BERGSTROM, KARIN"),
        _committee("C99000103", "HARTWELL FOR CONGRESS", "H", **figure,
                   candidate_ids=("H2MO99003",), party="REP", state="MO", city="SPRINGFIELD",
                   zip_code="65806", street_1="PO BOX 4410", cycles=_even_years(2012, 2018),
                   first_file_date="2011-11-01", last_file_date="2019-01-31",
                   treasurer_name="PRUITT, DALE"),
        # Super PACs making independent expenditures.
        _committee("C99000201", "CITIZENS FOR A SAMPLE FUTURE", "O", "U", state="DC",
                   city="WASHINGTON", zip_code="20005", street_1="1000 K STREET NW",
                   cycles=_even_years(2014, 2018), first_file_date="2013-09-10",
                   last_file_date="2019-01-31", treasurer_name="MERRIWEATHER, DANA"),
        _committee("C99000202", "SAMPLE VALUES ACTION FUND", "O", "U", state="VA",
                   city="ARLINGTON", zip_code="22201", street_1="2200 WILSON BLVD",
                   cycles=_even_years(2014, 2018), first_file_date="2013-11-18",
                   last_file_date="2019-01-31", treasurer_name="HOLCOMB, GARRETT"),
    ]


def _candidate(
    candidate_id: str,
    name: str,
    office: str,
    *,
    party: str,
    state: str,
    district: str,
    election_years: list[int],
    cycles: list[int],
    incumbent_challenge: str | None,
    candidate_status: str,
    first_file_date: str,
    last_file_date: str,
) -> dict:
    return _sorted(
        {
            "active_through": max(election_years),
            "candidate_id": candidate_id,
            "candidate_inactive": False,
            "candidate_status": candidate_status,
            "cycles": cycles,
            "district": district,
            "district_number": int(district),
            "election_districts": [district for _ in election_years],
            "election_years": election_years,
            "federal_funds_flag": False,
            "first_file_date": first_file_date,
            "has_raised_funds": True,
            "inactive_election_years": None,
            "incumbent_challenge": incumbent_challenge,
            "incumbent_challenge_full": INCUMBENT_CHALLENGE_FULL.get(incumbent_challenge),
            "last_f2_date": last_file_date,
            "last_file_date": last_file_date,
            "load_date": f"{last_file_date}T21:05:09",
            "name": name,
            "office": office,
            "office_full": OFFICE_FULL[office],
            "party": party,
            "party_full": PARTY_FULL[party],
            "state": state,
        }
    )


def _candidates() -> list[dict]:
    return [
        _candidate("P60007168", "SANDERS, BERNARD", "P", party="DEM", state="US", district="00",
                   election_years=[2016, 2020], cycles=[2016, 2018, 2020],
                   incumbent_challenge="O", candidate_status="C", first_file_date="2015-04-30",
                   last_file_date="2019-02-19"),
        _candidate("S4VT00033", "SANDERS, BERNARD", "S", party="IND", state="VT", district="00",
                   election_years=[2006, 2012, 2018], cycles=_even_years(2004, 2018),
                   incumbent_challenge="I", candidate_status="C", first_file_date="2003-09-02",
                   last_file_date="2017-05-08"),
        _candidate("H8VT01016", "SANDERS, BERNARD", "H", party="IND", state="VT", district="00",
                   election_years=_even_years(1990, 2004), cycles=_even_years(1988, 2006),
                   incumbent_challenge=None, candidate_status="P", first_file_date="1988-04-04",
                   last_file_date="2004-03-11"),
        _candidate("P00003392", "CLINTON, HILLARY RODHAM", "P", party="DEM", state="US",
                   district="00", election_years=[2008, 2016], cycles=_even_years(2006, 2018),
                   incumbent_challenge="O", candidate_status="C", first_file_date="2007-01-20",
                   last_file_date="2015-04-13"),
        _candidate("S0NY00188", "CLINTON, HILLARY RODHAM", "S", party="DEM", state="NY",
                   district="00", election_years=[2000, 2006, 2012],
                   cycles=_even_years(2000, 2012), incumbent_challenge="I",
                   candidate_status="P", first_file_date="1999-07-06",
                   last_file_date="2009-01-21"),
        _candidate("P40002214", "DEAN, HOWARD", "P", party="DEM", state="US", district="00",
                   election_years=[2004], cycles=[2002, 2004], incumbent_challenge="C",
                   candidate_status="P", first_file_date="2002-05-30",
                   last_file_date="2003-06-23"),
        _candidate("H4FL20023", "WASSERMAN SCHULTZ, DEBBIE", "H", party="DEM", state="FL",
                   district="23", election_years=_even_years(2004, 2018),
                   cycles=_even_years(2004, 2018), incumbent_challenge="I",
                   candidate_status="C", first_file_date="2003-06-02",
                   last_file_date="2017-02-01"),
        _candidate("H0VA07042", "CANTOR, ERIC", "H", party="REP", state="VA", district="07",
                   election_years=_even_years(2000, 2014), cycles=_even_years(2000, 2014),
                   incumbent_challenge="I", candidate_status="P", first_file_date="1999-12-09",
                   last_file_date="2013-01-22"),
        _candidate("P80001571", "TRUMP, DONALD J.", "P", party="REP", state="US", district="00",
                   election_years=[2016, 2020], cycles=[2016, 2018, 2020],
                   incumbent_challenge="O", candidate_status="C", first_file_date="2015-06-22",
                   last_file_date="2017-01-20"),
        _candidate("S2MA00170", "WARREN, ELIZABETH", "S", party="DEM", state="MA", district="00",
                   election_years=[2012, 2018], cycles=_even_years(2012, 2018),
                   incumbent_challenge="I", candidate_status="C", first_file_date="2011-09-14",
                   last_file_date="2017-01-09"),
        _candidate("P00009621", "WARREN, ELIZABETH", "P", party="DEM", state="US", district="00",
                   election_years=[2020], cycles=[2020], incumbent_challenge="O",
                   candidate_status="C", first_file_date="2019-02-09",
                   last_file_date="2019-02-09"),
        # Decoys.
        _candidate("S2MA00139", "WARREN, SETTI", "S", party="DEM", state="MA", district="00",
                   election_years=[2012], cycles=[2012], incumbent_challenge="C",
                   candidate_status="P", first_file_date="2011-05-09",
                   last_file_date="2011-05-09"),
        _candidate("P60009354", "WEST, WARREN PHILIP", "P", party="REP", state="US",
                   district="00", election_years=[2016], cycles=[2016],
                   incumbent_challenge="O", candidate_status="N", first_file_date="2015-07-20",
                   last_file_date="2015-07-20"),
        # Candidates of the non-watchlist recipient committees.
        _candidate("H4TX99001", "OKAFOR, GRACE", "H", party="DEM", state="TX", district="99",
                   election_years=_even_years(2014, 2018), cycles=_even_years(2014, 2018),
                   incumbent_challenge="I", candidate_status="C", first_file_date="2013-04-02",
                   last_file_date="2017-03-01"),
        _candidate("S6OH99002", "LINDQVIST, PETER", "S", party="REP", state="OH", district="00",
                   election_years=[2016], cycles=[2016, 2018], incumbent_challenge="O",
                   candidate_status="C", first_file_date="2015-02-17",
                   last_file_date="2015-02-17"),
        _candidate("H2MO99003", "HARTWELL, JAMES", "H", party="REP", state="MO", district="99",
                   election_years=_even_years(2012, 2018), cycles=_even_years(2012, 2018),
                   incumbent_challenge="I", candidate_status="C", first_file_date="2011-11-01",
                   last_file_date="2017-01-30"),
    ]


# ---------------------------------------------------------------------------------------------
# Synthetic people
# ---------------------------------------------------------------------------------------------

_FIRST_NAMES = (
    "ALICE", "BENJAMIN", "CARMEN", "DESMOND", "ELEANOR", "FRANCIS", "GLORIA", "HAROLD", "IRENE",
    "JAMAL", "KATHERINE", "LEONARD", "MARISOL", "NATHAN", "OLIVIA", "PATRICK", "QUINCY",
    "ROSALIND", "SAMUEL", "TERESA", "ULYSSES", "VIVIAN", "WALTER", "XIOMARA", "YUSUF", "ZELDA",
    "ARTHUR", "BEATRICE", "CORNELIUS", "DOROTHY",
)
_LAST_NAMES = (
    "ABERNATHY", "BALDWIN", "CASTELLANOS", "DOUGHERTY", "ELLSWORTH", "FAIRCHILD", "GALLOWAY",
    "HOLLINGSWORTH", "IVERSEN", "JANKOWSKI", "KINCAID", "LINDGREN", "MCALLISTER", "NAKAMURA",
    "OYELARAN", "PRITCHARD", "QUINTERO", "RADCLIFFE", "SANTORO", "THORNBURY", "UNDERHILL",
    "VASQUEZ", "WHITAKER", "YARBROUGH", "ZIMMERMANN", "ASHWORTH", "BRENNAN", "COLLINGWOOD",
    "DELACROIX", "EBERHARDT",
)
_MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

_PLACES = {
    "MIAMI": ("FL", "33131"), "WESTON": ("FL", "33326"), "FORT LAUDERDALE": ("FL", "33301"),
    "TAMPA": ("FL", "33602"), "BURLINGTON": ("VT", "05401"), "NEW YORK": ("NY", "10021"),
    "BROOKLYN": ("NY", "11201"), "RICHMOND": ("VA", "23219"), "ALEXANDRIA": ("VA", "22314"),
    "BOSTON": ("MA", "02108"), "SPARTANBURG": ("SC", "29301"), "CLEVELAND": ("TN", "37311"),
    "IRVING": ("TX", "75038"), "FORT WORTH": ("TX", "761022599"), "HOUSTON": ("TX", "77002"),
    "OVERLAND PARK": ("KS", "66210"), "CINCINNATI": ("OH", "45202"), "CHARLOTTE": ("NC", "28202"),
    "SAN FRANCISCO": ("CA", "94105"), "CHICAGO": ("IL", "60603"), "WASHINGTON": ("DC", "20003"),
}
_ORDINARY_CITIES = (
    "MIAMI", "WESTON", "FORT LAUDERDALE", "BURLINGTON", "NEW YORK", "BROOKLYN", "RICHMOND",
    "BOSTON", "HOUSTON", "CHICAGO", "WASHINGTON",
)

# Employers matching the watchlist's employer_patterns, with where their people live.
_INDUSTRY_EMPLOYERS = (
    ("ADVANCE AMERICA", "SPARTANBURG", "payday"),
    ("ADVANCE AMERICA CASH ADVANCE CENTERS INC", "SPARTANBURG", "payday"),
    ("CHECK INTO CASH INC", "CLEVELAND", "payday"),
    ("ACE CASH EXPRESS", "IRVING", "payday"),
    ("CASH AMERICA INTERNATIONAL", "FORT WORTH", "payday"),
    ("QC HOLDINGS INC", "OVERLAND PARK", "payday"),
    ("AMSCOT CORPORATION", "TAMPA", "payday"),
    ("CHECK N GO", "CINCINNATI", "payday"),
    ("COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA", "ALEXANDRIA", "payday"),
    ("ONLINE LENDERS ALLIANCE", "ALEXANDRIA", "payday"),
    ("GOLDMAN SACHS & CO", "NEW YORK", "bank"),
    ("GOLDMAN SACHS GROUP INC", "NEW YORK", "bank"),
    ("JPMORGAN CHASE BANK", "NEW YORK", "bank"),
    ("JPMORGAN CHASE & CO", "NEW YORK", "bank"),
    ("MORGAN STANLEY", "NEW YORK", "bank"),
    ("CITIGROUP", "NEW YORK", "bank"),
    ("BANK OF AMERICA", "CHARLOTTE", "bank"),
    ("WELLS FARGO BANK", "SAN FRANCISCO", "bank"),
    ("BLACKROCK", "NEW YORK", "bank"),
    ("CITADEL LLC", "CHICAGO", "bank"),
)
_INDUSTRY_OCCUPATIONS = {
    "payday": ("CHIEF EXECUTIVE OFFICER", "VICE PRESIDENT", "GOVERNMENT AFFAIRS DIRECTOR",
               "GENERAL COUNSEL", "REGIONAL MANAGER"),
    "bank": ("MANAGING DIRECTOR", "INVESTMENT BANKER", "PARTNER", "ANALYST", "EXECUTIVE"),
}
_ORDINARY_JOBS = (
    ("MIAMI DADE COUNTY PUBLIC SCHOOLS", "TEACHER"), ("SELF-EMPLOYED", "ATTORNEY"),
    ("RETIRED", "RETIRED"), ("NOT EMPLOYED", "NOT EMPLOYED"), ("UNIVERSITY OF VERMONT", "PROFESSOR"),
    ("MOUNT SINAI HOSPITAL", "PHYSICIAN"), ("INFORMATION REQUESTED", "INFORMATION REQUESTED"),
    ("ACME ENGINEERING LLC", "ENGINEER"), ("HOMEMAKER", "HOMEMAKER"),
    ("CITY OF BOSTON", "FIREFIGHTER"), ("KAISER PERMANENTE", "NURSE"), ("SELF", "CONSULTANT"),
    ("STATE OF VERMONT", "SOCIAL WORKER"), ("NONE", "RETIRED"),
)


def _person(first: str, middle: str | None, last: str, city: str, employer: str,
            occupation: str) -> Person:
    state, zip_code = _PLACES[city]
    return Person(first, middle, last, city, state, zip_code, employer, occupation)


def _people() -> list[Person]:
    """150 distinct people; every third works for an industry employer."""
    people = []
    for i in range(150):
        # (i % 30, (7i + i // 30) % 30) is injective for i < 900, so names never repeat.
        first = _FIRST_NAMES[i % 30]
        last = _LAST_NAMES[(7 * i + i // 30) % 30]
        middle = None if i % 4 == 0 else _MIDDLE_INITIALS[i % len(_MIDDLE_INITIALS)]
        if i % 3 == 0:
            employer, city, industry = _INDUSTRY_EMPLOYERS[(i // 3) % len(_INDUSTRY_EMPLOYERS)]
            jobs = _INDUSTRY_OCCUPATIONS[industry]
            occupation = jobs[(i // 3) % len(jobs)]
        else:
            employer, occupation = _ORDINARY_JOBS[i % len(_ORDINARY_JOBS)]
            city = _ORDINARY_CITIES[(i * 5) % len(_ORDINARY_CITIES)]
        people.append(_person(first, middle, last, city, employer, occupation))
    return people


def _is_industry(person: Person) -> bool:
    return any(person.employer == employer for employer, _, _ in _INDUSTRY_EMPLOYERS)


# ---------------------------------------------------------------------------------------------
# Filings: file numbers, image numbers and sub_ids that look like the real ones
# ---------------------------------------------------------------------------------------------


@dataclass
class _Filing:
    committee_id: str
    form: str
    report_year: int
    report_type: str
    receipt_date: date
    file_number: int
    serial: int
    amendment_indicator: str = "N"
    pages: int = 0

    def next_image_number(self) -> str:
        """11-digit image numbers before mid-2015, 18-digit (YYYYMMDD + 10 digits) after."""
        self.pages += 1
        page = self.serial * 997 + self.pages
        if self.receipt_date < date(2015, 6, 1):
            return f"{self.receipt_date.year % 100:02d}{page:09d}"
        return f"{self.receipt_date:%Y%m%d}9{page:09d}"

    @property
    def load_date(self) -> date:
        return self.receipt_date + timedelta(days=3)


def _form_for(committee_type: str) -> str:
    return {"H": "F3", "S": "F3", "P": "F3P"}.get(committee_type, "F3X")


def _report_for(frequency: str, when: date) -> tuple[int, str, date]:
    """(report_year, report_type, receipt_date) of the regular report covering `when`."""
    if frequency == "M":
        if when.month == 12:
            return when.year, "YE", date(when.year + 1, 1, 31)
        return when.year, f"M{when.month + 1}", date(when.year, when.month + 1, 20)
    quarter = (when.month - 1) // 3
    receipt = (
        date(when.year, 4, 15),
        date(when.year, 7, 15),
        date(when.year, 10, 15),
        date(when.year + 1, 1, 31),
    )[quarter]
    return when.year, ("Q1", "Q2", "Q3", "YE")[quarter], receipt


# ---------------------------------------------------------------------------------------------
# The universe
# ---------------------------------------------------------------------------------------------


@dataclass
class Universe:
    """Everything the fake OpenFEC API serves. Build one with `build_universe()`."""

    candidates: list[dict]
    committees: list[dict]
    schedule_a: list[dict]
    schedule_b: list[dict]
    schedule_e: list[dict]

    @cached_property
    def committees_by_id(self) -> dict[str, dict]:
        return {committee["committee_id"]: committee for committee in self.committees}

    @cached_property
    def candidates_by_id(self) -> dict[str, dict]:
        return {candidate["candidate_id"]: candidate for candidate in self.candidates}

    def committee(self, committee_id: str) -> dict | None:
        """One committee record, or None."""
        return self.committees_by_id.get(committee_id)

    def candidate(self, candidate_id: str) -> dict | None:
        """One candidate record, or None."""
        return self.candidates_by_id.get(candidate_id)

    @cached_property
    def activity(self) -> dict[str, set[int]]:
        """Cycles in which each committee received, gave or spent money in the itemized data."""
        active: dict[str, set[int]] = defaultdict(set)
        for row in self.schedule_a:
            active[row["committee_id"]].add(row["two_year_transaction_period"])
        for row in self.schedule_b:
            active[row["committee_id"]].add(row["two_year_transaction_period"])
            if row.get("recipient_committee_id"):
                active[row["recipient_committee_id"]].add(row["two_year_transaction_period"])
        for row in self.schedule_e:
            active[row["committee_id"]].add(schedule_e_cycle(row))
        return dict(active)

    def counted_individual_itemized(self, committee_id: str, cycle: int) -> list[dict]:
        """Schedule A rows that make up `individual_itemized_contributions`.

        Individual lines only, memo entries (memo_code X) excluded, and a row that a later
        amendment of the same report re-reports (same report type and year, same transaction ID,
        a higher file_number, not filed as new) left out.
        """
        rows = [
            row
            for row in self.schedule_a
            if row["committee_id"] == committee_id
            and row["two_year_transaction_period"] == cycle
            and counts_as_individual_itemized(row)
        ]

        def report(row: dict) -> tuple:
            return row["transaction_id"], row["report_type"], row["report_year"]

        latest_amendment: dict[tuple, int] = {}
        for row in rows:
            if row.get("amendment_indicator") != "N":
                key = report(row)
                latest_amendment[key] = max(latest_amendment.get(key, 0), row["file_number"])
        return [row for row in rows if latest_amendment.get(report(row), 0) <= row["file_number"]]

    def totals_for(self, committee_id: str, cycle: int) -> dict | None:
        """A GET /committee/{id}/totals/ result for one cycle, or None without activity then."""
        committee = self.committee(committee_id)
        if committee is None or cycle not in self.activity.get(committee_id, ()):
            return None
        rng = random.Random(f"totals-{committee_id}-{cycle}")
        ctype = committee["committee_type"]
        is_pac_or_party = ctype not in ("H", "S", "P")

        itemized = _money(
            sum(r["contribution_receipt_amount"]
                for r in self.counted_individual_itemized(committee_id, cycle))
            + TOTALS_NOT_YET_ITEMIZED.get((committee_id, cycle), 0.0)
        )
        unitemized = _money(rng.uniform(0.15, 0.8) * max(itemized, 20_000.0))
        if ctype == "O":
            unitemized = 0.0
        individual = _money(itemized + unitemized)
        from_pacs = _money(
            sum(r["disbursement_amount"] for r in self.schedule_b
                if r.get("recipient_committee_id") == committee_id
                and r["two_year_transaction_period"] == cycle and r.get("memo_code") != "X")
        )
        to_candidates = _money(
            sum(r["disbursement_amount"] for r in self.schedule_b
                if r["committee_id"] == committee_id
                and r["two_year_transaction_period"] == cycle and r.get("memo_code") != "X")
        )
        # A 24-hour notice the regular report re-reports is one expenditure, counted once.
        independent = _money(
            sum(r["expenditure_amount"] for r in self.schedule_e
                if r["committee_id"] == committee_id and schedule_e_cycle(r) == cycle
                and not IE_NOTICE_REREPORTS.get(r["sub_id"]))
        )
        party = 0.0 if is_pac_or_party else _money(rng.choice([0.0, 0.0, 2500.0, 5000.0]))
        candidate_contribution = 0.0
        contributions = _money(individual + from_pacs + party + candidate_contribution)
        # Super PACs are funded by big cheques not modelled here; keep their books balanced.
        other_receipts = _money(independent * 1.1 if ctype == "O" else rng.uniform(0, 2_500))
        transfers_in = 0.0
        receipts = _money(contributions + other_receipts + transfers_in)
        if is_pac_or_party:
            operating = _money(rng.uniform(0.02, 0.1) * receipts)
        else:
            operating = _money(rng.uniform(0.5, 0.95) * receipts)
        other_disbursements = _money(rng.uniform(0, 1_500))
        disbursements = _money(operating + other_disbursements + to_candidates + independent)
        beginning = _money(max(0.0, disbursements - receipts) + rng.uniform(1_000, 50_000))
        rows = [r for r in self.schedule_a + self.schedule_b + self.schedule_e
                if r["committee_id"] == committee_id and r.get("image_number")
                and _cycle_of_any(r) == cycle]
        start = max(date(cycle - 1, 1, 1), date.fromisoformat(committee["first_file_date"]))
        totals = {
            "candidate_contribution": candidate_contribution,
            "cash_on_hand_beginning_period": beginning,
            "committee_designation": committee["designation"],
            "committee_designation_full": committee["designation_full"],
            "committee_id": committee_id,
            "committee_name": committee["name"],
            "committee_state": committee["state"],
            "committee_type": ctype,
            "committee_type_full": committee["committee_type_full"],
            "contribution_refunds": 0.0,
            "contributions": contributions,
            "coverage_end_date": f"{cycle}-12-31T00:00:00",
            "coverage_start_date": _iso(start),
            "cycle": cycle,
            "disbursements": disbursements,
            "filing_frequency": committee["filing_frequency"],
            "filing_frequency_full": FILING_FREQUENCY_FULL[committee["filing_frequency"]],
            "first_f1_date": committee["first_f1_date"],
            "first_file_date": committee["first_file_date"],
            "individual_contributions": individual,
            "individual_itemized_contributions": itemized,
            "individual_unitemized_contributions": unitemized,
            "last_beginning_image_number": max(
                (int(r["image_number"]) for r in rows), default=None
            ),
            "last_cash_on_hand_end_period": _money(beginning + receipts - disbursements),
            "last_debts_owed_by_committee": 0.0,
            "last_debts_owed_to_committee": 0.0,
            "last_report_type_full": "YEAR-END",
            "last_report_year": cycle,
            "loans_received": 0.0,
            "net_contributions": contributions,
            "net_operating_expenditures": operating,
            "offsets_to_operating_expenditures": 0.0,
            "operating_expenditures": operating,
            "organization_type": committee["organization_type"],
            "organization_type_full": committee["organization_type_full"],
            "other_disbursements": other_disbursements,
            "other_political_committee_contributions": from_pacs,
            "other_receipts": other_receipts,
            "party_full": committee["party_full"],
            "political_party_committee_contributions": party,
            "receipts": receipts,
            "refunded_individual_contributions": 0.0,
            "refunded_other_political_committee_contributions": 0.0,
            "refunded_political_party_committee_contributions": 0.0,
            "transfers_from_affiliated_committee": transfers_in,
            "transfers_to_other_authorized_committee": 0.0,
            "treasurer_name": committee["treasurer_name"],
        }
        if is_pac_or_party:
            del totals["candidate_contribution"]
            totals["fed_candidate_committee_contributions"] = to_candidates
            totals["independent_expenditures"] = independent
        return _sorted(totals)

    def totals(self, committee_id: str) -> list[dict]:
        """All totals rows of one committee, newest cycle first (the API's default sort)."""
        rows = [self.totals_for(committee_id, cycle)
                for cycle in sorted(self.activity.get(committee_id, ()), reverse=True)]
        return [row for row in rows if row is not None]

    def all_totals(self) -> list[dict]:
        """Totals rows of every committee with activity."""
        return [row for committee_id in sorted(self.activity) for row in self.totals(committee_id)]


def schedule_e_cycle(row: dict) -> int:
    """The two-year cycle of a Schedule E row (the API's `cycle` filter)."""
    return row["report_year"] + row["report_year"] % 2


def _cycle_of_any(row: dict) -> int:
    if "two_year_transaction_period" in row:
        return row["two_year_transaction_period"]
    return schedule_e_cycle(row)


class _Builder:
    """Accumulates rows; every method draws from seeded RNGs in a fixed order."""

    def __init__(self) -> None:
        self.committees = {c["committee_id"]: c for c in _committees()}
        self.candidates = {c["candidate_id"]: c for c in _candidates()}
        self.people = _people()
        self.schedule_a: list[dict] = []
        self.schedule_b: list[dict] = []
        self.schedule_e: list[dict] = []
        self.sparse: set[str] = set()
        self._filings: dict[tuple, _Filing] = {}
        self._filings_per_day: Counter[date] = Counter()
        self._sub_serial = 0
        self._transaction_serial = 0

    # -- identifiers ---------------------------------------------------------------------------

    def filing(self, committee_id: str, report_year: int, report_type: str, receipt: date,
               amendment_indicator: str = "N", *, one_per_day: bool = False) -> _Filing:
        key = (committee_id, report_year, report_type, amendment_indicator) + (
            (receipt,) if one_per_day else ())
        if key not in self._filings:
            # File numbers grow with the receipt date, as the FEC's do.
            day_index = (receipt - date(2013, 1, 1)).days
            self._filings_per_day[receipt] += 1
            file_number = 880_000 + day_index * 150 + self._filings_per_day[receipt]
            form = "F24" if report_type == "24" else _form_for(
                self.committees[committee_id]["committee_type"])
            self._filings[key] = _Filing(committee_id, form, report_year, report_type, receipt,
                                         file_number, len(self._filings) + 1,
                                         amendment_indicator)
        return self._filings[key]

    def regular_filing(self, committee_id: str, when: date) -> _Filing:
        frequency = self.committees[committee_id]["filing_frequency"]
        report_year, report_type, receipt = _report_for(
            "M" if frequency == "M" else "Q", when)
        return self.filing(committee_id, report_year, report_type, receipt)

    def new_sub_id(self, filing: _Filing) -> str:
        self._sub_serial += 1
        return f"4{filing.load_date:%m%d%Y}{1_000_000_000 + self._sub_serial * 7919:010d}"

    def new_transaction_id(self, prefix: str) -> str:
        self._transaction_serial += 1
        return f"{prefix}.{4000 + self._transaction_serial * 3}"

    # -- nested objects --------------------------------------------------------------------------

    def committee_summary(self, committee_id: str, cycle: int) -> dict:
        """The CommitteeHistory object OpenFEC nests in schedule rows."""
        c = self.committees[committee_id]
        return _sorted(
            {
                "affiliated_committee_name": c["affiliated_committee_name"],
                "candidate_ids": c["candidate_ids"],
                "city": c["city"],
                "committee_id": committee_id,
                "committee_type": c["committee_type"],
                "committee_type_full": c["committee_type_full"],
                "cycle": cycle,
                "cycles": c["cycles"],
                "designation": c["designation"],
                "designation_full": c["designation_full"],
                "filing_frequency": c["filing_frequency"],
                "name": c["name"],
                "organization_type": c["organization_type"],
                "organization_type_full": c["organization_type_full"],
                "party": c["party"],
                "party_full": c["party_full"],
                "state": c["state"],
                "state_full": c["state_full"],
                "street_1": c["street_1"],
                "street_2": c["street_2"],
                "treasurer_name": c["treasurer_name"],
                "zip": c["zip"],
            }
        )

    def principal_committees(self, candidate_id: str) -> list[dict]:
        return [
            {key: c[key] for key in c if key not in ("street_1", "street_2", "city", "zip",
                                                    "state_full")}
            for c in self.committees.values()
            if candidate_id in c["candidate_ids"] and c["designation"] == "P"
        ]

    # -- Schedule A ------------------------------------------------------------------------------

    def receipt(
        self,
        committee_id: str,
        *,
        when: date | None,
        amount: float,
        person: Person | None = None,
        contributor_committee_id: str | None = None,
        cycle: int | None = None,
        filing: _Filing | None = None,
        sub_id: str | None = None,
        transaction_id: str | None = None,
        receipt_type: str | None = "15",
        memo_code: str | None = None,
        memo_text: str | None = None,
        conduit_committee_id: str | None = None,
        back_reference_transaction_id: str | None = None,
    ) -> dict:
        """Append one Schedule A row and return it."""
        committee = self.committees[committee_id]
        filing = filing or self.regular_filing(committee_id, when)
        period = _period_of(when) if when else filing.report_year + filing.report_year % 2
        period = cycle or period
        form = _form_for(committee["committee_type"])
        line_number = "17A" if form == "F3P" else "11AI"
        transaction_id = transaction_id or self.new_transaction_id(f"SA{line_number}")
        if form == "F3X":
            election = None
        elif when is None or when < date(period, 9, 1):
            election = ("P", "PRIMARY")
        else:
            election = ("G", "GENERAL")
        conduit = self.committees[conduit_committee_id] if conduit_committee_id else None
        giver = self.committees[contributor_committee_id] if contributor_committee_id else None
        image_number = filing.next_image_number()
        row = {
            "amendment_indicator": filing.amendment_indicator,
            "amendment_indicator_desc": "AMENDMENT" if filing.amendment_indicator == "A"
            else "NEW",
            "back_reference_schedule_name": "SA11AI" if back_reference_transaction_id else None,
            "back_reference_transaction_id": back_reference_transaction_id,
            "candidate_first_name": None,
            "candidate_id": None,
            "candidate_last_name": None,
            "candidate_middle_name": None,
            "candidate_name": None,
            "candidate_office": None,
            "candidate_office_district": None,
            "candidate_office_full": None,
            "candidate_office_state": None,
            "candidate_office_state_full": None,
            "candidate_prefix": None,
            "candidate_suffix": None,
            "committee": self.committee_summary(committee_id, period),
            "committee_id": committee_id,
            "committee_name": committee["name"],
            "conduit_committee_city": conduit["city"] if conduit else None,
            "conduit_committee_id": conduit_committee_id,
            "conduit_committee_name": conduit["name"] if conduit else None,
            "conduit_committee_state": conduit["state"] if conduit else None,
            "conduit_committee_street1": conduit["street_1"] if conduit else None,
            "conduit_committee_street2": None,
            # The API types this column as an integer, so leading zeros are lost.
            "conduit_committee_zip": int(conduit["zip"]) if conduit else None,
            "contribution_receipt_amount": _money(amount),
            "contribution_receipt_date": _iso(when),
            "contributor": self.committee_summary(contributor_committee_id, period)
            if giver else None,
            "contributor_aggregate_ytd": None,
            "contributor_city": giver["city"] if giver else person.city,
            "contributor_employer": None if giver else person.employer,
            "contributor_first_name": None if giver else person.first,
            "contributor_id": contributor_committee_id,
            "contributor_last_name": None if giver else person.last,
            "contributor_middle_name": None if giver else person.middle,
            "contributor_name": giver["name"] if giver else person.name,
            "contributor_occupation": None if giver else person.occupation,
            "contributor_prefix": None,
            "contributor_state": giver["state"] if giver else person.state,
            "contributor_street_1": None,
            "contributor_street_2": None,
            "contributor_suffix": None,
            "contributor_zip": giver["zip"] if giver else person.zip_code,
            "donor_committee_name": None,
            "election_type": f"{election[0]}{period}" if election else None,
            "election_type_full": election[1] if election else None,
            "entity_type": "PAC" if giver else "IND",
            "entity_type_desc": "POLITICAL ACTION COMMITTEE" if giver else "INDIVIDUAL",
            "fec_election_type_desc": election[1] if election else None,
            "fec_election_year": str(period) if election else None,
            "file_number": filing.file_number,
            "filing_form": form,
            "image_number": image_number,
            "increased_limit": None,
            "is_individual": giver is None and memo_code != "X",
            "line_number": line_number,
            "line_number_label": INDIVIDUAL_LINE_LABEL,
            "link_id": int(f"4{filing.load_date:%m%d%Y}{filing.file_number:010d}"),
            "load_date": f"{filing.load_date.isoformat()}T04:{filing.serial % 60:02d}:17",
            "memo_code": memo_code,
            "memo_code_full": "MEMO ITEM" if memo_code == "X" else None,
            "memo_text": memo_text,
            "memoed_subtotal": memo_code == "X",
            "national_committee_nonfederal_account": None,
            "original_sub_id": None,
            "pdf_url": f"https://docquery.fec.gov/cgi-bin/fecimg/?{image_number}",
            "receipt_type": receipt_type,
            "receipt_type_desc": _RECEIPT_TYPES.get(receipt_type),
            "receipt_type_full": _RECEIPT_TYPES.get(receipt_type),
            "recipient_committee_designation": committee["designation"],
            "recipient_committee_org_type": committee["organization_type"],
            "recipient_committee_type": committee["committee_type"],
            "report_type": filing.report_type,
            "report_year": filing.report_year,
            "schedule_type": "SA",
            "schedule_type_full": "ITEMIZED RECEIPTS",
            "sub_id": sub_id or self.new_sub_id(filing),
            "transaction_id": transaction_id,
            "two_year_transaction_period": period,
            "unused_contbr_id": contributor_committee_id,
        }
        self.schedule_a.append(row)
        return row

    def receipts_block(self, committee_id: str, cycle: int, count: int, *,
                       end: date | None = None) -> None:
        """`count` ordinary dated receipts for one committee and cycle."""
        rng = random.Random(f"sa-{committee_id}-{cycle}")
        committee = self.committees[committee_id]
        start = max(date(cycle - 1, 1, 1), date.fromisoformat(committee["first_file_date"]))
        end = end or date(cycle, 12, 31)
        amounts = _AMOUNTS[committee["committee_type"]] + ((2600.0,) if cycle == 2014
                                                          else (2700.0,))
        for _ in range(count):
            when = self._pick_date(rng, start, end)
            self.receipt(committee_id, when=when, amount=rng.choice(amounts),
                         person=rng.choice(self.people))

    @staticmethod
    def _pick_date(rng: random.Random, start: date, end: date) -> date:
        # A fifth of receipts land on a quarter's last day, as fundraising deadlines do; this
        # also gives the keyset tests plenty of equal dates.
        if rng.random() < 0.2:
            ends = [d for y in (start.year, end.year)
                    for d in (date(y, 3, 31), date(y, 6, 30), date(y, 9, 30), date(y, 12, 31))
                    if start <= d <= end]
            if ends:
                return rng.choice(ends)
        return start + timedelta(days=rng.randrange((end - start).days + 1))

    def make_sparse(self, row: dict) -> None:
        """Null what may be null and drop keys the API sometimes leaves out."""
        for key in ("contributor_employer", "contributor_occupation", "memo_text", "committee",
                    "contributor_first_name", "contributor_last_name", "contributor_middle_name",
                    "contributor_street_1", "contributor_street_2", "line_number_label"):
            row.pop(key, None)
        for key in ("contributor_city", "contributor_state", "contributor_zip", "receipt_type",
                    "receipt_type_desc", "receipt_type_full", "entity_type", "entity_type_desc",
                    "election_type", "election_type_full", "fec_election_type_desc",
                    "fec_election_year", "amendment_indicator", "amendment_indicator_desc",
                    "is_individual", "recipient_committee_designation",
                    "recipient_committee_org_type", "recipient_committee_type", "load_date",
                    "link_id"):
            row[key] = None
        self.sparse.add(row["sub_id"])

    def aggregate_year_to_date(self) -> None:
        """Fill `contributor_aggregate_ytd`: running total per donor, committee and cycle."""
        running: dict[tuple, float] = defaultdict(float)
        ordered = sorted(
            self.schedule_a,
            key=lambda r: (r["contribution_receipt_date"] or "9999", int(r["sub_id"])),
        )
        for row in ordered:
            if row["sub_id"] in self.sparse or row["memo_code"] == "X":
                continue
            key = (row["committee_id"], row["two_year_transaction_period"],
                   row["contributor_name"])
            running[key] += row["contribution_receipt_amount"]
            row["contributor_aggregate_ytd"] = _money(running[key])

    # -- Schedule B ------------------------------------------------------------------------------

    def disbursement(self, committee_id: str, recipient_id: str, *, when: date | None,
                     amount: float, filing: _Filing | None = None, sub_id: str | None = None,
                     cycle: int | None = None) -> dict:
        """Append one Schedule B contribution from a PAC to a committee."""
        spender = self.committees[committee_id]
        recipient = self.committees[recipient_id]
        filing = filing or self.regular_filing(committee_id, when)
        period = cycle or _period_of(when)
        candidate = (self.candidates.get(recipient["candidate_ids"][0])
                     if recipient["candidate_ids"] else None)
        entity = {"Y": ("PTY", "PARTY ORGANIZATION")}.get(
            recipient["committee_type"],
            ("CCM", "CANDIDATE COMMITTEE") if candidate else ("PAC", "POLITICAL ACTION COMMITTEE"),
        )
        last, _, first = candidate["name"].partition(", ") if candidate else (None, None, None)
        image_number = filing.next_image_number()
        row = {
            "amendment_indicator": filing.amendment_indicator,
            "amendment_indicator_desc": "NEW",
            "back_reference_schedule_id": None,
            "back_reference_transaction_id": None,
            "beneficiary_committee_name": recipient["name"],
            "candidate_first_name": first or None,
            "candidate_id": candidate["candidate_id"] if candidate else None,
            "candidate_last_name": last,
            "candidate_middle_name": None,
            "candidate_name": candidate["name"] if candidate else None,
            "candidate_office": candidate["office"] if candidate else None,
            "candidate_office_description": candidate["office_full"] if candidate else None,
            "candidate_office_district": candidate["district"] if candidate else None,
            "candidate_office_state": candidate["state"] if candidate else None,
            "candidate_office_state_full": STATE_FULL[candidate["state"]] if candidate else None,
            "candidate_prefix": None,
            "candidate_suffix": None,
            "category_code": None,
            "category_code_full": None,
            "comm_dt": None,
            "committee": self.committee_summary(committee_id, period),
            "committee_id": committee_id,
            "conduit_committee_city": None,
            "conduit_committee_name": None,
            "conduit_committee_state": None,
            "conduit_committee_street1": None,
            "conduit_committee_street2": None,
            "conduit_committee_zip": None,
            "disbursement_amount": _money(amount),
            "disbursement_date": _iso(when),
            "disbursement_description": "CONTRIBUTION",
            "disbursement_purpose_category": "CONTRIBUTIONS",
            "disbursement_type": "24K",
            "disbursement_type_description": "CONTRIBUTION MADE TO NON-AFFILIATED",
            "election_type": f"P{period}" if candidate else None,
            "election_type_full": "PRIMARY" if candidate else None,
            "entity_type": entity[0],
            "entity_type_desc": entity[1],
            "fec_election_type_desc": "PRIMARY" if candidate else None,
            "fec_election_year": str(period) if candidate else None,
            "file_number": filing.file_number,
            "filing_form": "F3X",
            "image_number": image_number,
            "line_number": "23",
            "line_number_label": CONTRIBUTIONS_MADE_LABEL,
            "link_id": int(f"4{filing.load_date:%m%d%Y}{filing.file_number:010d}"),
            "load_date": f"{filing.load_date.isoformat()}T05:{filing.serial % 60:02d}:41",
            "memo_code": None,
            "memo_code_full": None,
            "memo_text": None,
            "national_committee_nonfederal_account": None,
            "original_sub_id": None,
            "payee_employer": None,
            "payee_first_name": None,
            "payee_last_name": None,
            "payee_middle_name": None,
            "payee_occupation": None,
            "payee_prefix": None,
            "payee_suffix": None,
            "pdf_url": f"https://docquery.fec.gov/cgi-bin/fecimg/?{image_number}",
            "recipient_city": recipient["city"],
            "recipient_committee": self.committee_summary(recipient_id, period),
            "recipient_committee_id": recipient_id,
            "recipient_name": recipient["name"],
            "recipient_state": recipient["state"],
            "recipient_zip": recipient["zip"],
            "ref_disp_excess_flg": None,
            "report_type": filing.report_type,
            "report_year": filing.report_year,
            "schedule_type": "SB",
            "schedule_type_full": "ITEMIZED DISBURSEMENTS",
            "semi_annual_bundled_refund": None,
            "spender_committee_designation": spender["designation"],
            "spender_committee_org_type": spender["organization_type"],
            "spender_committee_type": spender["committee_type"],
            "sub_id": sub_id or self.new_sub_id(filing),
            "transaction_id": self.new_transaction_id("SB23"),
            "two_year_transaction_period": period,
            "unused_recipient_committee_id": recipient_id,
        }
        self.schedule_b.append(row)
        return row

    # -- Schedule E ------------------------------------------------------------------------------

    def independent_expenditure(self, committee_id: str, candidate_id: str, *,
                                when: date | None, amount: float, support_oppose: str,
                                description: str, payee: tuple[str, str, str, str],
                                report_year: int, is_notice: bool,
                                sub_id: str | None = None, transaction_id: str | None = None,
                                notice_filed_next_day: bool = False) -> dict:
        """Append one Schedule E row (an IE for or against a watchlist candidate). Notices share
        one 24-hour filing per committee and year unless `notice_filed_next_day`."""
        candidate = self.candidates[candidate_id]
        if is_notice:
            filed = (when or date(report_year, 10, 1)) + timedelta(days=1)
            filing = self.filing(committee_id, report_year, "24", filed,
                                 one_per_day=notice_filed_next_day)
        else:
            filing = self.regular_filing(committee_id, when or date(report_year, 9, 30))
        last, _, first = candidate["name"].partition(", ")
        image_number = filing.next_image_number()
        payee_name, payee_city, payee_state, payee_zip = payee
        row = {
            "action_code": None,
            "action_code_full": None,
            "amendment_indicator": "N",
            "amendment_number": 0,
            "back_reference_schedule_name": None,
            "back_reference_transaction_id": None,
            "candidate_first_name": first,
            "candidate_id": candidate_id,
            "candidate_last_name": last,
            "candidate_middle_name": None,
            "candidate_name": candidate["name"],
            "candidate_office": candidate["office"],
            "candidate_office_district": candidate["district"],
            "candidate_office_state": candidate["state"],
            "candidate_party": candidate["party"],
            "candidate_prefix": None,
            "candidate_suffix": None,
            "category_code": "004",
            "category_code_full": "Advertising Expenses",
            "committee": self.committee_summary(committee_id, report_year + report_year % 2),
            "committee_id": committee_id,
            "conduit_committee_city": None,
            "conduit_committee_id": None,
            "conduit_committee_name": None,
            "conduit_committee_state": None,
            "conduit_committee_street1": None,
            "conduit_committee_street2": None,
            "conduit_committee_zip": None,
            "dissemination_date": _iso(when or date(report_year, 8, 20)),
            "election_type": f"G{report_year}",
            "election_type_full": "GENERAL",
            "expenditure_amount": _money(amount),
            "expenditure_date": _iso(when),
            "expenditure_description": description,
            "file_number": filing.file_number,
            "filer_first_name": None,
            "filer_last_name": None,
            "filer_middle_name": None,
            "filer_prefix": None,
            "filer_suffix": None,
            "filing_date": _iso(filing.receipt_date),
            "filing_form": filing.form,
            "image_number": image_number,
            "is_notice": is_notice,
            "line_number": "24",
            "link_id": int(f"4{filing.load_date:%m%d%Y}{filing.file_number:010d}"),
            "memo_code": None,
            "memo_code_full": None,
            "memo_text": None,
            "most_recent": True,
            "office_total_ytd": None,
            "original_sub_id": None,
            "payee_city": payee_city,
            "payee_first_name": None,
            "payee_last_name": None,
            "payee_middle_name": None,
            "payee_name": payee_name,
            "payee_prefix": None,
            "payee_state": payee_state,
            "payee_street_1": None,
            "payee_street_2": None,
            "payee_suffix": None,
            "payee_zip": payee_zip,
            "pdf_url": f"https://docquery.fec.gov/cgi-bin/fecimg/?{image_number}",
            "previous_file_number": None,
            "report_type": filing.report_type,
            "report_year": report_year,
            "schedule_type": "SE",
            "schedule_type_full": "INDEPENDENT EXPENDITURES",
            "sub_id": sub_id or self.new_sub_id(filing),
            "support_oppose_indicator": support_oppose,
            "transaction_id": transaction_id or self.new_transaction_id("SE"),
        }
        self.schedule_e.append(row)
        return row

    def office_totals_year_to_date(self) -> None:
        """Fill `office_total_ytd`: running total per spender, candidate and calendar year."""
        running: dict[tuple, float] = defaultdict(float)
        ordered = sorted(self.schedule_e, key=lambda r: (r["expenditure_date"] or "9999",
                                                         int(r["sub_id"])))
        for row in ordered:
            key = (row["committee_id"], row["candidate_id"], row["report_year"])
            running[key] += row["expenditure_amount"]
            row["office_total_ytd"] = _money(running[key])


_RECEIPT_TYPES = {
    "15": "CONTRIBUTION",
    "15E": "EARMARKED CONTRIBUTION",
}

_AMOUNTS: dict[str, tuple[float, ...]] = {
    "H": (50.0, 100.0, 250.0, 250.0, 500.0, 500.0, 1000.0, 1000.0, 1500.0, 2000.0),
    "S": (50.0, 100.0, 250.0, 250.0, 500.0, 1000.0, 1000.0, 2000.0),
    "P": (27.0, 50.0, 100.0, 250.0, 250.0, 500.0, 1000.0, 2000.0),
    "Y": (250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0, 15000.0),
    "Q": (250.0, 500.0, 1000.0, 2500.0, 5000.0),
}

# Schedule A blocks of ordinary receipts: (committee_id, cycle, rows, last possible date).
_RECEIPT_PLAN: tuple[tuple[str, int, int, date | None], ...] = (
    ("C00411330", 2014, 10, None),
    ("C00411330", 2016, 12, None),
    ("C00411330", 2018, 18, None),
    ("C00577130", 2016, 22, None),
    ("C00575795", 2016, 24, None),
    ("C00580100", 2016, 20, None),
    ("C00580100", 2018, 8, None),
    (DWS_COMMITTEE_ID, 2014, 16, None),
    (DWS_COMMITTEE_ID, 2018, 15, None),
    ("C00355461", 2014, 20, date(2014, 6, 10)),
    ("C00378125", 2014, 4, None),
    ("C00378125", 2016, 3, None),
    ("C00500843", 2014, 6, None),
    ("C00500843", 2016, 6, None),
    ("C00500843", 2018, 16, None),
    ("C00010603", 2014, 15, None),
    ("C00010603", 2016, 20, None),
    ("C00010603", 2018, 15, None),
    ("C99000101", 2014, 5, None),
    ("C99000101", 2016, 8, None),
    ("C99000101", 2018, 6, None),
    ("C99000102", 2016, 7, None),
    ("C99000102", 2018, 5, None),
    ("C99000103", 2014, 6, None),
    ("C99000103", 2016, 4, None),
    ("C99000103", 2018, 5, None),
)

# Which employees give to which industry PAC (their own company's, or members' for CFSA).
_PAC_EMPLOYERS = {
    "C00432534": ("COMMUNITY FINANCIAL SERVICES", "ADVANCE AMERICA", "CHECK INTO CASH",
                  "AMSCOT", "CHECK N GO"),
    "C00429001": ("ADVANCE AMERICA",),
    "C00392290": ("ACE CASH",),
    "C00411769": ("QC HOLDINGS",),
    "C00275529": ("CASH AMERICA",),
    "C00427781": ("ONLINE LENDERS",),
    "C99000011": ("GOLDMAN SACHS",),
    "C99000012": ("JPMORGAN",),
    "C99000013": ("MORGAN STANLEY",),
    "C99000014": ("CITIGROUP",),
    "C99000015": ("BANK OF AMERICA",),
    "C99000016": ("WELLS FARGO",),
}
PAYDAY_PAC_IDS = ("C00432534", "C00429001", "C00392290", "C00411769", "C00275529", "C00427781")
BANK_PAC_IDS = ("C99000011", "C99000012", "C99000013", "C99000014", "C99000015", "C99000016")

_PAC_RECIPIENTS = {
    "payday": {
        2014: (DWS_COMMITTEE_ID, "C00355461", "C99000101", "C99000103"),
        2016: (DWS_COMMITTEE_ID, "C99000101", "C99000102", "C99000103"),
        2018: (DWS_COMMITTEE_ID, "C99000101", "C99000102", "C99000103"),
    },
    "bank": {
        2014: (DWS_COMMITTEE_ID, "C00355461", "C00010603", "C99000101", "C99000103"),
        2016: (DWS_COMMITTEE_ID, "C00010603", "C00575795", "C99000101", "C99000102",
               "C99000103"),
        2018: (DWS_COMMITTEE_ID, "C00010603", "C99000101", "C99000102", "C99000103"),
    },
}

# Independent expenditures: (candidate_id, cycle, how many).
_IE_PLAN = (
    ("P60007168", 2016, 3),
    ("P00003392", 2016, 4),
    ("P80001571", 2016, 4),
    ("H4FL20023", 2014, 2),
    ("H4FL20023", 2016, 3),
    ("H4FL20023", 2018, 2),
    ("H0VA07042", 2014, 3),
    ("S4VT00033", 2018, 2),
    ("S2MA00170", 2018, 2),
)
_IE_PAYEES = (
    ("SAMPLE MEDIA BUYING LLC", "ALEXANDRIA", "VA", "22314"),
    ("EXAMPLE DIGITAL STRATEGIES", "WASHINGTON", "DC", "20005"),
    ("PLACEHOLDER MAIL HOUSE INC", "RICHMOND", "VA", "23219"),
)
_IE_DESCRIPTIONS = ("TV AD BUY", "DIGITAL ADVERTISING", "MAILER", "RADIO AD PRODUCTION")


def _build_dws_2016(b: _Builder) -> None:
    """The 130 Schedule A rows of C00385773 in 2016, special cases included (see module doc)."""
    cid = DWS_COMMITTEE_ID
    marta = _person("MARTA", "L", "ROSALES", "MIAMI", "SELF-EMPLOYED", "ARCHITECT")
    daniel = _person("DANIEL", "J", "KOWALCZYK", "FORT LAUDERDALE", "BROWARD COLLEGE", "PROFESSOR")
    louise = _person("LOUISE", None, "BRANNIGAN", "WESTON", "RETIRED", "RETIRED")

    individual = b.receipt(cid, when=date(2016, 8, 12), amount=500.0, person=marta,
                           sub_id=SPECIAL_CASES["earmark_individual"], receipt_type="15E",
                           memo_text="EARMARKED THROUGH ACTBLUE", conduit_committee_id=ACTBLUE_ID)
    b.receipt(cid, when=date(2016, 8, 12), amount=500.0, contributor_committee_id=ACTBLUE_ID,
              sub_id=SPECIAL_CASES["earmark_memo"], receipt_type=None, memo_code="X",
              memo_text="EARMARK MEMO: SEE EARMARKED CONTRIBUTION FROM ROSALES, MARTA L",
              back_reference_transaction_id=individual["transaction_id"])

    original = b.filing(cid, 2016, "Q2", date(2016, 7, 15))
    amendment = b.filing(cid, 2016, "Q2", date(2016, 9, 12), amendment_indicator="A")
    b.receipt(cid, when=date(2016, 5, 20), amount=27000.0, person=daniel, filing=original,
              sub_id=SPECIAL_CASES["amended_original"], transaction_id="SA11AI.A0042")
    b.receipt(cid, when=date(2016, 5, 20), amount=2700.0, person=daniel, filing=amendment,
              sub_id=SPECIAL_CASES["amended_amendment"], transaction_id="SA11AI.A0042")

    b.receipt(cid, when=date(2015, 3, 2), amount=1000.0, person=louise,
              sub_id=SPECIAL_CASES["refund_original_gift"])
    b.receipt(cid, when=date(2016, 2, 10), amount=-250.0, person=louise,
              sub_id=SPECIAL_CASES["refund"], receipt_type=None, memo_text="REFUND")

    b.receipts_block(cid, 2016, 95 - 6)

    rng = random.Random("sa-dws-2016-undated")
    q3 = b.filing(cid, 2016, "Q3", date(2016, 10, 15))
    for sub_id in NULL_DATE_SUB_IDS:
        row = b.receipt(cid, when=None, amount=rng.choice(_AMOUNTS["H"]),
                        person=rng.choice(b.people), filing=q3, sub_id=sub_id, cycle=2016)
        if sub_id in SPECIAL_CASES["sparse_rows"]:
            b.make_sparse(row)
        if sub_id == SPECIAL_CASES["sparse_rows"][1]:
            del row["memo_code"]


def _build_explicit_receipts(b: _Builder) -> None:
    """Sparse rows, employer traps and industry gifts off the watchlist (see module doc)."""
    sparse = SPECIAL_CASES["sparse_rows"]
    person = _person("HOMER", None, "QUAYLE", "WASHINGTON", "NONE", "NONE")
    b.make_sparse(b.receipt("C00010603", when=date(2014, 2, 11), amount=5000.0, person=person,
                            sub_id=sparse[2]))
    person = _person("EDITH", "R", "MALLORY", "BOSTON", "NONE", "NONE")
    b.make_sparse(b.receipt("C00500843", when=date(2018, 5, 3), amount=300.0, person=person,
                            sub_id=sparse[3]))

    traps = SPECIAL_CASES["employer_traps"]
    for sub_id, committee_id, when, amount, person in (
        (traps[0], "C00355461", date(2014, 3, 14), 1000.0,
         _person("GARY", "W", "PEMBERTON", "RICHMOND", "ADVANCE AUTO PARTS", "STORE MANAGER")),
        (traps[1], "C00010603", date(2016, 4, 22), 2500.0,
         _person("NINA", None, "HOLLOWAY", "CHICAGO", "CASH REGISTER CO.", "SALES")),
        (traps[2], DWS_COMMITTEE_ID, date(2018, 9, 6), 500.0,
         _person("ROBERT", "E", "LANGSTON", "CHARLOTTE", "THE CITADEL", "PROFESSOR")),
        (traps[3], "C00500843", date(2018, 4, 19), 250.0,
         _person("PRIYA", None, "RAMANATHAN", "BOSTON", "AMERICAN CASH FLOW ADVISORS",
                 "CONSULTANT")),
    ):
        b.receipt(committee_id, when=when, amount=amount, person=person, sub_id=sub_id)

    gifts = SPECIAL_CASES["industry_to_non_watchlist"]
    for sub_id, committee_id, when, amount, person in (
        (gifts[0], "C99000101", date(2016, 3, 8), 2700.0,
         _person("CHARLES", "T", "WINTHROP", "NEW YORK", "GOLDMAN SACHS & CO",
                 "MANAGING DIRECTOR")),
        (gifts[1], "C99000102", date(2016, 3, 29), 1000.0,
         _person("BRENDA", None, "OWENS", "SPARTANBURG", "ADVANCE AMERICA", "VICE PRESIDENT")),
        (gifts[2], "C99000103", date(2018, 2, 14), 2700.0,
         _person("MARCUS", "A", "VELLACOTT", "NEW YORK", "JPMORGAN CHASE BANK", "EXECUTIVE")),
        (gifts[3], "C99000101", date(2018, 3, 1), 1500.0,
         _person("DIANE", None, "HOLLIS", "CLEVELAND", "CHECK INTO CASH INC",
                 "GENERAL COUNSEL")),
    ):
        b.receipt(committee_id, when=when, amount=amount, person=person, sub_id=sub_id)


def _build_lobbyist_receipts(b: _Builder) -> None:
    """Lobbyists giving as individuals, and a misspelled employer (see module doc)."""
    reinholt = _person("PATRICIA", "A", "REINHOLT", "WASHINGTON", "CAPITOL SQUARE STRATEGIES LLC",
                       "LOBBYIST")
    okafor = _person("SUSAN", None, "OKAFOR", "WASHINGTON", "HALVERSON & PIKE LLP", "ATTORNEY")
    pike = _person("DAVID", None, "PIKE", "TAMPA", "RETIRED", "RETIRED")
    kovach = _person("DANA", "M", "KOVACH", "ALEXANDRIA",
                     "COMMUNITY FINANCIAL SERVICES ASSOCIATION OF AMERICA",
                     "VICE PRESIDENT, GOVERNMENT AFFAIRS")
    ids = SPECIAL_CASES["lobbyist_receipts"]
    for sub_id, committee_id, when, amount, person in (
        (ids[0], "C00575795", date(2015, 7, 21), 1000.0, reinholt),
        (ids[1], DWS_COMMITTEE_ID, date(2018, 5, 10), 1000.0, reinholt),
        (ids[2], "C00575795", date(2016, 4, 11), 2700.0, okafor),
        (ids[3], DWS_COMMITTEE_ID, date(2018, 6, 1), 500.0, pike),
        (ids[4], DWS_COMMITTEE_ID, date(2018, 4, 18), 1000.0, kovach),
    ):
        b.receipt(committee_id, when=when, amount=amount, person=person, sub_id=sub_id)
    ostrowski = _person("FRANK", "T", "OSTROWSKI", "ALEXANDRIA", "ONLINE LENDER ALLIANCE",
                        "POLICY ANALYST")
    b.receipt(DWS_COMMITTEE_ID, when=date(2018, 7, 2), amount=250.0, person=ostrowski,
              sub_id=SPECIAL_CASES["employer_misspelled"])


def _build_pac_receipts(b: _Builder) -> None:
    """Employees' contributions to their industry PAC, a few per PAC and cycle."""
    for pac_id, keywords in _PAC_EMPLOYERS.items():
        staff = [p for p in b.people if any(k in p.employer for k in keywords)]
        for cycle in CYCLES:
            rng = random.Random(f"sa-pac-{pac_id}-{cycle}")
            for _ in range(rng.randint(3, 5)):
                when = b._pick_date(rng, date(cycle - 1, 1, 1), date(cycle, 12, 31))
                b.receipt(pac_id, when=when, amount=rng.choice(_AMOUNTS["Q"]),
                          person=rng.choice(staff))


def _build_schedule_b(b: _Builder) -> None:
    """Industry PACs' contributions to figure committees and others, per cycle."""
    for pac_id in PAYDAY_PAC_IDS + BANK_PAC_IDS:
        industry = "payday" if pac_id in PAYDAY_PAC_IDS else "bank"
        for cycle in CYCLES:
            rng = random.Random(f"sb-{pac_id}-{cycle}")
            pool = _PAC_RECIPIENTS[industry][cycle]
            recipients = [DWS_COMMITTEE_ID] if pac_id in ("C00432534", "C00429001") else []
            recipients += [rng.choice(pool) for _ in range(rng.randint(2, 4))]
            for recipient_id in recipients:
                recipient = b.committees[recipient_id]
                start = max(date(cycle - 1, 1, 1),
                            date.fromisoformat(recipient["first_file_date"]))
                end = date(2014, 6, 9) if recipient_id == "C00355461" else date(cycle, 11, 7)
                when = b._pick_date(rng, start, end)
                if recipient["committee_type"] == "Y":
                    amount = rng.choice((5000.0, 10000.0, 15000.0))
                else:
                    amount = rng.choice((1000.0, 1000.0, 1500.0, 2000.0, 2500.0, 5000.0))
                b.disbursement(pac_id, recipient_id, when=when, amount=amount)
    # A decoy that only looks like a bank PAC also gives, so including it by mistake shows.
    b.disbursement("C99000099", "C99000101", when=date(2016, 5, 2), amount=250.0)
    b.disbursement("C99000099", "C99000103", when=date(2016, 9, 19), amount=500.0)
    wells_fargo_q3 = b.filing("C99000016", 2016, "M10", date(2016, 10, 20))
    b.disbursement("C99000016", "C99000102", when=None, amount=2500.0, cycle=2016,
                   filing=wells_fargo_q3, sub_id=SPECIAL_CASES["schedule_b_null_date"])


def _build_schedule_e(b: _Builder) -> None:
    """A few independent expenditures per watchlist candidate and cycle."""
    for candidate_id, cycle, count in _IE_PLAN:
        rng = random.Random(f"se-{candidate_id}-{cycle}")
        for _ in range(count):
            when = b._pick_date(rng, date(cycle, 3, 1), date(cycle, 11, 7))
            b.independent_expenditure(
                rng.choice(("C99000201", "C99000202")), candidate_id, when=when,
                amount=_money(rng.choice((4500.0, 12500.0, 25000.0, 48000.0, 150000.0))
                              + rng.randrange(0, 100) * 10.0),
                support_oppose=rng.choice("SO"), description=rng.choice(_IE_DESCRIPTIONS),
                payee=rng.choice(_IE_PAYEES), report_year=when.year,
                is_notice=rng.random() < 0.5,
            )
    b.independent_expenditure("C99000202", "H4FL20023", when=None, amount=18500.0,
                              support_oppose="O", description="DIGITAL ADVERTISING",
                              payee=_IE_PAYEES[1], report_year=2016, is_notice=False,
                              sub_id=SPECIAL_CASES["schedule_e_null_date"])
    _build_ie_notices(b)


def _build_ie_notices(b: _Builder) -> None:
    """24-hour notices and their re-reports on the year-end report (see module doc)."""
    notices = SPECIAL_CASES["ie_notices"]
    # (spender, date, S/O, notice amount, notice sub_ids, regular sub_id, regular amount,
    #  whether the regular row keeps the notice's transaction_id)
    for spender, when, support_oppose, amount, notice_ids, regular_id, regular_amount, same_id in (
        ("C99000201", date(2016, 10, 18), "O", 36000.0, notices[:1], "4013120179800000026",
         36000.0, True),
        ("C99000202", date(2016, 9, 27), "S", 21500.0, notices[1:2], "4013120179800000028",
         21500.0, False),
        ("C99000201", date(2016, 10, 5), "O", 5000.0, notices[2:4], "4013120179800000031",
         5000.0, False),
        ("C99000202", date(2016, 10, 12), "S", 9800.0, notices[4:], "4013120179800000033",
         9850.0, False),
    ):
        rows = [b.independent_expenditure(spender, "H4FL20023", when=when, amount=amount,
                                          support_oppose=support_oppose,
                                          description="TV AD BUY", payee=_IE_PAYEES[0],
                                          report_year=2016, is_notice=True, sub_id=sub_id,
                                          notice_filed_next_day=True)
                for sub_id in notice_ids]
        b.independent_expenditure(
            spender, "H4FL20023", when=when, amount=regular_amount,
            support_oppose=support_oppose, description="TV AD BUY", payee=_IE_PAYEES[0],
            report_year=2016, is_notice=False, sub_id=regular_id,
            transaction_id=rows[0]["transaction_id"] if same_id else None)


def build_universe() -> Universe:
    """Build the synthetic universe. Deterministic: every call returns equal data."""
    b = _Builder()
    _build_dws_2016(b)
    for committee_id, cycle, count, end in _RECEIPT_PLAN:
        b.receipts_block(committee_id, cycle, count, end=end)
    _build_explicit_receipts(b)
    _build_lobbyist_receipts(b)
    _build_pac_receipts(b)
    b.aggregate_year_to_date()
    _build_schedule_b(b)
    _build_schedule_e(b)
    b.office_totals_year_to_date()

    candidates = []
    for candidate in b.candidates.values():
        record = dict(candidate, principal_committees=b.principal_committees(
            candidate["candidate_id"]))
        candidates.append(_sorted(record))
    return Universe(
        candidates=candidates,
        committees=list(b.committees.values()),
        schedule_a=[_sorted(row) for row in b.schedule_a],
        schedule_b=[_sorted(row) for row in b.schedule_b],
        schedule_e=[_sorted(row) for row in b.schedule_e],
    )
