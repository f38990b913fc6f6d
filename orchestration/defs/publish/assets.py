"""The publish asset: runs only when every blocking check upstream of it has passed."""

from pathlib import Path

import dagster as dg

from orchestration.defs.publish.publish import MARTS, publish
from orchestration.resources import TalentflowResource


@dg.asset(
    key=["published", "marts"],
    deps=[dg.AssetKey(["marts", mart]) for mart in MARTS],
    group_name="published",
    kinds={"duckdb", "parquet"},
    description="marts.duckdb and one Parquet file per mart in TALENTFLOW_PUBLISH_DIR, written "
    "beside the old files and renamed into place; person ids pseudonymized unless "
    "TALENTFLOW_PUBLISH_IDENTIFIERS=1.",
)
def published_marts(talentflow: TalentflowResource):
    settings = talentflow.settings
    with_identifiers = settings.publish_identifiers
    rows = publish(settings.warehouse, settings.publish_dir, with_identifiers)
    return dg.MaterializeResult(
        metadata={
            "publish_dir": dg.MetadataValue.path(str(settings.publish_dir)),
            "identifiers": "published as they are" if with_identifiers else "pseudonymized",
            **{f"rows_{mart}": count for mart, count in rows.items()},
            "files": sorted(p.name for p in Path(settings.publish_dir).iterdir()),
        }
    )
