"""Compares the baseline's marts with the project's, row by row on each mart's key.

    .venv/bin/python -m benchmarks.compare --project WAREHOUSE --baseline BASELINE_DB [--json F]

Rows are matched on the key of the mart (null keys match null keys); every other column the
two sides share must be equal, numbers within 1e-9. Prints, per mart, rows equal / rows in
either side, and the first differing rows column by column; exits non-zero on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

TOLERANCE = 1e-9
KEYS = {
    "researcher_cohorts": ["company_id", "year"],
    "company_inflows": ["company_id", "join_year", "source_category", "source_org_id"],
    "leaver_destinations": [
        "company_id",
        "leave_year",
        "destination_category",
        "destination_org_id",
    ],
    "education_backgrounds": ["company_id", "era", "institution_org_id"],
    "researchers": ["person_id", "company_id"],
}
NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "REAL")
SAMPLE_ROWS = 10


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'marts' and table_name = ? "
        "order by ordinal_position",
        [catalog, table],
    ).fetchall()
    return dict(rows)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare_mart(con: duckdb.DuckDBPyConnection, mart: str) -> dict:
    """Agreement of one mart: counts, and the first differing rows with their columns."""
    keys = KEYS[mart]
    project, baseline = _columns(con, "project", mart), _columns(con, "baseline", mart)
    if not project or not baseline:
        missing = "project" if not project else "baseline"
        return {"mart": mart, "error": f"marts.{mart} is missing in the {missing} database"}
    values = [c for c in project if c in baseline and c not in keys]
    equal = {
        c: (
            f"((p.{_q(c)} is null and b.{_q(c)} is null) or "
            f"abs(p.{_q(c)} - b.{_q(c)}) <= {TOLERANCE})"
            if project[c].startswith(NUMERIC) or baseline[c].startswith(NUMERIC)
            else f"(p.{_q(c)} is not distinct from b.{_q(c)})"
        )
        for c in values
    }
    on = " and ".join(f"p.{_q(k)} is not distinct from b.{_q(k)}" for k in keys)
    key_of = ", ".join(f"coalesce(p.{_q(k)}, b.{_q(k)}) as {_q(k)}" for k in keys)
    diff_list = (
        "list_value("
        + ", ".join(f"case when not {e} then '{c}' end" for c, e in equal.items())
        + ")"
        if equal
        else "[]"
    )
    con.execute(
        f"""
        create or replace temp table cmp as
        select
            {key_of},
            p.{_q(keys[0])} is not null or p._present as in_project,
            b.{_q(keys[0])} is not null or b._present as in_baseline,
            list_filter({diff_list}, lambda c: c is not null) as differing,
            {", ".join(f"p.{_q(c)}::varchar as {_q('p_' + c)}" for c in values) or "null as p_"},
            {", ".join(f"b.{_q(c)}::varchar as {_q('b_' + c)}" for c in values) or "null as b_"}
        from (select *, true as _present from project.marts.{_q(mart)}) as p
        full outer join (select *, true as _present from baseline.marts.{_q(mart)}) as b
            on {on}
        """
    )
    [(total, only_project, only_baseline, differing, duplicates)] = con.execute(
        f"""
        select
            count(*),
            count(*) filter (where in_project and not coalesce(in_baseline, false)),
            count(*) filter (where in_baseline and not coalesce(in_project, false)),
            count(*) filter (where in_project and in_baseline and len(differing) > 0),
            (select count(*) - count(distinct ({", ".join(_q(k) for k in keys)}))
                from project.marts.{_q(mart)})
        from cmp
        """
    ).fetchall()
    samples = con.execute(
        f"""
        select * from cmp
        where not (coalesce(in_project, false) and coalesce(in_baseline, false))
            or len(differing) > 0
        order by {", ".join(_q(k) for k in keys)}
        limit {SAMPLE_ROWS}
        """
    ).df()
    rows = []
    for record in samples.to_dict("records"):
        row = {k: record[k] for k in keys}
        if not record["in_project"]:
            row["only_in"] = "baseline"
        elif not record["in_baseline"]:
            row["only_in"] = "project"
        else:
            row["columns"] = {
                c: {"project": record["p_" + c], "baseline": record["b_" + c]}
                for c in record["differing"]
            }
        rows.append(_plain(row))
    people = []
    if "person_id" in keys:
        people = [
            person
            for (person,) in con.execute(
                "select distinct person_id from cmp where not (coalesce(in_project, false) "
                "and coalesce(in_baseline, false)) or len(differing) > 0 order by 1"
            ).fetchall()
        ]
    equal_rows = total - only_project - only_baseline - differing
    return {
        "mart": mart,
        "key": keys,
        "compared_columns": values,
        "rows_project": total - only_baseline,
        "rows_baseline": total - only_project,
        "rows_total": total,
        "rows_equal": equal_rows,
        "only_in_project": only_project,
        "only_in_baseline": only_baseline,
        "differing": differing,
        "duplicate_keys_in_project": duplicates,
        "agrees": equal_rows == total and not duplicates,
        "first_mismatches": rows,
        "people_differing": people,
    }


def _plain(value):
    """JSON-friendly values (numpy scalars and NaN from pandas become Python values)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def compare(project_db: Path, baseline_db: Path) -> dict[str, dict]:
    """Every mart of KEYS compared; the project's warehouse is opened read-only."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{project_db}' as project (read_only)")
        con.execute(f"attach '{baseline_db}' as baseline (read_only)")
        return {mart: compare_mart(con, mart) for mart in KEYS}
    finally:
        con.close()


def summary_lines(result: dict[str, dict]) -> list[str]:
    lines = []
    for mart, item in result.items():
        if "error" in item:
            lines.append(f"{mart:<22} ERROR {item['error']}")
            continue
        lines.append(
            f"{mart:<22} {item['rows_equal']:>7,} / {item['rows_total']:>7,} rows equal"
            f"  (project {item['rows_project']:,}, baseline {item['rows_baseline']:,})"
            + ("" if item["agrees"] else "  MISMATCH")
        )
        for row in item["first_mismatches"]:
            lines.append(f"    {row}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--project", type=Path, required=True, help="the build's warehouse")
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline's database")
    parser.add_argument("--json", type=Path, help="write the comparison here as JSON")
    args = parser.parse_args(argv)
    result = compare(args.project.resolve(), args.baseline.resolve())
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
    print("\n".join(summary_lines(result)))
    return 0 if all(item.get("agrees") for item in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
