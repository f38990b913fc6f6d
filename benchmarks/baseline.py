"""Runs benchmarks/baseline.sql, the plain-SQL baseline, on a fresh DuckDB database.

    .venv/bin/python -m benchmarks.baseline --landing DIR --database FILE \\
        [--as-of-year 2025] [--home-country CN] [--link-threshold 0.9] [--json FILE]

Fills in the script's ${...} parameters (the landing zone's files as SQL lists, the seeds and
the ROR subset of dbt_project/, the as-of year, the home country, the link threshold), runs its
statements one by one and prints (or writes) the seconds each took. The marts land in schema
`marts` of the database, which is replaced if it exists.
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


def run(
    landing: Path,
    database: Path,
    as_of_year: int = 2025,
    home_country: str = "CN",
    link_threshold: float = 0.9,
) -> dict:
    """Build the baseline marts into `database` (replaced); the seconds of every statement."""
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    timings: list[dict] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="talentflow-baseline-") as scratch:
        empty = Path(scratch) / "empty.jsonl"
        empty.touch()
        script = render(landing, as_of_year, home_country, link_threshold, empty)
        con = duckdb.connect(str(database))
        try:
            con.execute(f"SET temp_directory = {_sql_string(Path(scratch) / 'spill')}")
            for label, sql in statements(script):
                began = time.perf_counter()
                con.execute(sql)
                timings.append({"statement": label, "seconds": time.perf_counter() - began})
            [stats] = con.execute("select * from marts.baseline_stats").df().to_dict("records")
        finally:
            con.close()
    return {
        "seconds": time.perf_counter() - start,
        "statements": timings,
        "stats": {
            key: (value.item() if hasattr(value, "item") else value) for key, value in stats.items()
        },
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
    print(f"baseline: {result['seconds']:.2f} s into {args.database}", file=sys.stderr)
    for item in slowest:
        print(f"  {item['seconds']:7.2f} s  {item['statement']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
