"""Lobbying Disclosure Act filings (LD-1/LD-2) and LD-203 contribution reports from LDA.gov."""

__source__ = {
    "name": "Lobbying Disclosure API (U.S. Senate Office of Public Records / LDA.gov)",
    "url": "https://lda.gov/api/v1/",
    "docs": "https://lda.gov/api/redoc/v1/",
}
