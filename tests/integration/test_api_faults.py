"""A live `influence extract` + `influence load` through API faults finishes on its own and lands
exactly what a clean run lands (`tests/bench_faults.py`, with short back-offs).

Against the fake OpenFEC and LDA.gov with `Chaos`: 10 % of calls 5xx, every 7th 429, 5 % of
bodies cut short, 5 % of connections dropped.
"""

from __future__ import annotations

import pytest

from tests.bench_faults import DEFAULT_CHAOS, compare, fault_run
from tests.fakes._http_fake import Chaos

pytestmark = pytest.mark.integration


def test_extract_and_load_ride_out_faults_with_the_rows_of_a_clean_run(tmp_path):
    clean = fault_run(tmp_path / "clean", chaos=None, backoff_base=0.02)
    faulty = fault_run(tmp_path / "faulty", chaos=Chaos(seed=11, retry_after=0, **DEFAULT_CHAOS),
                       backoff_base=0.02)
    verdict = compare(clean, faulty)

    assert verdict["finished_without_rerun"], faulty
    for source in ("fec", "lda"):
        injected = faulty["sources"][source]["faults_injected"]
        assert {"5xx", "429", "truncate", "drop"} <= set(injected), (source, injected)
        assert sum(injected.values()) > 50, (source, injected)
        assert 1.2 < verdict["call_ratio"][source] <= 2.0, verdict
    assert clean["tables"]["raw_fec.schedule_a"]["rows"] > 500
    assert clean["tables"]["raw_lda.filings"]["rows"] > 100
    assert verdict["same_rows_as_clean"], (clean["tables"], faulty["tables"])
    assert faulty["landed_files"] == clean["landed_files"]  # no page landed twice
    assert faulty["quarantined_files"] == []
    assert verdict["key_in_data_dir"] == []
