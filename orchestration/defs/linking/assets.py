"""The splink step between the dbt models before linking and those after it."""

import dagster as dg

from orchestration.defs.linking.splink_model import drop_working_tables, score_pairs
from orchestration.resources import connect
from orchestration.settings import Settings


@dg.asset(
    key=["intermediate", "splink_link_scores"],
    deps=[
        dg.AssetKey(["intermediate", "int_linkage_records"]),
        dg.AssetKey(["intermediate", "int_linkage_organizations"]),
        dg.AssetKey(["intermediate", "int_exact_links"]),
    ],
    group_name="intermediate",
    kinds={"splink", "duckdb"},
    description="Career profile × OpenReview profile pairs, of profiles no exact method "
    "linked, scored by splink at or above the link threshold (Settings.link_threshold); "
    "int_person_links assigns the links one-to-one.",
)
def splink_link_scores(talentflow: dg.ResourceParam[Settings]):
    with connect(talentflow) as con:
        drop_working_tables(con)
        pairs = score_pairs(con, talentflow.link_threshold, talentflow.as_of_year)
        drop_working_tables(con)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": pairs, "threshold": talentflow.link_threshold}
    )
