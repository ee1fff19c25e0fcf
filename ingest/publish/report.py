"""Print what a published influence.duckdb holds: tables, row counts, and the figure summary.

    python -m ingest.publish.report data/influence.duckdb
"""

from __future__ import annotations

import sys
from pathlib import Path


def report(path: Path) -> str:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        lines = [f"{path}"]
        about = dict(con.execute("select key, value from main.about_this_file").fetchall())
        # Files published before `contains_sample_data` existed chose the note by mode.
        if about.get("contains_sample_data", "yes" if about.get("data_mode") == "offline"
                     else "no") == "yes":
            lines.append(f"  {about['note']}")
        if about.get("sources"):
            lines.append(f"  from: {about['sources']}")
        if about.get("bulk_files"):
            # Real data even beside the snapshot's sample records: said in every report.
            lines.append(f"  REAL {about['bulk_files']}")
        lines.append(f"  published {about.get('published_at')}; cycles {about.get('cycles')}")
        lines.append("  tables (schema main):")
        tables = con.execute("""
            select table_name, estimated_size, comment from duckdb_tables()
            where schema_name = 'main' order by table_name""").fetchall()
        for name, _, _ in tables:
            count = con.execute(f'select count(*) from main."{name}"').fetchone()[0]
            lines.append(f"    {name:<32} {count:>8} rows")
        link_tables = {name for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'links'").fetchall()}
        for table in ("lobbyist_donor_links", "organization_links"):
            if table in link_tables:
                statuses = con.execute(f"select status, count(*) from links.{table} "
                                       "group by all order by 1").fetchall()
                shown = ", ".join(f"{status} {n}" for status, n in statuses) or "none"
                lines.append(f"  links.{table:<26} {shown}")
        lines.append("  money by figure and cycle (fct_figure_cycle_summary, US dollars):")
        rows = con.execute("""
            select figure_id, cycle, n_contributions, itemized_individual_receipts,
                   fec_individual_itemized_contributions, reconciliation_difference
            from main.fct_figure_cycle_summary order by figure_id, cycle""").fetchall()
        lines.append(f"    {'figure':<28}{'cycle':>6}{'rows':>6}{'itemized':>14}{'FEC totals':>14}"
                     f"{'diff':>10}")
        for fid, cycle, n, itemized, fec_total, diff in rows:
            def money(value):
                return "-" if value is None else f"{value:,.2f}"

            lines.append(f"    {fid:<28}{cycle:>6}{n:>6}{money(itemized):>14}"
                         f"{money(fec_total):>14}{money(diff):>10}")
        return "\n".join(lines)
    finally:
        con.close()


if __name__ == "__main__":
    print(report(Path(sys.argv[1] if len(sys.argv) > 1 else "data/influence.duckdb")))
