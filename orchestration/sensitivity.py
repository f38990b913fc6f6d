"""`talentflow sensitivity`: how the headline shares move with the splink link threshold
(docs/methodology.md#uncertainty).

The 95% Wilson intervals of the marts cover sampling variation only; linking errors are not in
them. This rebuilds the linking at several thresholds and reports, per company and era, how each
headline share moves, so that a reader can tell whether a conclusion depends on the threshold.

It works on copies of the working warehouse, never on the warehouse itself or the published
files: the warehouse is copied once (under a read lock, so never in the middle of a build's
write) and splink scores every candidate pair at the lowest threshold asked for, with the
build's own model (`score_pairs`; the build's table holds only the pairs at or above the build's
threshold, so lower thresholds could not be read from it). Then, for each threshold t, a copy
of that keeps the pairs at or above t — exactly what a build with link threshold t scores — and
`dbt build` rebuilds everything after the linking (`source:linking.splink_link_scores+`: links,
spells, metrics, marts, their data tests; not the unit tests, which test the SQL, not the data:
`talentflow unit-tests`) with the build's `--vars` but `link_threshold` = t. The headline shares
are then read from that copy's marts.

Headline shares, per focus company and era (`pre_llm` / `llm` of the cohort, join or leave year),
summed over the era's years:
  phd_share, phd_share_of_known, fresh_grad_share, overseas_education_share, linked_share
    (new_with_career_profile / new_researchers) — of the era's newcomers (researcher_cohorts);
  experienced_source:<category> — of the experienced hires (company_inflows, share of
    experienced);
  leaver_destination:<category> — of the leavers (leaver_destinations, share of leavers).

Staleness (docs/methodology.md#staleness): one more rebuild, at the build's threshold, with
stale open spells cut at their record's last edit (`cut_stale_spells`), gives each headline
share and each company's headcount in AS_OF_YEAR as they would be if a job nobody confirmed for
`stale_after_years` had ended then; a second table sets them beside the build's.

A share *depends on the threshold* when its range across the thresholds (max − min) exceeds the
width of its 95% Wilson interval at the build's threshold (Settings.link_threshold, always among
those run), or 5 percentage points; or when it is defined at some thresholds only (no one in its
denominator at the others). The table is printed and written beside the warehouse as
`<warehouse>.sensitivity.csv` and `.md`.
"""

from __future__ import annotations

import csv
import inspect
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import duckdb

from orchestration.defs.transform.assets import AFTER_LINKING, WITHOUT_UNIT_TESTS
from orchestration.settings import DBT_CHILD_EXECUTABLE, DBT_PROJECT_DIR, Settings

DEFAULT_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
SCORES_TABLE = "intermediate.splink_link_scores"
# a range above this many share points flags a share, whatever its interval
MAX_RANGE = 0.05
STATISTICS_MACROS = DBT_PROJECT_DIR / "macros" / "statistics.sql"


class SensitivityError(RuntimeError):
    """A step of the sensitivity run failed; the message says which and why."""


# ---------------------------------------------------------------------------------------------
# the Wilson interval: the dbt macro itself, rendered for DuckDB


class _Exceptions:
    @staticmethod
    def raise_compiler_error(message: str) -> None:
        raise ValueError(message)


@cache
def _statistics_module():
    import jinja2

    source = STATISTICS_MACROS.read_text(encoding="utf-8")
    return jinja2.Environment().from_string(source).make_module({"exceptions": _Exceptions()})


def wilson_sql(successes: str, n: str, bound: str) -> str:
    """The SQL of macro wilson_interval (dbt_project/macros/statistics.sql) for these column
    expressions: one definition of the interval for the marts, this report and the tests."""
    return str(_statistics_module().wilson_interval(successes, n, bound))


# ---------------------------------------------------------------------------------------------
# headline shares of one warehouse


def _era(year: str, settings: Settings) -> str:
    return f"case when {year} >= {settings.llm_era_start_year} then 'llm' else 'pre_llm' end"


