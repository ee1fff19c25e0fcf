"""Benchmark `run_linkage` on synthetic contributions: ``uv run python -m tests.bench_linkage --rows 100000``.

Donors are drawn with a skewed surname distribution (so blocks are uneven, as in FEC data); each
gives one or more times, and some gifts carry a variant (nickname, typo, ZIP+4, employer suffix).
The generator knows who gave each row (table ``bench.truth``), so the donor clustering's pairwise
precision and recall are measured too: over all pairs of receipts, how many pairs put in one donor
are the same person (precision) and how many same-person pairs were put in one donor (recall).
Lobbying clients (a few real-looking names and 1,000 synthetic ones) are linked to the employer
strings as well, for timing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import tempfile
import time
from pathlib import Path

SURNAMES = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
            "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR",
            "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ"]
FIRST = ["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID",
         "ELIZABETH", "WILLIAM", "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA", "THOMAS", "SARAH",
         "CHARLES", "KAREN", "CHRISTOPHER", "LISA", "DANIEL", "NANCY", "MATTHEW", "BETTY", "ANTHONY"]
NICK = {"WILLIAM": "BILL", "ROBERT": "BOB", "RICHARD": "RICK", "JOSEPH": "JOE", "ELIZABETH": "LIZ",
        "MICHAEL": "MIKE", "JAMES": "JIM"}
EMPLOYERS = ["GOOGLE", "MICROSOFT", "GOLDMAN SACHS", "AKIN GUMP", "KAISER PERMANENTE", "BOEING",
             "STATE OF CALIFORNIA", "HARVARD UNIVERSITY", "RETIRED", "SELF-EMPLOYED", "NONE"]
OCCUPATIONS = ["ATTORNEY", "PHYSICIAN", "ENGINEER", "CONSULTANT", "LOBBYIST", "RETIRED", "TEACHER",
               "EXECUTIVE", "GOVERNMENT RELATIONS", "ANALYST"]
STATES = ["CA", "NY", "TX", "FL", "DC", "VA", "MD", "IL", "MA", "WA"]


def synthetic_rows(n_rows: int, seed: int = 7):
    """Yield (sub_id, name, first, last, zip, city, state, employer, occupation, entity_type,
    person), person being the index of the donor who gave."""
    rng = random.Random(seed)
    n_donors = max(1, n_rows // 3)
    # A few thousand surnames, Zipf-like, so SMITH-sized blocks exist next to rare names.
    surnames = SURNAMES + [f"{rng.choice(SURNAMES)[:3]}{chr(65 + i % 26)}{i:04d}" for i in range(20000)]
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(surnames))))
    donors = []
    for _ in range(n_donors):
        state = rng.choice(STATES)
        zip5 = f"{rng.randrange(100, 999)}{rng.randrange(0, 99):02d}"
        employer = rng.choice(EMPLOYERS) if rng.random() < 0.7 else f"COMPANY {rng.randrange(50000)}"
        last = rng.choices(surnames, cum_weights=cumulative)[0]
        donors.append((rng.choice(FIRST), last, zip5, f"CITY {zip5[:3]}", state, employer,
                       rng.choice(OCCUPATIONS)))
    for i in range(n_rows):
        person = min(int(rng.expovariate(3 / n_donors)), n_donors - 1)
        first, last, zip5, city, state, employer, occupation = donors[person]
        roll = rng.random()
        if roll < 0.05:
            first = NICK.get(first, first[:-1])
        elif roll < 0.08:
            last = last[:-1] + rng.choice("AEIOU")
        elif roll < 0.15:
            zip5 = f"{zip5}{rng.randrange(10000):04d}"
        elif roll < 0.20:
            employer = f"{employer} INC"
        elif roll < 0.22:
            employer = None
        yield (f"{4_000_000_000 + i}", f"{last}, {first}", first, last, zip5, city, state, employer,
               occupation, "IND", person)


def build(path: Path, n_rows: int) -> None:
    import duckdb

    from tests.ingest.link.helpers import make_warehouse

    make_warehouse(path, contributions=[])
    con = duckdb.connect(str(path))
    con.execute("create schema bench")
    con.execute("create table bench.truth (sub_id varchar, person integer)")
    batch = []
    for row in synthetic_rows(n_rows):
        batch.append(row)
        if len(batch) == 200_000:
            _insert(con, batch)
            batch = []
    if batch:
        _insert(con, batch)
    con.execute("""insert into staging.stg_lda__lobbyists
        select 100000 + row_number() over (), 1, null, first, null, null, last, null,
            first || ' ' || last, 'AKIN GUMP STRAUSS HAUER & FELD LLP'
        from (select distinct contributor_first_name as first, contributor_last_name as last
              from staging.stg_fec__contributions using sample 2000 rows (reservoir, 7))""")
    _organizations(con)
    con.close()


def _organizations(con) -> None:
    """int_organization_names as dbt builds it: lobbying clients and employer keys."""
    con.execute("create schema if not exists intermediate")
    con.execute("""
        create table intermediate.int_organization_names as
        select 'lobbying_client' as organization_kind, slug as organization_id,
               name as organization_name, [name] as name_keys, industry as industry_id
        from (values ('goldman-sachs-group', 'GOLDMAN SACHS GROUP', 'wall_street_banks'),
                     ('google', 'GOOGLE', null), ('microsoft', 'MICROSOFT', null),
                     ('boeing', 'BOEING', null),
                     ('akin-gump', 'AKIN GUMP STRAUSS HAUER AND FELD', null)) as t(slug, name, industry)
        union all
        select 'lobbying_client', 'company-' || i, 'COMPANY ' || i || ' HOLDINGS',
               ['COMPANY ' || i || ' HOLDINGS'], null
        from range(0, 50000, 50) as r(i)
        union all
        select 'employer', 'employer:' || key, key, [key],
               case when key like 'GOLDMAN SACHS%' then 'wall_street_banks' end
        from (select distinct regexp_replace(upper(contributor_employer), ' INC$', '') as key
              from staging.stg_fec__contributions
              where contributor_employer not in ('RETIRED', 'SELF-EMPLOYED', 'NONE'))
    """)


def _insert(con, rows: list[tuple]) -> None:
    import pyarrow as pa

    names = ["sub_id", "contributor_name", "contributor_first_name", "contributor_last_name",
             "contributor_zip", "contributor_city", "contributor_state", "contributor_employer",
             "contributor_occupation", "entity_type", "person"]
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
    con.register("_batch", table)
    con.execute(f"insert into staging.stg_fec__contributions select {', '.join(names[:-1])}, 100 "
                "from _batch")
    con.execute("insert into bench.truth select sub_id, person from _batch")
    con.unregister("_batch")


def pairwise_quality(path: Path) -> dict:
    """Pairwise precision and recall of links.donor_clusters against bench.truth."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        predicted, true, both = con.execute("""
            with rows as (
                select truth.person, clusters.donor_id
                from bench.truth as truth join links.donor_clusters as clusters using (sub_id)
            ),
            pairs as (
                select
                    (select sum(n * (n - 1) / 2) from (select count(*) as n from rows
                                                       group by donor_id)) as predicted,
                    (select sum(n * (n - 1) / 2) from (select count(*) as n from rows
                                                       group by person)) as true_pairs,
                    (select sum(n * (n - 1) / 2) from (select count(*) as n from rows
                                                       group by person, donor_id)) as both_pairs
            )
            select * from pairs
        """).fetchone()
    finally:
        con.close()
    return {"donor_pairs_predicted": int(predicted), "donor_pairs_true": int(true),
            "donor_pair_precision": round(both / predicted, 4) if predicted else None,
            "donor_pair_recall": round(both / true, 4) if true else None}


def main(argv: list[str] | None = None) -> dict:
    from ingest.link.run import run_linkage

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-linkage-") as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        started = time.perf_counter()
        build(path, args.rows)
        build_seconds = round(time.perf_counter() - started, 1)
        summary = run_linkage(path, None)
        rerun = run_linkage(path, None)
        quality = pairwise_quality(path)
    result = {"rows": args.rows, "build_seconds": build_seconds, "link_seconds": summary["seconds"],
              "rerun_seconds": rerun["seconds"], **quality,
              **{k: v for k, v in summary.items() if k != "settings"}}
    print(json.dumps(result, indent=2, default=str))
    return result


if __name__ == "__main__":
    main()
