"""The publish asset: runs only when every blocking check upstream of it has passed."""

import dagster as dg

from orchestration.defs.publish.publish import CURRENT, REPORT, publish
from orchestration.settings import Settings


def published_marts(marts: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """Publishes the given mart assets (the dbt models of models/marts) as one snapshot."""

    @dg.asset(
        key=["published", "marts"],
        deps=marts,
        group_name="published",
        kinds={"duckdb", "parquet"},
        description="A snapshot of the checked marts (marts.duckdb, one Parquet file per mart, "
        "manifest.json, report.html) in TALENTFLOW_PUBLISH_DIR/snapshots, made current "
        "atomically: BI tools read TALENTFLOW_PUBLISH_DIR/current. Person ids pseudonymized "
        "unless TALENTFLOW_PUBLISH_IDENTIFIERS=1.",
    )
    def published(talentflow: dg.ResourceParam[Settings]):
        manifest = publish(talentflow, [key.path[-1] for key in marts])
        return dg.MaterializeResult(
            metadata={
                "current": dg.MetadataValue.path(str(talentflow.publish_dir / CURRENT)),
                "report": dg.MetadataValue.url(
                    (talentflow.publish_dir / CURRENT / REPORT).resolve().as_uri()
                ),
                "build_id": manifest["build_id"],
                "identifiers": manifest["identifiers"],
                **{f"rows_{mart}": count for mart, count in manifest["rows"].items()},
            }
        )

    return published
