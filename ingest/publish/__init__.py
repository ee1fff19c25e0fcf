"""Stage 6, publish: the validated warehouse copied atomically to ``influence.duckdb``.

- `release`: `publish` (refused without a passing gate receipt), the ``about_this_file`` table
  and the provenance it records.
- `published_file`: what the published file holds (its schemas and tables) and the copy it is
  written through.
- `report`: print what a published file holds (``python -m ingest.publish.report``).

Takes: the warehouse, the gate's receipt, the link settings and the load's origin counts.
Leaves: ``$INFLUENCE_DATA_DIR/influence.duckdb`` (schemas ``main``, ``links``, ``audit``).
"""
