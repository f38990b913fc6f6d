"""The splink step between the resolution models and the people and metric models."""

import dagster as dg

from orchestration.defs.linking.splink_model import MATCH_PROBABILITY_THRESHOLD, score_pairs
from orchestration.resources import TalentflowResource


@dg.asset(
    key=["intermediate", "splink_link_scores"],
    deps=[dg.AssetKey(["intermediate", "int_linkage_records"])],
    group_name="intermediate",
    kinds={"splink", "duckdb"},
    description="Career profile × OpenReview profile pairs scored by splink at or above "
    f"match probability {MATCH_PROBABILITY_THRESHOLD}; int_person_links picks the links.",
)
def splink_link_scores(talentflow: TalentflowResource):
    with talentflow.connect() as con:
        pairs = score_pairs(con)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": pairs, "threshold": MATCH_PROBABILITY_THRESHOLD}
    )
