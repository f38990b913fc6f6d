"""`talentflow` command line (the README)."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from orchestration.settings import DBT_CHILD_EXECUTABLE, DBT_PROJECT_DIR, REPO_ROOT, Settings

# dbt's target of `talentflow unit-tests`, inside dbt_project/target (git-ignored)
UNIT_TARGET = str(DBT_PROJECT_DIR / "target" / "unit-tests")


def _dbt(settings: Settings, *args: str) -> int:
    """dbt ARGS with the settings' vars, as the build runs it (orchestration/dbt_child.py)."""
    command = [DBT_CHILD_EXECUTABLE, *args, "--vars", settings.dbt_vars()]
    return subprocess.call(command, cwd=DBT_PROJECT_DIR)


def build(settings: Settings) -> int:
    """Materialize every asset in-process; non-zero when any step or blocking check fails.
    The run is recorded in the Dagster instance that `make dev` serves."""
    import dagster as dg

    from orchestration.instance import ensure_instance
    from orchestration.runner import failures, landing_warnings, run_build

    ensure_instance(settings.dagster_home)
    # dbt's own log goes to a file (dagster-dbt echoes it to stdout); the terminal gets a bar
    dbt_log = settings.dagster_home / "last_build_dbt.log"
    with (
        dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance,
        dbt_log.open("w") as log,
        contextlib.redirect_stdout(log),
    ):
        result = run_build(settings, instance, progress=True)
    for warning in landing_warnings(result):
        print(f"WARNING {warning}", file=sys.stderr)
    for failure in failures(result):
        print(f"FAILED {failure}", file=sys.stderr)
    if not result.success:
        print(f"build FAILED: nothing was published (dbt's log: {dbt_log})", file=sys.stderr)
        return 1
    print(build_result(settings), file=sys.stderr)
    return 0


def build_result(settings: Settings) -> str:
    """What a successful build published: marts with their rows, rejected lines, where to look."""
    import duckdb

    from orchestration.defs.publish.publish import CURRENT, REPORT, current_manifest

    manifest = current_manifest(settings.publish_dir)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rejected = con.execute(
            "select source, rows_rejected from raw.landing_summary order by source"
        ).fetchall()
    current = settings.publish_dir / CURRENT
    opt_outs, corrections = manifest["opt_outs"], manifest["corrections"]
    return "\n".join(
        [
            f"build succeeded: snapshot {manifest['build_id']}",
            *(f"  {mart:<30} {rows:>10,} rows" for mart, rows in sorted(manifest["rows"].items())),
            "  rejected lines: "
            + ", ".join(f"{source} {count:,}" for source, count in rejected)
            + " (raw.rejected_records)",
            f"  opt-outs: {opt_outs['entries']} entries applied, "
            f"{opt_outs['people_dropped']} people dropped, "
            f"{opt_outs['entries_matching_nobody']} matching nobody"
            + (f" (lines {opt_outs['unmatched_lines']})" if opt_outs["unmatched_lines"] else "")
            + f", {opt_outs['entries_rejected']} rejected",
            f"  corrections: {corrections['applied']} applied, "
            f"{corrections['matching_nothing']} matching nothing"
            + (
                f" (lines {corrections['unmatched_lines']})"
                if corrections["unmatched_lines"]
                else ""
            )
            + f", {corrections['entries_rejected']} rejected (raw.rejected_records)",
            f"  published: {current}/ (marts.duckdb, *.parquet, manifest.json)",
            f"  report:    {current / REPORT}",
        ]
    )


