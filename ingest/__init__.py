"""influence: follow money in US politics, from FEC and LDA filings to a documented DuckDB file."""
