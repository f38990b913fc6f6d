"""The publish step: runs only when every blocking check upstream of it has passed. It writes
one snapshot — the marts and the report drawn from them — so both assets come from one op."""

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.publish.publish import CURRENT, REPORT, current_snapshot, publish
from orchestration.diff import diff_snapshots
from orchestration.settings import Settings

PUBLISHED_MARTS = dg.AssetKey(["published", "marts"])
REPORT_ASSET = dg.AssetKey(["published", "report"])


def published_marts(marts: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """Publishes the given mart assets (the dbt models of models/marts) as one snapshot."""

    def spec(key: dg.AssetKey, kinds: set[str], description: str) -> dg.AssetSpec:
        return dg.AssetSpec(
            key, deps=marts, group_name="published", kinds=kinds, description=description
        )

    @dg.multi_asset(
        specs=[
            spec(
                PUBLISHED_MARTS,
                {"duckdb", "parquet"},
                "A snapshot of the checked marts (marts.duckdb, one Parquet file per mart, "
                "manifest.json) in TALENTFLOW_PUBLISH_DIR/snapshots, made current atomically: "
                "BI tools read TALENTFLOW_PUBLISH_DIR/current. Person ids pseudonymized unless "
                "TALENTFLOW_PUBLISH_IDENTIFIERS=1; small cells suppressed.",
            ),
            spec(
                REPORT_ASSET,
                {"html", "plotly"},
                "report.html in the same snapshot: the study's charts drawn from the published "
                "marts, one self-contained page (talentflow report draws it again).",
            ),
        ],
        name="publish",
    )
    def published(talentflow: dg.ResourceParam[Settings]):
        previous = current_snapshot(talentflow.publish_dir)
        manifest = publish(talentflow, [key.path[-1] for key in marts])
        current = talentflow.publish_dir / CURRENT
        yield dg.MaterializeResult(
            asset_key=PUBLISHED_MARTS,
            metadata={
                "current": dg.MetadataValue.path(str(current)),
                "build_id": manifest["build_id"],
                "identifiers": manifest["identifiers"],
                **{f"rows_{mart}": count for mart, count in manifest["rows"].items()},
                # counts, never who (docs/methodology.md#opt-outs), and the corrections' lines
                **{
                    f"opt_outs_{k}": v
                    for k, v in manifest["opt_outs"].items()
                    if k != "unmatched_lines"
                },
                **{f"corrections_{k}": v for k, v in manifest["corrections"].items()},
                **changes(previous, current.resolve()),
            },
        )
        yield dg.MaterializeResult(
            asset_key=REPORT_ASSET,
            metadata={
                "report": dg.MetadataValue.url((current / REPORT).resolve().as_uri()),
                "build_id": manifest["build_id"],
            },
        )

    return published


def changes(previous: Path | None, snapshot: Path) -> dict:
    """What this publish changed against the snapshot current before it (talentflow diff)."""
    if previous is None or not previous.exists():  # the first build, or pruned (keep_snapshots=1)
        return {"changes": dg.MetadataValue.md("No earlier snapshot to compare with.")}
    try:
        diff = diff_snapshots(previous, snapshot)
    except duckdb.Error as error:
        # the new snapshot is current already: failing the step would misreport the build
        return {"changes": dg.MetadataValue.md(f"Could not compare with {previous.name}: {error}")}
    return {
        "changed_from": previous.name,
        **diff.totals,
        "changes": dg.MetadataValue.md(diff.markdown()),
    }
