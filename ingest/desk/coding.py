"""How well the industry coding rules do: precision and recall on the labelled evaluation set.

The rules are the patterns in watchlist.yml, applied by dbt with one macro
(`industry_pattern_matches`); `dbt build` applies them to `seeds/industry_coding_evaluation.csv`
in `evaluation.eval_industry_coding`. This module reads that table:

    influence coding-report
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IndustryScore:
    industry_id: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0


def scores(warehouse_path: Path) -> tuple[list[IndustryScore], list[tuple]]:
    """Per-industry scores and the misclassified examples (text, expected, predicted, rule)."""
    import duckdb

    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        rows = con.execute("""
            select field, text, expected_industry_id, predicted_industry_id, industry_rule
            from evaluation.eval_industry_coding order by example_id""").fetchall()
    finally:
        con.close()
    industries = sorted({r[2] for r in rows if r[2]} | {r[3] for r in rows if r[3]})
    out = []
    for industry in industries:
        tp = sum(1 for r in rows if r[2] == industry and r[3] == industry)
        fp = sum(1 for r in rows if r[3] == industry and r[2] != industry)
        fn = sum(1 for r in rows if r[2] == industry and r[3] != industry)
        out.append(IndustryScore(industry, tp, fp, fn))
    errors = [(r[0], r[1], r[2], r[3], r[4]) for r in rows if r[2] != r[3]]
    return out, errors


def report(warehouse_path: Path) -> str:
    industry_scores, errors = scores(warehouse_path)
    lines = ["industry coding on the labelled evaluation set "
             "(dbt_project/seeds/industry_coding_evaluation.csv)",
             f"  {'industry':<20}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}"]
    for s in industry_scores:
        lines.append(f"  {s.industry_id:<20}{s.precision:>10.3f}{s.recall:>8.3f}"
                     f"{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}")
    lines.append("  misclassified:")
    for field, text, expected, predicted, rule in errors:
        lines.append(f"    {field:<12} {text!r}: expected {expected or 'none'}, "
                     f"got {predicted or 'none'}" + (f" (pattern {rule!r})" if rule else ""))
    return "\n".join(lines)
