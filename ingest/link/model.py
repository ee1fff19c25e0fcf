"""What every splink model of the link step shares: comparison levels (`_level`, `_null`, `_jw`),
name and organisation cleaning in SQL, the settings dictionary, and scores counted per band.
"""

from __future__ import annotations

from ingest.link.config import BANDS


def _level(sql: str, label: str, m: float, u: float) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _null(sql: str) -> dict:
    return {"sql_condition": sql, "label_for_charts": "null", "is_null_level": True}


def _jw(column: str) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r)"

NAME_NOISE = r"\b(JR|SR|II|III|IV|MD|PHD|ESQ|MR|MRS|MS|DR|HON|REV)\b"
ORG_NOISE = r"\b(THE|INC|INCORPORATED|LLC|LLP|PLLC|PC|PA|CORP|CORPORATION|CO|COMPANY|LTD|LP)\b"
EMPLOYER_UNKNOWN = ("NONE", "N A", "NA", "INFORMATION REQUESTED", "INFORMATION REQUESTED PER BEST EFFORTS",
                    "REQUESTED", "SELF", "SELF EMPLOYED", "RETIRED", "NOT EMPLOYED", "UNEMPLOYED",
                    "HOMEMAKER", "ENTREPRENEUR")
OCCUPATION_UNKNOWN = ("NONE", "N A", "NA", "INFORMATION REQUESTED", "INFORMATION REQUESTED PER BEST EFFORTS",
                      "REQUESTED")


def _clean_name(expr: str) -> str:
    letters = f"regexp_replace(upper({expr}), '[^A-Z]+', ' ', 'g')"
    words = f"regexp_replace({letters}, '{NAME_NOISE}', '', 'g')"
    return f"nullif(trim(regexp_replace({words}, ' +', ' ', 'g')), '')"


def _clean_org(expr: str, unknown: tuple[str, ...], noise: str | None = ORG_NOISE) -> str:
    text = f"regexp_replace(upper({expr}), '[^A-Z0-9&]+', ' ', 'g')"
    if noise:
        text = f"regexp_replace({text}, '{noise}', '', 'g')"
    text = f"trim(regexp_replace({text}, ' +', ' ', 'g'))"
    listed = ", ".join(f"'{u}'" for u in unknown)
    return f"case when {text} in ('', {listed}) then null else {text} end"


def _scalar(con, sql: str, params: list | None = None):
    # fetchall: DuckDB 2 refuses further work on a connection with a half-read result.
    return con.execute(sql, params or []).fetchall()[0][0]


def _rows(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _table_exists(con, schema: str, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables "
                            "where table_schema = ? and table_name = ?", [schema, name]).fetchall()[0][0])


def _settings(link_type: str, comparisons: list, blocking: list, prior: float) -> dict:
    return {
        "link_type": link_type,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking,
        "probability_two_random_records_match": prior,
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
    }


def _bands(con, table: str, column: str = "match_probability") -> dict:
    selects = ", ".join(
        f"count(*) filter (where {column} >= {low} and {column} < {high}) as \"{name}\""
        for name, low, high in BANDS
    )
    row = con.execute(f"select {selects} from {table}").fetchall()[0]
    return {name: int(value) for (name, _, _), value in zip(BANDS, row, strict=True)}
