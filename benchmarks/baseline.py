"""Runs benchmarks/baseline.sql, the plain-SQL baseline, on a fresh DuckDB database.

    .venv/bin/python -m benchmarks.baseline --landing DIR --database FILE \\
        [--as-of-year 2025] [--home-country CN] [--link-threshold 0.9] [--json FILE]

Fills in the script's ${...} parameters (the landing zone's files as SQL lists, the seeds and
the ROR subset of dbt_project/, the as-of year, the home country, the link threshold), runs its
statements one by one and prints (or writes) the seconds each took. The marts land in schema
`marts` of the database, which is replaced if it exists.

One step is not SQL. Where the script has the line `-- @score_pairs`, the probabilistic
linking runs: the project's own splink model, `score_pairs` of
orchestration/defs/linking/splink_model.py, called on this script's connection exactly as the
Dagster asset intermediate/splink_link_scores calls it (working tables dropped before and
after). It reads the tables the script has built by then in schema `intermediate`, shaped like
the dbt models it reads in the project (int_linkage_records, int_linkage_organizations,
int_exact_links), and writes intermediate.splink_link_scores, which the script's one-to-one
assignment reads. Its seconds (and those of importing splink) are reported on their own:
`splink_seconds`, `splink_import_seconds`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("baseline.sql")
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
ROR_CSV = REPO_ROOT / "dbt_project" / "reference" / "ror" / "ror_subset.csv"
SOURCES = {
    "OPENREVIEW_PROFILES": "openreview/profiles",
    "OPENREVIEW_NOTES": "openreview/notes",
    "CAREER_PROFILES": "careers/profiles",
    "GITHUB_USERS": "careers/github",
}
PARAMETER = re.compile(r"\$\{([A-Z_]+)\}")
# the line of the script where the project's splink step runs
SPLINK_STEP = re.compile(r"^-- @score_pairs[ \t]*$", re.MULTILINE)
SPLINK_LABEL = "score_pairs (the project's splink model)"


def _sql_string(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _files(landing: Path, folder: str, empty: Path) -> str:
    """The source's files as a SQL list; a missing source reads as one empty file."""
    directory = landing / folder
    files = (
        sorted(p for p in directory.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))
        if directory.is_dir()
        else []
    )
    return "[" + ", ".join(_sql_string(p) for p in (files or [empty])) + "]"


def render(
    landing: Path, as_of_year: int, home_country: str, link_threshold: float, empty: Path
) -> str:
    """The script with every parameter filled in."""
    values = {name: _files(landing, folder, empty) for name, folder in SOURCES.items()}
    values |= {
        "SEED_ORGANIZATIONS": _sql_string(SEEDS / "organizations.csv"),
        "SEED_ALIASES": _sql_string(SEEDS / "organization_aliases.csv"),
        "SEED_DOMAINS": _sql_string(SEEDS / "organization_domains.csv"),
        "SEED_FOCUS": _sql_string(SEEDS / "focus_companies.csv"),
        "SEED_ROLE_PATTERNS": _sql_string(SEEDS / "role_patterns.csv"),
        "ROR_CSV": _sql_string(ROR_CSV),
        "AS_OF_YEAR": str(int(as_of_year)),
        "HOME_COUNTRY": re.sub(r"[^A-Z]", "", home_country.upper()),
        "LINK_THRESHOLD": repr(float(link_threshold)),
    }
    return PARAMETER.sub(lambda match: values[match.group(1)], SCRIPT.read_text("utf-8"))


def statements(script: str) -> list[tuple[str, str]]:
    """(label, statement) pairs: statements end with a semicolon at the end of a line."""
    result = []
    for chunk in re.split(r";[ \t]*\n", script):
        lines = [line for line in chunk.splitlines() if not line.strip().startswith("--")]
        sql = "\n".join(lines).strip()
        if sql:
            words = sql.split()
            # "CREATE TEMP TABLE x AS" → "x"; "SET a = b" → "SET a"
            label = words[words.index("AS") - 1] if "AS" in words[:8] else " ".join(words[:2])
            result.append((label, sql))
    return result


