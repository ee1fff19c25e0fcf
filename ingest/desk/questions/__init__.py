"""The saved questions: one ``.sql`` file each in this folder, run by `ask` on the published file.

Takes: ``influence.duckdb`` and a question's parameters. Leaves: an answer (table, CSV, JSON or
Markdown) with the sample-data banner and the file's provenance.
"""
