"""Blocking checks that keep a build from publishing worse than what readers have now, unless
the user accepts it: a source that lands empty when the current snapshot had rows from it, and
a mart that loses more than max_shrink_share of the current snapshot's rows."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.landing.jsonl import SOURCES, Source
from orchestration.defs.publish.publish import current_manifest
from orchestration.resources import connect
from orchestration.settings import Settings


def shrink_checks(marts: list[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    return [*(_source_check(source) for source in SOURCES), *(_mart_check(key) for key in marts)]


def _source_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", source.name]),
        name="not_emptied",
        blocking=True,
        description="Blocks the publish when this source lands empty but the current published "
        "snapshot had rows from it (talentflow build --accept-shrink publishes it anyway).",
    )
    def check(talentflow: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        manifest = current_manifest(talentflow.publish_dir)
        published = {s["source"]: s["rows_landed"] for s in (manifest or {}).get("sources", [])}
        before = published.get(source.name, 0)
        with connect(talentflow, read_only=True) as con:
            [(now,)] = con.execute(f"select count(*) from {source.table}").fetchall()
        worse = before > 0 and now == 0
        return _verdict(talentflow, f"source {source.name} landed empty", worse, before, now)

    return check


def _mart_check(key: dg.AssetKey) -> dg.AssetChecksDefinition:
    mart = key.path[-1]

    @dg.asset_check(
        asset=key,
        name="not_shrunk",
        blocking=True,
        description="Blocks the publish when this mart loses more than TALENTFLOW_MAX_SHRINK_SHARE "
        "(default 50%) of the rows of the current published snapshot (talentflow build "
        "--accept-shrink publishes it anyway).",
    )
    def check(talentflow: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        manifest = current_manifest(talentflow.publish_dir)
        before = (manifest or {}).get("rows", {}).get(mart, 0)
        with connect(talentflow, read_only=True) as con:
            [(now,)] = con.execute(f"select count(*) from {'.'.join(key.path)}").fetchall()
        drop = (before - now) / before if before else 0.0
        worse = drop > talentflow.max_shrink_share
        return _verdict(talentflow, f"mart {mart} lost {drop:.0%} of its rows", worse, before, now)

    return check


def _verdict(
    settings: Settings, what: str, worse: bool, published: int, candidate: int
) -> dg.AssetCheckResult:
    if not worse:
        message = "no worse than the current snapshot"
    elif settings.accept_shrink:
        message = f"{what} (published {published:,} rows, now {candidate:,}): accepted"
    else:
        message = (
            f"{what} (published {published:,} rows, now {candidate:,}); nothing is published. "
            "Fix the input, or publish it on purpose with talentflow build --accept-shrink."
        )
    return dg.AssetCheckResult(
        passed=not worse or settings.accept_shrink,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"published_rows": published, "candidate_rows": candidate, "message": message},
    )
