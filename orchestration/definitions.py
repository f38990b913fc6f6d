"""The one Definitions of the talentflow code location."""

import dagster as dg

from orchestration.defs.fetch.assets import (
    openreview_new_venues,
    openreview_venue,
    openreview_weekly_fetch,
)
from orchestration.defs.landing.assets import landing_assets
from orchestration.defs.linking.assets import splink_link_scores
from orchestration.defs.publish.assets import published_marts
from orchestration.defs.publish.guard import shrink_checks
from orchestration.defs.quality.checks import gx_checks
from orchestration.defs.transform.assets import dbt_steps
from orchestration.fetch.resource import OpenReviewResource
from orchestration.progress import progress_logger
from orchestration.project import dbt_project, prepare_manifest
from orchestration.resources import dbt_cli
from orchestration.settings import Settings

BUILD_JOB = "talentflow_build"


def build_definitions(settings: Settings) -> dg.Definitions:
    """Every asset, check and resource for `settings`; the dbt manifest must be prepared."""
    project = dbt_project()
    transform = dbt_steps(project)
    marts = [key for step in transform for key in step.keys if key.path[0] == "marts"]
    return dg.Definitions(
        assets=[
            openreview_venue,
            *landing_assets,
            *transform,
            splink_link_scores,
            published_marts(marts),
        ],
        asset_checks=[*gx_checks, *shrink_checks(marts)],
        # a build is everything but the fetch, whose partitions (venues) are materialized alone
        jobs=[
            dg.define_asset_job(
                BUILD_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.groups("fetch")
            )
        ],
        loggers={**dg.default_loggers(), "progress": progress_logger},
        schedules=[openreview_weekly_fetch],
        sensors=[openreview_new_venues],
        resources={
            "talentflow": settings,
            "dbt": dbt_cli(project),
            "openreview": OpenReviewResource(),
        },
        # One process: DuckDB allows a single writer, and subprocess steps cost ~9 s each here.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location `dagster dev` loads (workspace.yaml): settings from the environment."""
    settings = Settings.from_env()
    prepare_manifest(settings)
    return build_definitions(settings)