def summary(settings: Settings) -> int:
    """A short look at what the build produced: row counts and the latest cohorts."""
    import duckdb

    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        print(f"warehouse {settings.warehouse}")
        for schema in ("raw", "marts"):
            tables = con.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "order by table_name",
                [schema],
            ).fetchall()
            for (table,) in tables:
                [(rows,)] = con.execute(f"select count(*) from {schema}.{table}").fetchall()
                print(f"  {schema}.{table:<32} {rows:>10,} rows")
        cohorts = con.execute(
            "select company_id, year, headcount, new_researchers, phd_share, fresh_grad_share "
            "from marts.researcher_cohorts "
            "qualify row_number() over (partition by company_id order by year desc) <= 3 "
            "order by company_id, year"
        ).df()
    print("\nlatest years of marts.researcher_cohorts:")
    print(cohorts.to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="talentflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser(
        "build", help="materialize every asset in-process through Dagster"
    )
    build_command.add_argument(
        "--accept-shrink",
        action="store_true",
        help="publish even when a source landed empty or a mart shrank against the current "
        "snapshot (TALENTFLOW_ACCEPT_SHRINK=1)",
    )
    fetch = commands.add_parser(
        "fetch", help="fetch OpenReview venues from the live API into the landing zone"
    )
    fetch.add_argument(
        "--venue",
        action="append",
        required=True,
        metavar="VENUE_ID",
        help="e.g. ICLR.cc/2024/Conference; repeat for more",
    )
    fetch.add_argument("--refresh", action="store_true", help="fetch venues already landed again")
    fetch.add_argument("--rpm", type=float, default=None, help="requests per minute (default 1.5)")
    commands.add_parser(
        "report", help="write report.html (the study's charts) beside the current published marts"
    )
    diff = commands.add_parser(
        "diff",
        help="what changed between two published builds (default: current against the kept "
        "build before it): rows added and removed, cells changed",
    )
    diff.add_argument(
        "--from",
        dest="from_build",
        metavar="BUILD_ID",
        help="the earlier build (default: the kept build before --to); a unique prefix will do",
    )
    diff.add_argument(
        "--to", dest="to_build", metavar="BUILD_ID", help="the later build (default: current)"
    )
    diff.add_argument(
        "--tolerance",
        type=float,
        metavar="X",
        help="a floating-point value (share, interval, average) changed when it moves by more "
        "than X (default 0.005); counts change on any difference",
    )
    explain = commands.add_parser(
        "explain",
        help="who stands behind a cell of a mart: its people, with the spells and papers that "
        "put them there and their source file and line (docs/methodology.md#provenance)",
    )
    explain.add_argument("mart", help="e.g. researcher_cohorts, company_inflows")
    explain.add_argument(
        "keys", nargs="+", metavar="KEY=VALUE", help="every key column of the cell (null: null)"
    )
    sensitivity = commands.add_parser(
        "sensitivity",
        help="rebuild the linking at several link thresholds on copies of the warehouse and "
        "report how the headline shares move",
    )
    sensitivity.add_argument(
        "--threshold",
        action="append",
        type=float,
        metavar="P",
        help="a link threshold; repeat for more (default 0.5 0.7 0.8 0.9 0.95 0.99; the "
        "build's is always added)",
    )
    commands.add_parser("summary", help="print row counts of the warehouse tables")
    commands.add_parser("dbt-parse", help="parse the dbt project (writes the manifest)")
    commands.add_parser(
        "unit-tests",
        help="run the dbt unit tests (each rule of the methodology on fixed inputs) against "
        "the built warehouse; builds run only the data tests",
    )
    sample = commands.add_parser("sample", help="write a realistic sample world (landing + truth)")
    sample.add_argument("--people", type=int, default=6000)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--out", type=Path, required=True)
    commands.add_parser(
        "data-docs", help="validate every GX suite and write GX Data Docs to data/gx_data_docs"
    )
    docs = commands.add_parser("docs", help="generate and serve the dbt docs")
    docs.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    if args.command == "build":
        return build(replace(settings, accept_shrink=settings.accept_shrink or args.accept_shrink))
    if args.command == "fetch":
        from orchestration.fetch.cli import run as fetch_venues

        return fetch_venues(
            args.venue, args.refresh, settings.landing_dir, requests_per_minute=args.rpm
        )
    if args.command == "report":
        from orchestration.defs.publish.publish import write_current_report

        print(f"report: {write_current_report(settings)}")
        return 0
    if args.command == "diff":
        from orchestration.diff import DEFAULT_TOLERANCE, NoSnapshot, diff_snapshots, resolve

        try:
            before, after = resolve(settings.publish_dir, args.from_build, args.to_build)
        except NoSnapshot as error:
            print(f"talentflow diff: {error}", file=sys.stderr)
            return 1
        tolerance = DEFAULT_TOLERANCE if args.tolerance is None else args.tolerance
        print(diff_snapshots(before, after, tolerance).text())
        return 0
    if args.command == "explain":
        from orchestration.explain import ExplainError, cell_keys, explain, text

        try:
            keys = cell_keys(args.mart, args.keys)
            members = explain(settings.warehouse, args.mart, keys, settings.as_of_year)
        except ExplainError as error:
            print(f"talentflow explain: {error}", file=sys.stderr)
            return 1
        print(text(args.mart, keys, members))
        return 0
    if args.command == "sensitivity":
        from orchestration.sensitivity import DEFAULT_THRESHOLDS
        from orchestration.sensitivity import run as run_sensitivity

        return run_sensitivity(settings, args.threshold or DEFAULT_THRESHOLDS)
    if args.command == "summary":
        return summary(settings)
    if args.command == "sample":
        from orchestration.sample.generator import generate

        counts = generate(args.out, args.people, args.seed)
        print(f"wrote {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
        return 0
    if args.command == "data-docs":
        from orchestration.defs.quality.suites import build_data_docs, load_suites

        index = build_data_docs(settings, REPO_ROOT / "data" / "gx_data_docs", load_suites())
        print(f"GX Data Docs: {index}")
        return 0
    if args.command == "dbt-parse":
        from orchestration.project import prepare_manifest

        prepare_manifest(settings)
        return 0
    if args.command == "unit-tests":
        # its own target path: the build's manifest beside the vars stamp stays as it is
        return _dbt(settings, "test", "--select", "test_type:unit", "--target-path", UNIT_TARGET)
    if args.command == "docs":
        return _dbt(settings, "docs", "generate") or _dbt(
            settings,
            "docs",
            "serve",
            "--no-browser",
            "--host",
            "127.0.0.1",
            "--port",
            str(args.port),
        )
    parser.error(f"unknown command {args.command}")
    return 2


def run() -> None:
    """The `talentflow` command: main(), then an exit that skips interpreter teardown.

    Great Expectations keeps DuckDB objects (connections, types) of its SQLAlchemy datasource in
    caches that live until the interpreter is torn down; DuckDB's bindings (nanobind) then print
    some 40 lines of `nanobind: leaked … instances!` after every build. Every file and connection
    of ours is closed by then, so the process ends here with its exit code: after the exit
    handlers (multiprocessing's among them) and the output are done, before the teardown."""
    code = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
