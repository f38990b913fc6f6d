"""The one Definitions of the talentflow code location."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.landing.assets import landing_assets
from orchestration.defs.linking.assets import splink_link_scores
from orchestration.defs.publish.assets import published_marts
from orchestration.defs.quality.checks import gx_checks
from orchestration.defs.transform.assets import dbt_metrics, dbt_resolution, dbt_staging
from orchestration.project import dbt_project
from orchestration.resources import TalentflowResource
from orchestration.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=[
            *landing_assets,
            dbt_staging,
            dbt_resolution,
            splink_link_scores,
            dbt_metrics,
            published_marts,
        ],
        asset_checks=gx_checks,
        resources={
            "talentflow": TalentflowResource.from_settings(settings),
            "dbt": DbtCliResource(project_dir=dbt_project),
        },
        # One process: DuckDB allows a single writer, and subprocess steps cost ~9 s each here.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
