"""Stage 7, the reporters' desk: everything that reads the published file.

- `export`: answer tables as CSV or Parquet with a data dictionary (and the about-file helpers
  the other parts share).
- `questions`: the saved questions (``questions/*.sql``) and `ask`, in four formats.
- `site`: the static site with a page per figure and industry.
- `explore`: a Datasette explorer of the published file.
- `commands`: the ``influence ask/export/site/explore`` commands; `coding`: the industry
  coding's precision and recall (``influence coding-report``, read from the warehouse).

Takes: ``influence.duckdb`` (the warehouse, for `coding`). Leaves: answers on stdout,
``export/``, ``site/`` and ``explore/`` under ``$INFLUENCE_DATA_DIR``.
"""
