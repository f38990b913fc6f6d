"""The publish asset: runs only when every blocking check upstream of it has passed."""

import dagster as dg

from orchestration.defs.publish.publish import publish
from orchestration.settings import Settings


def published_marts(marts: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """Publishes the given mart assets (the dbt models of models/marts)."""

    @dg.asset(
        key=["published", "marts"],
        deps=marts,
        group_name="published",
        kinds={"duckdb", "parquet"},
        description="marts.duckdb and one Parquet file per mart in TALENTFLOW_PUBLISH_DIR, "
        "written beside the old files and renamed into place; person ids pseudonymized unless "
        "TALENTFLOW_PUBLISH_IDENTIFIERS=1.",
    )
    def published(talentflow: dg.ResourceParam[Settings]):
        names = [key.path[-1] for key in marts]
        rows = publish(talentflow, names)
        return dg.MaterializeResult(
            metadata={
                "publish_dir": dg.MetadataValue.path(str(talentflow.publish_dir)),
                "identifiers": "published as they are"
                if talentflow.publish_identifiers
                else "pseudonymized",
                **{f"rows_{mart}": count for mart, count in rows.items()},
                "files": sorted(p.name for p in talentflow.publish_dir.iterdir()),
            }
        )

    return published
