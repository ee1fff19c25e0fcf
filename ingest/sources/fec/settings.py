"""Constants of the OpenFEC API as the pipeline uses it (see README "Sources")."""

DEFAULT_BASE_URL = "https://api.open.fec.gov/v1"
DOCS_URL = "https://api.open.fec.gov/developers/"
PER_PAGE = 100  # the API's cap
DEMO_KEY = "DEMO_KEY"
RATE_LIMIT_PER_HOUR = 1000
DEMO_RATE_LIMIT_PER_HOUR = 30
SECRET_PARAMS = ("api_key",)

# Landing kinds, in the order the pipeline extracts them.
KINDS = ("candidates", "committees", "schedule_a", "schedule_b", "schedule_e", "totals")
EXTRACT_KINDS = ("schedule_a", "schedule_b", "schedule_e", "totals")

# Keyset-paginated itemized endpoints and the sort field the pipeline always sends explicitly.
# Ascending by date, so a rerun that resumes from the saved cursor only sees new rows.
KEYSET_SORT = {
    "schedule_a": "contribution_receipt_date",
    "schedule_b": "disbursement_date",
    "schedule_e": "expenditure_date",
}

# At most this many values of one multi-value filter per request (the API answers 422 beyond).
MAX_FILTER_VALUES = 10

# Committee designations that belong to a candidate: principal and authorized committees.
CANDIDATE_DESIGNATIONS = ("P", "A")

FILING_IMAGE_URL = "https://docquery.fec.gov/cgi-bin/fecimg/?{image_number}"
