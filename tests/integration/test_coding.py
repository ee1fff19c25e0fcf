"""Precision and recall of the industry coding on the labelled evaluation set, against numbers
worked out by hand from dbt_project/seeds/industry_coding_evaluation.csv."""

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.desk.coding import scores

# Counted by hand from the seed: 22 payday examples, of which the rules miss "CHECK 'N GO" and
# "CNG FINANCIAL CORP" (the real committee "FINANCIAL SERVICE CENTERS OF AMERICA ... (FISCA PAC)"
# is caught by its organisation pattern);
# 25 bank examples, missing "J.P. MORGAN SECURITIES", "CITIBANK N.A.", "AMERICAN BANKERS
# ASSOCIATION" and the real bulk employers "J.P. MORGAN SECURITIES LLC", "CREDIT SUISSE SECURITIES
# (USA) LLC" and "UBS INVESTMENT BANK", and two false alarms ("BANK OF AMERICAN FORK", "FRIENDS OF
# JPMORGAN PARK"). The real trap "COMMUNITY FINANCIAL SERVICES BANK" is not coded payday.
EXPECTED = {"payday_lending": (20, 0, 2), "wall_street_banks": (19, 2, 6)}


def test_scores_match_the_hand_count(built):
    settings, _ = built
    industry_scores, errors = scores(settings.warehouse_path)
    got = {s.industry_id: (s.true_positives, s.false_positives, s.false_negatives)
           for s in industry_scores}
    assert got == EXPECTED
    by_id = {s.industry_id: s for s in industry_scores}
    assert by_id["payday_lending"].precision == 1.0
    assert by_id["payday_lending"].recall == pytest.approx(20 / 22)
    assert by_id["wall_street_banks"].precision == pytest.approx(19 / 21)
    wrong = {text for _, text, *_ in errors}
    assert "ADVANCE AUTO PARTS" not in wrong  # the traps are avoided
    assert "COMMUNITY FINANCIAL SERVICES BANK" not in wrong


def test_coding_report_command_prints_the_scores(built):
    settings, _ = built
    influence = str(Path(sys.executable).with_name("influence"))
    out = subprocess.run([influence, "--data-dir", str(settings.data_dir), "coding-report"],
                         capture_output=True, text=True, check=True).stdout
    assert "payday_lending           1.000   0.909   20    0    2" in out
    assert "'BANK OF AMERICAN FORK': expected none, got wall_street_banks" in out
