"""Shared test set-up: an isolated Airflow home and data folder for every test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="influence-tests-"))
os.environ.setdefault("AIRFLOW_HOME", str(_SESSION_DIR / "airflow"))
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(Path(__file__).resolve().parent.parent / "dags")
os.environ.setdefault(
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_SESSION_DIR / 'airflow' / 'airflow.db'}"
)
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["INFLUENCE_DATA_DIR"] = str(_SESSION_DIR / "data")
for name in ("INFLUENCE_MODE", "INFLUENCE_CYCLES", "INFLUENCE_WATCHLIST", "FEC_API_KEY",
             "FEC_BULK_BASE_URL", "INFLUENCE_BULK_CYCLES", "INFLUENCE_BULK_FILES",
             "FEC_API_BASE_URL"):
    os.environ.pop(name, None)
(_SESSION_DIR / "airflow").mkdir(parents=True, exist_ok=True)
