"""The publish step: runs only when every blocking check upstream of it has passed. It writes
one snapshot — the marts and the report drawn from them — so both assets come from one op."""

import dagster as dg

from orchestration.defs.publish.publish import CURRENT, REPORT, publish
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
        manifest = publish(talentflow, [key.path[-1] for key in marts])
        current = talentflow.publish_dir / CURRENT
        yield dg.MaterializeResult(
            asset_key=PUBLISHED_MARTS,
            metadata={
                "current": dg.MetadataValue.path(str(current)),
                "build_id": manifest["build_id"],
                "identifiers": manifest["identifiers"],
                **{f"rows_{mart}": count for mart, count in manifest["rows"].items()},
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