def parts(script: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The statements before the splink step and those after it."""
    pieces = SPLINK_STEP.split(script)
    if len(pieces) != 2:
        raise ValueError("baseline.sql must have exactly one line `-- @score_pairs`")
    return statements(pieces[0]), statements(pieces[1])


def splink_step(con: duckdb.DuckDBPyConnection, link_threshold: float, as_of_year: int) -> dict:
    """The probabilistic linking, by the project's own code, as the Dagster asset
    intermediate/splink_link_scores runs it; its seconds and what it read."""
    began = time.perf_counter()
    from orchestration.defs.linking import splink_model

    imported = time.perf_counter()
    # the project's connections keep DuckDB's default insertion order
    con.execute("RESET preserve_insertion_order")
    splink_model.drop_working_tables(con)
    pairs = splink_model.score_pairs(con, link_threshold, as_of_year)
    splink_model.drop_working_tables(con)
    con.execute("SET preserve_insertion_order = false")
    done = time.perf_counter()
    read = {}
    for side in ("openreview", "career"):
        try:  # the records splink read (score_pairs' own working tables)
            [(read[side],)] = con.execute(f"select count(*) from linkage_{side}").fetchall()
        except duckdb.Error:
            read[side] = None
    counts = [n for n in read.values() if n is not None]
    return {
        "import_seconds": imported - began,
        "seconds": done - imported,
        "scored_pairs": pairs,
        "splink_openreview": read["openreview"],
        "splink_career": read["career"],
        "u_estimated": (len(counts) == 2 and min(counts) >= splink_model.U_ESTIMATION_MIN_RECORDS),
    }


def run(
    landing: Path,
    database: Path,
    as_of_year: int = 2025,
    home_country: str = "CN",
    link_threshold: float = 0.9,
) -> dict:
    """Build the baseline marts into `database` (replaced); the seconds of every statement and
    of the splink step."""
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    timings: list[dict] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="talentflow-baseline-") as scratch:
        empty = Path(scratch) / "empty.jsonl"
        empty.touch()
        script = render(landing, as_of_year, home_country, link_threshold, empty)
        before, after = parts(script)
        con = duckdb.connect(str(database))
        try:
            con.execute(f"SET temp_directory = {_sql_string(Path(scratch) / 'spill')}")

            def execute(steps: list[tuple[str, str]]) -> None:
                for label, sql in steps:
                    began = time.perf_counter()
                    con.execute(sql)
                    timings.append({"statement": label, "seconds": time.perf_counter() - began})

            execute(before)
            splink = splink_step(con, link_threshold, as_of_year)
            timings.append({"statement": SPLINK_LABEL, "seconds": splink["seconds"]})
            execute(after)
            [stats] = con.execute("select * from marts.baseline_stats").df().to_dict("records")
        finally:
            con.close()
    seconds = time.perf_counter() - start
    stats = {k: (v.item() if hasattr(v, "item") else v) for k, v in stats.items()}
    stats |= {k: splink[k] for k in ("splink_openreview", "splink_career", "u_estimated")}
    return {
        "seconds": seconds,
        "splink_seconds": splink["seconds"],
        "splink_import_seconds": splink["import_seconds"],
        # the script's own work: everything but importing and running the project's splink
        "sql_seconds": seconds - splink["seconds"] - splink["import_seconds"],
        "statements": timings,
        "stats": stats,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--as-of-year", type=int, default=2025)
    parser.add_argument("--home-country", default="CN")
    parser.add_argument("--link-threshold", type=float, default=0.9)
    parser.add_argument("--json", type=Path, help="write the timings here as JSON")
    args = parser.parse_args(argv)
    result = run(
        args.landing.resolve(),
        args.database.resolve(),
        args.as_of_year,
        args.home_country,
        args.link_threshold,
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    slowest = sorted(result["statements"], key=lambda s: -s["seconds"])[:8]
    print(
        f"baseline: {result['seconds']:.2f} s into {args.database}, of which "
        f"{result['splink_seconds']:.2f} s in the project's splink model (and "
        f"{result['splink_import_seconds']:.2f} s importing it)",
        file=sys.stderr,
    )
    for item in slowest:
        print(f"  {item['seconds']:7.2f} s  {item['statement']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
