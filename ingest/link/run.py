"""Entity resolution: who is the same donor, and which lobbyists gave money.

The `link` step runs after `dbt build` on the staged tables and writes schema ``links``:

- ``links.donor_clusters``: every Schedule A row of an individual contributor gets a ``donor_id``.
  Rows are first collapsed into *profiles* (identical normalised name, ZIP, city, employer and
  occupation); splink (DuckDB backend) scores pairs of profiles and connected components at
  ``donor_match_threshold`` form donors (`connected_components`: a vectorised union-find, memory
  linear in profiles and pairs). ``donor_id`` is a hash of the smallest ``sub_id`` in the
  cluster, so it is stable while the cluster does not change.
- **Chains of namesakes are not donors.** Common names link pair by pair (one retired JOHN SMITH
  to the next) into components no person has: more than ``donor_cluster_max_profiles`` profiles
  or ``donor_cluster_max_zips`` ZIP codes. Such a component is held at `STRICTER_THRESHOLDS` in
  turn until every part is within the limits, or else left as its profiles; each is reported
  (the step's summary, ``donor_clusters_split``, and the log).
- **Which receipts get a donor ID**: the itemized receipts of individuals the API pulls for the
  watchlist (``staging.stg_fec__contributions``: the figures' committees' receipts and the
  watchlist industries' employees' receipts). Donor IDs serve the lobbyists channel: a lobbyist
  is linked to a donor, and that donor's receipts to the figures (and the LD-203 gifts they
  match) are counted. The FEC bulk files' receipts (every committee, tens of millions of rows)
  are counted by employer and committee, never by donor: they never enter this step.
- ``links.lobbyist_donor_links``: LDA lobbyists scored against donor profiles with a second splink
  model (link only), best pair per (lobbyist, donor), with ``match_probability``, ``evidence`` and
  ``status`` (auto, below_threshold, confirmed, rejected).
- ``links.organization_links``: canonical lobbying clients scored against PAC sponsors and employer
  strings (`ingest.link.organizations`), with the same columns.
- ``links.link_decisions``: the reviewers' decisions from ``link_reviews.csv`` and what each did
  (link types ``lobbyist_donor``, ``client_organization`` and ``same_donor``, which joins or
  separates two receipts' donors).

Model parameters are fixed and documented (`ingest.link.donors.DONOR_COMPARISONS`,
`ingest.link.lobbyists.LOBBYIST_COMPARISONS`) rather than
trained: EM on a few hundred rows (the offline snapshot, a watchlist's donors) is unstable and
would move scores, and therefore donor IDs and reviews, from run to run. The prior (the probability
that two random records match) is derived from the record counts, see `_donor_prior`.

Configuration: ``config_dir/linkage.yml`` (keys of `DEFAULTS`), overridden by the ``thresholds``
argument. Reviews: ``config_dir/link_reviews.csv`` with columns `REVIEW_COLUMNS`.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from ingest.common.warehouse import connect, writer_lock
from ingest.link.config import BATCH_ROWS, WORK_MEMORY, load_config, read_reviews
from ingest.link.donors import DONOR_RECORDS_SQL, PROFILES_SQL, _link_donors
from ingest.link.lobbyists import _apply_reviews, _link_lobbyists, _lobbyists_sql
from ingest.link.tables import _publish

log = logging.getLogger(__name__)

def run_linkage(warehouse_path: Path, config_dir: Path | None, *, thresholds: dict | None = None) -> dict:
    """Resolve donors and link lobbyists to them, writing schema ``links`` in the warehouse.

    Args:
        warehouse_path: The DuckDB warehouse with the dbt ``staging`` schema built.
        config_dir: Folder with the optional ``linkage.yml`` and ``link_reviews.csv``.
        thresholds: Settings overriding the file and `DEFAULTS` (same keys as `DEFAULTS`).

    Returns:
        A JSON-able summary: counts (records, profiles, clusters, lobbyists, links by status),
        pairwise scores per band, the settings used and the seconds taken.

    Raises:
        LinkageError: a bad ``linkage.yml`` or ``link_reviews.csv`` (the message names the row).
    """
    import duckdb

    from ingest.link.organizations import link_organizations

    started = time.perf_counter()
    config = load_config(config_dir, thresholds)
    reviews = read_reviews(config_dir)
    # The work database is a file beside the warehouse with a memory cap: DuckDB spills what
    # does not fit, so the step's memory does not grow with the receipts.
    scratch = tempfile.TemporaryDirectory(prefix=".link-", dir=Path(warehouse_path).parent)
    work = duckdb.connect(str(Path(scratch.name) / "work.duckdb"))
    work.execute(f"set memory_limit = '{WORK_MEMORY}'")
    with writer_lock(Path(warehouse_path)):
        con = connect(Path(warehouse_path))
        try:
            work.register("_records", con.sql(DONOR_RECORDS_SQL).fetch_record_batch(BATCH_ROWS))
            work.execute("create table donor_records as select * from _records")
            work.unregister("_records")
            lobbyists_sql = _lobbyists_sql(con)
            if lobbyists_sql:
                work.register("_lobbyists", con.sql(lobbyists_sql).to_arrow_table())
            work.execute("create table donor_profiles as " + PROFILES_SQL)
            work.execute("create table lobbyists as select * from _lobbyists" if lobbyists_sql else
                         "create table lobbyists (unique_id varchar, lobbyist_id varchar, "
                         "lobbyist_name varchar, first_name varchar, first_initial varchar, "
                         "nickname varchar, last_name varchar, org_names varchar[], occupation varchar)")
            summary = {"step": "link"}
            summary.update(_link_donors(work, config, reviews))
            summary.update(_link_lobbyists(work, config, lobbyists_sql, reviews))
            _apply_reviews(work, config, reviews)
            summary.update(link_organizations(work, con, config, reviews))
            work.execute("""create or replace table link_decisions as
                select * from lobbyist_decisions union all by name
                select * from organization_decisions union all by name
                select * from donor_decisions order by row_number""")
            _publish(con, work)
            summary["lobbyist_links"] = dict(work.execute(
                "select status, count(*) from lobbyist_donor_links group by all order by 1").fetchall())
            summary["decisions"] = dict(work.execute(
                "select effect, count(*) from link_decisions group by all order by 1").fetchall())
        finally:
            con.close()
            work.close()
            scratch.cleanup()
    summary["settings"] = config
    summary["seconds"] = round(time.perf_counter() - started, 2)
    log.info("link: %s", summary)
    return summary