def _category_shares(metric: str, cells: str) -> str:
    """Each category's share of a company's and era's cells, as successes of n (a category
    found elsewhere but not in this company and era counts 0)."""
    return f"""
        select '{metric}:' || categories.category as metric, totals.company_id, totals.era,
            coalesce(sum({cells}.researchers), 0) as successes,
            any_value(totals.n) as n
        from (select company_id, era, sum(researchers) as n from {cells} group by all) as totals
        cross join (select distinct category from {cells}) as categories
        left join {cells}
            on {cells}.company_id = totals.company_id and {cells}.era = totals.era
                and {cells}.category = categories.category
        group by all
    """


def headline_sql(settings: Settings) -> str:
    """One row per headline share, company and era: (metric, company_id, era, successes, n,
    share, ci_low, ci_high), from the marts of a built warehouse."""
    cohort_metrics = {
        "phd_share": ("new_with_phd", "new_researchers"),
        "phd_share_of_known": ("new_with_education_and_phd", "new_with_education"),
        "fresh_grad_share": ("fresh_grads", "new_researchers"),
        "overseas_education_share": ("overseas_educated", "new_researchers"),
        "linked_share": ("new_with_career_profile", "new_researchers"),
    }
    cohorts = " union all ".join(
        f"""
        select '{metric}' as metric, company_id, {_era("year", settings)} as era,
            sum({successes}) as successes, sum({n}) as n
        from marts.researcher_cohorts group by all
        """
        for metric, (successes, n) in cohort_metrics.items()
    )
    return f"""
    with
    cohorts as ({cohorts}),
    sources as (
        select company_id, {_era("join_year", settings)} as era, source_category as category,
            researchers
        from marts.company_inflows
        where source_category not in ('fresh_graduate', 'unknown')
    ),
    source_shares as ({_category_shares("experienced_source", "sources")}),
    leavers as (
        select company_id, {_era("leave_year", settings)} as era,
            destination_category as category, researchers
        from marts.leaver_destinations
    ),
    leaver_shares as ({_category_shares("leaver_destination", "leavers")}),
    counts as (
        select metric, company_id, era, cast(successes as bigint) as successes,
            cast(n as bigint) as n
        from (
            select * from cohorts
            union all select * from source_shares
            union all select * from leaver_shares
        )
    )
    select
        metric, company_id, era, successes, n,
        cast(successes as double) / nullif(n, 0) as share,
        {wilson_sql("successes", "n", "low")} as ci_low,
        {wilson_sql("successes", "n", "high")} as ci_high
    from counts
    order by metric, company_id, era
    """


@dataclass(frozen=True)
class Share:
    successes: int
    n: int
    share: float | None
    ci_low: float | None
    ci_high: float | None


Key = tuple[str, str, str]  # metric, company_id, era


