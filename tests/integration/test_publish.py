"""Publishing is atomic, safe for open readers, and only happens after the gate passed."""

import hashlib
import json
import threading

import duckdb
import pytest

from ingest import pipeline
from ingest.gate.checks import GateFailed
from ingest.publish.release import PublishRefused, publish
from ingest.publish.report import report


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_under_an_open_reader(warehouse_copy):
    settings = warehouse_copy
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)
    reader = duckdb.connect(str(settings.published_path), read_only=True)
    before = reader.execute("select count(*) from main.fct_contributions").fetchone()[0]

    con = duckdb.connect(str(settings.warehouse_path))
    con.execute("delete from main.fct_contributions where sub_id in "
                "(select sub_id from main.fct_contributions order by sub_id limit 3)")
    con.close()
    pipeline.validate_step(settings)

    errors = []

    def keep_reading():
        try:
            for _ in range(50):
                reader.execute("select sum(amount) from main.fct_contributions").fetchone()
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    thread = threading.Thread(target=keep_reading)
    thread.start()
    pipeline.publish_step(settings)
    thread.join()

    assert errors == []
    assert reader.execute("select count(*) from main.fct_contributions").fetchone()[0] == before
    reader.close()
    fresh = duckdb.connect(str(settings.published_path), read_only=True)
    assert fresh.execute("select count(*) from main.fct_contributions").fetchone()[0] == before - 3
    about = dict(fresh.execute("select key, value from main.about_this_file").fetchall())
    fresh.close()
    assert about["data_mode"] == "offline" and "SAMPLE DATA" in about["note"]
    # the thresholds in force (review/linkage.yml) travel with the file
    assert "lobbyist_match_threshold 0.9" in about["link_thresholds"]
    assert "organization_match_threshold 0.9" in about["link_thresholds"]
    assert not list(settings.data_dir.glob(".influence.duckdb.*.tmp"))


def test_failed_gate_leaves_the_published_file_untouched(warehouse_copy):
    settings = warehouse_copy
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)
    published = digest(settings.published_path)

    con = duckdb.connect(str(settings.warehouse_path))
    con.execute("insert into main.dim_figures select * from main.dim_figures limit 1")
    con.close()
    with pytest.raises(GateFailed):
        pipeline.validate_step(settings)
    with pytest.raises(PublishRefused, match="has not passed the validation gate"):
        pipeline.publish_step(settings)
    assert digest(settings.published_path) == published


def test_publish_without_any_validation_is_refused(warehouse_copy):
    with pytest.raises(PublishRefused):
        publish(warehouse_copy.warehouse_path, warehouse_copy.published_path,
                state_dir=warehouse_copy.state_dir)
    assert not warehouse_copy.published_path.exists()


def about(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("select key, value from main.about_this_file").fetchall())
    finally:
        con.close()


def raw_tables(con):
    return con.execute("select schema_name, table_name from duckdb_columns() where "
                       "starts_with(schema_name, 'raw_') and column_name = 'origin' "
                       "and not starts_with(table_name, '_')").fetchall()


def test_the_offline_build_says_sample_and_counts_its_records_by_origin(warehouse_copy):
    settings = warehouse_copy
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)
    facts = about(settings.published_path)
    # the raw records stay in the warehouse; the published file counts them
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    totals = {}
    for schema, table in raw_tables(con):
        n = con.execute(f"select count(*) from {schema}.{table}").fetchone()[0]
        source = schema.removeprefix("raw_")
        totals[source] = totals.get(source, 0) + n
    con.close()
    assert facts["contains_sample_data"] == "yes" and facts["note"].startswith("SAMPLE DATA")
    by_origin = json.loads(facts["records_by_origin"])
    assert by_origin == {source: {"offline-snapshot": n} for source, n in totals.items() if n}
    assert by_origin["fec"]["offline-snapshot"] > 500 and by_origin["lda"]["offline-snapshot"] > 0


def test_a_file_built_only_from_live_and_hand_dropped_data_does_not_say_sample(warehouse_copy):
    settings = warehouse_copy
    con = duckdb.connect(str(settings.warehouse_path))
    for schema, table in raw_tables(con):
        origin = "live-api" if schema == "raw_fec" else "hand-dropped"
        con.execute(f"update {schema}.{table} set origin = ?", [origin])
    con.execute("update raw_fec._loaded_files set origin = 'live-api', "
                "base_url = 'https://api.open.fec.gov/v1'")
    con.close()
    pipeline.validate_step(settings)
    pipeline.publish_step(settings)

    facts = about(settings.published_path)

    assert facts["data_mode"] == "offline"  # the mode the pipeline ran in, not the data's origin
    assert facts["contains_sample_data"] == "no"
    assert not any("SAMPLE" in value.upper() for value in facts.values())
    assert "from the live API (https://api.open.fec.gov/v1)" in facts["note"]
    assert "dropped into the landing zone by hand" in facts["sources"]
    assert set(json.loads(facts["records_by_origin"])) == {"fec", "lda"}
    assert "SAMPLE" not in report(settings.published_path)
