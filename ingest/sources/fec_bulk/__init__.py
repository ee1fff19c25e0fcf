"""FEC bulk files (``https://www.fec.gov/files/bulk-downloads``): the downloader and as-of dates.

The catalogue is `ingest.common.fec_bulk_files` (settings reads it); the loader is
`ingest.load.bulk`.

    from ingest.sources.fec_bulk import fetch, fetch_header
    result = fetch(base_url_or_folder, 2020, "indiv", data_dir / "bulk")
    columns = fetch_header(base_url_or_folder, "indiv", data_dir / "bulk")

    from ingest.load.bulk import load_bulk      # into raw_fec_bulk.<name>, see its docstring
    results = load_bulk(con, data_dir / "bulk", ["indiv"], [2020])

Only the top-level member of each zip (``itcont.txt`` for indiv) is ever read: the ``by_date/``
members of indiv zips repeat every one of its rows (docs/sources.md §2.2).
"""

from ingest.common.fec_bulk_files import (
    BULK_FILES,
    COLUMNS,
    DEFAULT_BASE_URL,
    NAMES,
    BulkFile,
    bulk_file,
    file_location,
    header_location,
    validate_cycle,
)

__source__ = {
    "name": "FEC bulk downloads",
    "url": DEFAULT_BASE_URL,
    "docs": "https://www.fec.gov/data/browse-data/?tab=bulk-data",
}

# The downloader (and with it `requests`) loads on first use, so `ingest.common.settings` can read the
# catalogue without it.
_DOWNLOAD = ("FetchError", "FetchResult", "fetch", "fetch_header")


def __getattr__(name: str):
    if name in _DOWNLOAD:
        from ingest.sources.fec_bulk import download

        return getattr(download, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BULK_FILES",
    "COLUMNS",
    "DEFAULT_BASE_URL",
    "NAMES",
    "BulkFile",
    "FetchError",
    "FetchResult",
    "bulk_file",
    "fetch",
    "fetch_header",
    "file_location",
    "header_location",
    "validate_cycle",
]
