"""Probabilistic linking of career profiles to OpenReview profiles with splink
(docs/methodology.md#people-and-linking).

Only what the exact methods (LinkedIn URL, GitHub login) cannot link needs this, and the model
must give the same answer on every run. The m probabilities (how often true matches agree)
are priors written here; the u probabilities (how often random pairs agree — how common a name
is) are estimated from the data by splink's seeded random sampling when both sides have at least
U_ESTIMATION_MIN_RECORDS records (on fewer, random pairs say too little and the priors written
here stand); the prior of a match is 1 / (number of OpenReview profiles): a career profile
belongs to at most one of them.
"""

from __future__ import annotations

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

U_SAMPLE_PAIRS = 1_000_000
U_SAMPLE_SEED = 42
U_ESTIMATION_MIN_RECORDS = 1_000

RECORDS = "intermediate.int_linkage_records"
SCORES_TABLE = "intermediate.splink_link_scores"


def _settings(openreview_profiles: int) -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=1 / max(openreview_profiles, 2),
        comparisons=[
            # levels: exact, Jaro-Winkler ≥ 0.95, ≥ 0.88, anything else
            cl.JaroWinklerAtThresholds("name_key", [0.95, 0.88]).configure(
                m_probabilities=[0.70, 0.15, 0.08, 0.07],
                u_probabilities=[0.001, 0.002, 0.01, 0.987],
            ),
            # levels: two or more shared employers, one, none
            cl.ArrayIntersectAtSizes("employer_org_ids", [2, 1]).configure(
                m_probabilities=[0.60, 0.30, 0.10],
                u_probabilities=[0.005, 0.05, 0.945],
            ),
            cl.ArrayIntersectAtSizes("school_org_ids", [2, 1]).configure(
                m_probabilities=[0.40, 0.45, 0.15],
                u_probabilities=[0.002, 0.05, 0.948],
            ),
        ],
        blocking_rules_to_generate_predictions=[block_on("name_key")],
        retain_intermediate_calculation_columns=False,
    )


def drop_working_tables(con: duckdb.DuckDBPyConnection) -> None:
    """splink keeps its working tables (`__splink__…`) in the warehouse: drop them, also
    those a killed build left behind."""
    for kind, name in con.execute(
        "select 'table', table_name from duckdb_tables() "
        "where starts_with(table_name, '__splink__') "
        "union all select 'view', view_name from duckdb_views() "
        "where starts_with(view_name, '__splink__')"
    ).fetchall():
        con.execute(f'drop {kind} if exists "{name}"')


def score_pairs(con: duckdb.DuckDBPyConnection, threshold: float) -> int:
    """Write every scored candidate pair at or above `threshold` to SCORES_TABLE (the link
    threshold; int_person_links holds the rest of the rule: no close second)."""
    for side in ("openreview", "career"):
        # an empty list says nothing: splink reads null as "no information"
        con.execute(
            f"""
            create or replace temp table linkage_{side} as
            select record_id, name_key,
                case when len(employer_org_ids) > 0 then employer_org_ids end as employer_org_ids,
                case when len(school_org_ids) > 0 then school_org_ids end as school_org_ids
            from {RECORDS}
            where side = '{side}' and name_key <> ''
            """
        )
    con.execute(
        f"create or replace table {SCORES_TABLE} ("
        "person_id varchar, career_profile_id varchar, match_weight double, "
        "match_probability double)"
    )
    [(openreview,)] = con.execute("select count(*) from linkage_openreview").fetchall()
    [(careers,)] = con.execute("select count(*) from linkage_career").fetchall()
    if not openreview or not careers:
        return 0
    db_api = DuckDBAPI(connection=con)
    linker = Linker(
        [
            db_api.register("linkage_openreview", dataset_display_name="openreview"),
            db_api.register("linkage_career", dataset_display_name="career"),
        ],
        _settings(openreview),
        log_level=None,
    )
    if min(openreview, careers) >= U_ESTIMATION_MIN_RECORDS:
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_SAMPLE_PAIRS, seed=U_SAMPLE_SEED, min_count_per_level=None
        )
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    con.execute(
        f"""
        insert into {SCORES_TABLE}
        select
            case when source_dataset_l = 'openreview' then record_id_l else record_id_r end,
            case when source_dataset_l = 'openreview' then record_id_r else record_id_l end,
            match_weight,
            match_probability
        from {predictions.physical_name}
        """
    )
    [(pairs,)] = con.execute(f"select count(*) from {SCORES_TABLE}").fetchall()
    return pairs
