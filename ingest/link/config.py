"""The link step's configuration and the reviewers' decisions.

``review/linkage.yml`` holds thresholds and limits (keys of `DEFAULTS`; `load_config` checks
them). ``review/link_reviews.csv`` holds decisions (columns `REVIEW_COLUMNS`, link types
`LINK_TYPES`; `read_reviews` names the bad row). The gate and publish read the same settings.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULTS: dict = {
    # Profiles at or above this pairwise probability are the same donor (connected components).
    "donor_match_threshold": 0.95,
    # Lobbyist-donor pairs at or above this are published as `auto` links.
    "lobbyist_match_threshold": 0.9,
    # Pairs below this are not stored at all (they are only counted in the summary's bands).
    "lobbyist_candidate_floor": 0.01,
    # Share of profiles that have another variant of the same person; sets the donor prior.
    "donor_duplicate_rate": 0.3,
    # P(a given lobbyist and a given donor profile are the same person) before any comparison. Fixed
    # rather than scaled by the data's size so that a name alone never makes an `auto` link (odds
    # ~0.4) while a name plus a registrant employer or a lobbying occupation does (0.98-0.999).
    "lobbyist_prior": 1e-5,
    # A donor cluster with more profiles or more distinct ZIP codes than this is a chain of
    # namesakes, not a person: it is held at stricter thresholds (see `STRICTER_THRESHOLDS`).
    "donor_cluster_max_profiles": 200,
    "donor_cluster_max_zips": 25,
    # Lobbying client <-> organisation (PAC sponsor, employer) pairs at or above this are `auto`.
    "organization_match_threshold": 0.9,
    # Client-organisation pairs below this are not stored.
    "organization_candidate_floor": 0.05,
    # P(a given client and a given organisation name are the same organisation) before comparing;
    # see ingest/link/organizations.py for what scores it gives.
    "organization_prior": 0.01,
}
COUNT_KEYS = ("donor_cluster_max_profiles", "donor_cluster_max_zips")
PROBABILITY_KEYS = tuple(key for key in DEFAULTS if key not in COUNT_KEYS)

# The work database's memory cap, and rows per batch streamed in and out of it.
WORK_MEMORY = "256MB"
BATCH_ROWS = 100_000
REVIEW_FILE = "link_reviews.csv"
CONFIG_FILE = "linkage.yml"
REVIEW_COLUMNS = ("link_type", "left_id", "right_id", "decision", "reviewer", "note")
LINK_TYPES = ("lobbyist_donor", "client_organization", "same_donor")
DECISIONS = ("confirm", "reject")
STATUSES = ("auto", "below_threshold", "confirmed", "rejected")
BANDS = ((">=0.99", 0.99, 2.0), ("0.9-0.99", 0.9, 0.99), ("0.5-0.9", 0.5, 0.9), ("<0.5", -1.0, 0.5))


class LinkageError(ValueError):
    """Bad linkage configuration or review file; the message names the file and row."""
@dataclass(frozen=True)
class Review:
    """One row of the review CSV (`row` is its line number, header = 1)."""

    row: int
    link_type: str
    left_id: str
    right_id: str
    decision: str
    reviewer: str
    note: str


def load_config(config_dir: Path | None, overrides: dict | None = None) -> dict:
    """Defaults, then ``config_dir/linkage.yml``, then `overrides`; unknown keys are errors."""
    config = dict(DEFAULTS)
    path = Path(config_dir) / CONFIG_FILE if config_dir else None
    if path and path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise LinkageError(f"{path}: expected a mapping of setting: value")
        config.update(_checked(loaded, str(path)))
    config.update(_checked(overrides or {}, "thresholds argument"))
    return config


def _checked(values: dict, where: str) -> dict:
    for key, value in values.items():
        if key not in DEFAULTS:
            raise LinkageError(f"{where}: unknown setting {key!r} (known: {', '.join(DEFAULTS)})")
        if key in PROBABILITY_KEYS and (isinstance(value, bool) or not isinstance(value, int | float)
                                        or not 0 <= value <= 1):
            raise LinkageError(f"{where}: {key} must be a number between 0 and 1, not {value!r}")
        if key in COUNT_KEYS and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise LinkageError(f"{where}: {key} must be a whole number of at least 1, "
                               f"not {value!r}")
    return dict(values)


def read_reviews(config_dir: Path | None) -> list[Review]:
    """Parse and validate ``config_dir/link_reviews.csv``; no file means no decisions."""
    path = Path(config_dir) / REVIEW_FILE if config_dir else None
    if not path or not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LinkageError(f"{path}: header lacks column(s) {', '.join(missing)}; "
                               f"expected {','.join(REVIEW_COLUMNS)}")
        reviews: list[Review] = []
        seen: dict[tuple, Review] = {}
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise LinkageError(f"{path} row {line}: expected {len(REVIEW_COLUMNS)} fields")
            if not any(v.strip() for v in row.values()):
                continue
            values = {k: (row[k] or "").strip() for k in REVIEW_COLUMNS}
            values["decision"] = values["decision"].lower()
            problem = (
                f"link_type {values['link_type']!r} is not one of {LINK_TYPES}"
                if values["link_type"] not in LINK_TYPES
                else f"decision {values['decision']!r} is not one of {DECISIONS}"
                if values["decision"] not in DECISIONS
                else "left_id and right_id are required" if not values["left_id"] or not values["right_id"]
                else "reviewer is required" if not values["reviewer"]
                else None
            )
            if problem:
                raise LinkageError(f"{path} row {line}: {problem}")
            review = Review(row=line, **values)
            key = (review.link_type, review.left_id, review.right_id)
            if key in seen and seen[key].decision != review.decision:
                raise LinkageError(f"{path} row {line}: contradicts row {seen[key].row} "
                                   f"({seen[key].decision} vs {review.decision})")
            seen[key] = review
            reviews.append(review)
    return reviews