def headline_shares(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[Key, Share]:
    return {
        (metric, company, era): Share(successes, n, share, low, high)
        for metric, company, era, successes, n, share, low, high in con.execute(
            headline_sql(settings)
        ).fetchall()
    }


# ---------------------------------------------------------------------------------------------
# the rebuilds


def _score_pairs(con: duckdb.DuckDBPyConnection, settings: Settings, threshold: float) -> int:
    """The build's own scoring (the splink asset's call), at `threshold`."""
    from orchestration.defs.linking.splink_model import drop_working_tables, score_pairs

    arguments = {"as_of_year": settings.as_of_year}  # the model's other settings, if it takes them
    accepted = inspect.signature(score_pairs).parameters
    drop_working_tables(con)
    pairs = score_pairs(con, threshold, **{k: v for k, v in arguments.items() if k in accepted})
    drop_working_tables(con)
    return pairs


def _copy_warehouse(source: Path, target: Path) -> None:
    """Copy the warehouse file (and a write-ahead log, if any) while holding a read lock on it,
    so that no build writes it meanwhile."""
    if not source.exists():
        raise SensitivityError(f"no warehouse at {source}: run `talentflow build` first")
    try:
        lock = duckdb.connect(str(source), read_only=True)
    except duckdb.Error as error:
        raise SensitivityError(f"cannot read {source} (a build holding it?): {error}") from error
    try:
        shutil.copyfile(source, target)
        wal = source.with_name(source.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    finally:
        lock.close()


def _connect(settings: Settings) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(settings.warehouse), config=settings.duckdb_config)


def _dbt_build(settings: Settings, workdir: Path) -> None:
    """`dbt build` of the models after the linking, in the copy `settings.warehouse`; its
    target and logs stay in `workdir`, out of the repo."""
    command = [
        DBT_CHILD_EXECUTABLE,
        "build",
        "--select",
        AFTER_LINKING,
        # (one unit test written for the default threshold would fail at any other)
        *WITHOUT_UNIT_TESTS,
        "--vars",
        settings.dbt_vars(),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
    ]
    result = subprocess.run(
        command, cwd=DBT_PROJECT_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise SensitivityError(
            f"dbt build at link threshold {settings.link_threshold} failed:\n{tail}"
        )


def thresholds_to_run(settings: Settings, thresholds: Iterable[float]) -> list[float]:
    """The thresholds asked for and the build's own, sorted, each in (0, 1]."""
    chosen = sorted({float(t) for t in thresholds} | {float(settings.link_threshold)})
    bad = [t for t in chosen if not 0 < t <= 1]
    if bad:
        raise SensitivityError(f"a link threshold is a probability in (0, 1], not {bad}")
    return chosen


def measure(
    settings: Settings, thresholds: Iterable[float], workdir: Path | None = None
) -> dict[float, dict[Key, Share]]:
    """The headline shares at each threshold (and at the build's), each from a rebuilt copy."""
    chosen = thresholds_to_run(settings, thresholds)
    results: dict[float, dict[Key, Share]] = {}
    with tempfile.TemporaryDirectory(prefix="talentflow-sensitivity-", dir=workdir) as tmp:
        root = Path(tmp)
        base = replace(settings, warehouse=root / "scored.duckdb")
        _copy_warehouse(settings.warehouse, base.warehouse)
        print(f"scoring candidate pairs at {chosen[0]} …", file=sys.stderr)
        try:
            with _connect(base) as con:
                _score_pairs(con, base, chosen[0])
        except duckdb.Error as error:  # e.g. a warehouse whose build stopped before linking
            raise SensitivityError(f"scoring the candidate pairs failed: {error}") from error
        for threshold in chosen:
            print(f"rebuilding at link threshold {threshold} …", file=sys.stderr)
            run = replace(settings, warehouse=root / "rebuilt.duckdb", link_threshold=threshold)
            shutil.copyfile(base.warehouse, run.warehouse)
            with _connect(run) as con:
                con.execute(f"delete from {SCORES_TABLE} where match_probability < ?", [threshold])
            _dbt_build(run, root)
            with duckdb.connect(str(run.warehouse), read_only=True) as con:
                results[threshold] = headline_shares(con, run)
            run.warehouse.unlink()
            shutil.rmtree(root / "rebuilt.duckdb.tmp", ignore_errors=True)
    return results


def measure_stale_cut(
    settings: Settings, workdir: Path | None = None
) -> tuple[dict[Key, Share], dict[str, tuple[int, int]]]:
    """The headline shares with stale open spells cut at their record's last edit, and each
    company's (headcount, cut headcount) in AS_OF_YEAR, from a rebuilt copy."""
    with tempfile.TemporaryDirectory(prefix="talentflow-sensitivity-", dir=workdir) as tmp:
        root = Path(tmp)
        run = replace(settings, warehouse=root / "cut.duckdb", cut_stale_spells=True)
        _copy_warehouse(settings.warehouse, run.warehouse)
        print("rebuilding with stale open spells cut …", file=sys.stderr)
        _dbt_build(run, root)
        headcount_sql = (
            "select company_id, headcount from marts.researcher_cohorts where year = ? "
            "order by company_id"
        )
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            before = dict(con.execute(headcount_sql, [settings.as_of_year]).fetchall())
        with duckdb.connect(str(run.warehouse), read_only=True) as con:
            shares = headline_shares(con, run)
            after = dict(con.execute(headcount_sql, [settings.as_of_year]).fetchall())
    return shares, {company: (before[company], after.get(company, 0)) for company in before}


# ---------------------------------------------------------------------------------------------
# the report


@dataclass(frozen=True)
class Row:
    metric: str
    company_id: str
    era: str
    shares: dict[float, Share | None]
    reference: Share | None
    range: float | None
    depends_on_threshold: bool
    reason: str


def _isnan(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def compare(
    results: dict[float, dict[Key, Share]], reference: float, max_range: float = MAX_RANGE
) -> list[Row]:
    """One row per headline share seen at any threshold (category shares only where some
    threshold counts someone in the category), with the verdict."""
    keys = sorted({key for shares in results.values() for key in shares})
    rows = []
    for key in keys:
        shares = {t: results[t].get(key) for t in sorted(results)}
        if key[0].startswith(("experienced_source:", "leaver_destination:")) and not any(
            s and s.successes for s in shares.values()
        ):
            continue
        defined = [s.share for s in shares.values() if s and not _isnan(s.share)]
        if not defined:
            continue
        spread = max(defined) - min(defined)
        ref = shares.get(reference)
        width = (
            None
            if ref is None or _isnan(ref.ci_low) or _isnan(ref.ci_high)
            else ref.ci_high - ref.ci_low
        )
        reasons = []
        if len(defined) < len(shares):
            reasons.append("defined at some thresholds only")
        # a tolerance: shares equal up to rounding never move
        if width is not None and spread > width + 1e-12:
            reasons.append("range > 95% CI width")
        if spread > max_range + 1e-12:
            reasons.append(f"range > {max_range * 100:g} points")
        rows.append(Row(*key, shares, ref, spread, bool(reasons), "; ".join(reasons)))
    return rows


def label(threshold: float) -> str:
    """A threshold as the report's columns name it: `share@0.9`."""
    return repr(float(threshold))


def _fmt(value: float | None, digits: int = 3) -> str:
    return "" if _isnan(value) else f"{value:.{digits}f}"


def write_csv(rows: Sequence[Row], thresholds: Sequence[float], reference: float, path: Path):
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "metric",
                "company_id",
                "era",
                *(f"{name}@{label(t)}" for t in thresholds for name in ("share", "successes", "n")),
                f"ci_low@{label(reference)}",
                f"ci_high@{label(reference)}",
                "range",
                "depends_on_threshold",
                "reason",
            ]
        )
        for row in rows:
            cells = []
            for t in thresholds:
                share = row.shares.get(t)
                cells += (
                    ["", "", ""]
                    if share is None
                    else [
                        "" if _isnan(share.share) else repr(share.share),
                        share.successes,
                        share.n,
                    ]
                )
            ref = row.reference
            writer.writerow(
                [
                    row.metric,
                    row.company_id,
                    row.era,
                    *cells,
                    "" if ref is None or _isnan(ref.ci_low) else repr(ref.ci_low),
                    "" if ref is None or _isnan(ref.ci_high) else repr(ref.ci_high),
                    repr(row.range),
                    str(row.depends_on_threshold).lower(),
                    row.reason,
                ]
            )


def markdown(rows: Sequence[Row], thresholds: Sequence[float], reference: float) -> str:
    header = [
        "metric",
        "company",
        "era",
        *(f"@{label(t)}" + (" (build)" if t == reference else "") for t in thresholds),
        f"95% CI @{label(reference)}",
        "range",
        "depends on threshold?",
    ]
    lines = [
        f"Headline shares by link threshold (share, n = its denominator). The build's threshold "
        f"is {label(reference)}; a share depends on the threshold when its range across thresholds "
        f"exceeds its 95% Wilson interval's width there or {MAX_RANGE * 100:g} points. The "
        "intervals cover sampling variation only.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in rows:
        cells = []
        for t in thresholds:
            share = row.shares.get(t)
            cells.append(
                "" if share is None or _isnan(share.share) else f"{share.share:.3f} (n={share.n})"
            )
        ref = row.reference
        ci = (
            ""
            if ref is None or _isnan(ref.ci_low)
            else f"[{_fmt(ref.ci_low)}, {_fmt(ref.ci_high)}]"
        )
        verdict = f"**yes**: {row.reason}" if row.depends_on_threshold else "no"
        lines.append(
            "| "
            + " | ".join(
                [row.metric, row.company_id, row.era, *cells, ci, _fmt(row.range), verdict]
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def _cell(share: Share | None) -> str:
    return "" if share is None or _isnan(share.share) else f"{share.share:.3f} (n={share.n})"


def stale_markdown(
    build: dict[Key, Share],
    cut: dict[Key, Share],
    headcounts: dict[str, tuple[int, int]],
    settings: Settings,
) -> str:
    """The build's headline shares beside those with stale open spells cut, and the headcounts."""
    lines = [
        f"With stale open spells cut at their record's last edit (an open spell is stale when "
        f"its newest record was last modified more than {settings.stale_after_years} years "
        f"before {settings.as_of_year}):",
        "",
        "| company | headcount " + str(settings.as_of_year) + " | cut | change |",
        "|---|---|---|---|",
        *(
            f"| {company} | {before} | {after} | {after - before:+d} |"
            for company, (before, after) in sorted(headcounts.items())
        ),
        "",
        "| metric | company | era | build | cut | change |",
        "|---|---|---|---|---|---|",
    ]
    for key in sorted(set(build) | set(cut)):
        was, now = build.get(key), cut.get(key)
        if was and now and was.successes == now.successes and was.n == now.n:
            continue  # unchanged
        change = (
            ""
            if was is None or now is None or _isnan(was.share) or _isnan(now.share)
            else f"{now.share - was.share:+.3f}"
        )
        lines.append(f"| {' | '.join(key)} | {_cell(was)} | {_cell(now)} | {change} |")
    if lines[-1].startswith("|---"):
        lines.append("| (no headline share moves) | | | | | |")
    return "\n".join(lines) + "\n"


def report_paths(settings: Settings) -> tuple[Path, Path]:
    stem = settings.warehouse.with_name(settings.warehouse.name + ".sensitivity")
    return stem.with_suffix(stem.suffix + ".csv"), stem.with_suffix(stem.suffix + ".md")


def run(
    settings: Settings,
    thresholds: Iterable[float] = DEFAULT_THRESHOLDS,
    workdir: Path | None = None,
) -> int:
    """`talentflow sensitivity`: measure, print the table, write it as CSV and Markdown beside
    the warehouse. 0 when every rebuild succeeded (whatever the verdicts), else 1."""
    try:
        chosen = thresholds_to_run(settings, thresholds)
        results = measure(settings, chosen, workdir)
        cut, headcounts = measure_stale_cut(settings, workdir)
    except SensitivityError as error:
        print(f"sensitivity FAILED: {error}", file=sys.stderr)
        return 1
    rows = compare(results, settings.link_threshold)
    table = (
        markdown(rows, chosen, settings.link_threshold)
        + "\n"
        + stale_markdown(results[settings.link_threshold], cut, headcounts, settings)
    )
    csv_path, md_path = report_paths(settings)
    write_csv(rows, chosen, settings.link_threshold, csv_path)
    md_path.write_text(table, encoding="utf-8")
    print(table)
    flagged = sum(row.depends_on_threshold for row in rows)
    print(
        f"{flagged} of {len(rows)} headline shares depend on the link threshold; "
        f"written to {csv_path} and {md_path}",
        file=sys.stderr,
    )
    return 0
