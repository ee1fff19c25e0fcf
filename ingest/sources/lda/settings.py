"""Constants of the Lobbying Disclosure API as the pipeline uses it (README "Lobbying")."""

# lda.senate.gov was retired in favour of lda.gov (same JSON shape).
DEFAULT_BASE_URL = "https://lda.gov/api/v1"
OFFICIAL_HOSTS = ("lda.gov", "lda.senate.gov")
PAGE_SIZE = 25  # the API's cap
RATE_LIMIT_PER_MINUTE = 120
ANONYMOUS_RATE_LIMIT_PER_MINUTE = 15
DEFAULT_YEARS = (2015, 2016, 2017, 2018)

KINDS = ("filings", "contributions", "registrants", "clients", "lobbyists", "constants")
EXTRACT_KINDS = ("filings", "contributions", "entities", "constants")

# Lists that do not count against the rate limit.
CONSTANTS = (
    "filing/filingtypes",
    "filing/lobbyingactivityissues",
    "filing/governmententities",
    "general/countries",
    "general/states",
    "lobbyist/prefixes",
    "lobbyist/suffixes",
    "contribution/itemtypes",
)

DOCUMENT_URL = "https://lda.gov/filings/public/filing/{filing_uuid}/print/"
