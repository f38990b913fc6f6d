"""Probabilistic linking of career profiles to OpenReview profiles with splink
(docs/methodology.md#people-and-linking).

Only what the exact methods (LinkedIn URL, GitHub login: int_exact_links) left unlinked goes in:
career profiles without an exact link and OpenReview profiles without one. Names are read here,
in Python (orchestration/defs/linking/names.py: pinyin of Han script, initials, hyphens and
spaces, Western given names), the dated organizations come from int_linkage_organizations.

Candidate pairs (blocking), one key list per record, exploded, so a pair is scored once however
many keys it shares: the name in any of its ways (names.py `core_forms`); the surname and first
given-name initial, between a name written with initials and any name of the other side; the
surname and an organization (employer or school) with the same start and end years (a name
written otherwise still meets its career). Among namesakes the pairs stay bounded: by the
holders of one name, by the people of one surname with the same stint at one organization, and
by the names written with initials — never all pairs of a surname, of an initial or of a large
employer.

The model must give the same answer on every run. The m probabilities (how often true matches
agree) are priors written here; the u probabilities (how often random pairs agree — how common
a name is, how large an organization) are estimated from the data by splink's seeded random
sampling when both sides have at least U_ESTIMATION_MIN_RECORDS records (on fewer, random pairs
say too little and the priors written here stand), except the levels of two or more
organizations shared in the same years, which random pairs almost never reach: their u stays
the prior. The prior of a match is 1 / (number of OpenReview profiles splink reads): a career
profile belongs to at most one of them.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from orchestration.defs.linking.names import name_keys

U_SAMPLE_PAIRS = 1_000_000
U_SAMPLE_SEED = 42
U_ESTIMATION_MIN_RECORDS = 1_000

RECORDS = "intermediate.int_linkage_records"
ORGANIZATIONS = "intermediate.int_linkage_organizations"
EXACT_LINKS = "intermediate.int_exact_links"
SCORES_TABLE = "intermediate.splink_link_scores"
# An organization listed by at least this share of the records of a side is large: one employer
# in the same years there says less (many random pairs share it) than a smaller one.
LARGE_ORG_SHARE = 0.05
NAME_COLUMNS = ("forms", "core_forms", "abbreviations", "short_forms", "blocks", "surnames")


def _any(left: str, right: str) -> str:
    return f"list_has_any({left}_l, {right}_r)"


def _name_comparison() -> cl.CustomComparison:
    """Levels: the same name (whatever its order, script, hyphens, spaces); the same once
    Western given names are left out; initials that fit the other's given name; the same
    surname and first initial only; else."""

    def level(sql: str, label: str, m: float, u: float) -> cll.CustomLevel:
        return cll.CustomLevel(sql, label_for_charts=label).configure(
            m_probability=m, u_probability=u
        )

    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.CustomLevel("name_blocks_l is null or name_blocks_r is null").configure(
                is_null_level=True
            ),
            level(_any("name_forms", "name_forms"), "same name", 0.85, 0.001),
            level(
                _any("name_core_forms", "name_core_forms"),
                "same name without Western given names",
                0.04,
                0.0002,
            ),
            level(
                f"{_any('name_short_forms', 'name_abbreviations')} "
                f"or {_any('name_abbreviations', 'name_short_forms')} "
                f"or {_any('name_short_forms', 'name_short_forms')}",
                "initials that fit",
                0.06,
                0.002,
            ),
            level(_any("name_blocks", "name_blocks"), "same surname and initial", 0.03, 0.01),
            cll.ElseLevel().configure(m_probability=0.02, u_probability=0.987),
        ],
    )


def _shared(column: str, condition: str) -> str:
    """How many organizations of the left record's `column` meet `condition` with an entry of
    the right record's (x: left entry, y: right entry)."""
    return (
        f"len(list_distinct(list_transform(list_filter({column}_l, lambda x: "
        f"len(list_filter({column}_r, lambda y: x.org_id = y.org_id and ({condition}))) > 0), "
        "lambda x: x.org_id)))"
    )


def _org_comparison(column: str, as_of_year: int, m: list[float], u: list[float]):
    """Levels: two or more organizations in the same years (start and end years each within
    one; an open end is the as-of year); one in the same years, not a large organization
    (LARGE_ORG_SHARE); one in exactly the same years; one in the same years; one in
    overlapping years; an organization in common at other or unknown times; none in common."""
    end = f"coalesce(x.end_year, {as_of_year})", f"coalesce(y.end_year, {as_of_year})"
    same_years = (
        "x.start_year is not null and y.start_year is not null "
        f"and abs(x.start_year - y.start_year) <= 1 and abs({end[0]} - {end[1]}) <= 1"
    )
    exact_years = f"x.start_year = y.start_year and {end[0]} = {end[1]}"
    overlap = (
        "coalesce(x.start_year, x.end_year) <= coalesce(y.end_year, y.start_year, "
        f"{as_of_year}) and coalesce(y.start_year, y.end_year) <= coalesce(x.end_year, "
        f"x.start_year, {as_of_year})"
    )
    conditions = {
        "two or more in the same years": f"{_shared(column, same_years)} >= 2",
        "one in the same years, not large": (
            f"{_shared(column, same_years + ' and not x.large and not y.large')} >= 1"
        ),
        "one in exactly the same years": f"{_shared(column, exact_years)} >= 1",
        "one in the same years": f"{_shared(column, same_years)} >= 1",
        "one in overlapping years": f"{_shared(column, overlap)} >= 1",
        "in common at other times": f"{_shared(column, 'true')} >= 1",
    }
    levels = [
        cll.CustomLevel(f"{column}_l is null or {column}_r is null").configure(is_null_level=True)
    ]
    for index, (label, sql) in enumerate(conditions.items()):
        levels.append(
            cll.CustomLevel(sql, label_for_charts=label).configure(
                m_probability=m[index], u_probability=u[index], fix_u_probability=index == 0
            )
        )
    levels.append(cll.ElseLevel().configure(m_probability=m[-1], u_probability=u[-1]))
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def _settings(openreview_profiles: int, as_of_year: int) -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=1 / max(openreview_profiles, 2),
        comparisons=[
            _name_comparison(),
            _org_comparison(
                "employers",
                as_of_year,
                m=[0.45, 0.12, 0.25, 0.03, 0.05, 0.04, 0.06],
                u=[0.0001, 0.001, 0.008, 0.01, 0.005, 0.03, 0.9459],
            ),
            _org_comparison(
                "schools",
                as_of_year,
                m=[0.40, 0.30, 0.10, 0.02, 0.05, 0.04, 0.09],
                u=[0.0001, 0.002, 0.008, 0.01, 0.003, 0.02, 0.9569],
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("block_keys", arrays_to_explode=["block_keys"])
        ],
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


def _name_table(con: duckdb.DuckDBPyConnection) -> None:
    """linkage_names: the name keys (names.py) of every record the exact methods left
    unlinked."""
    # an anti-join on equal keys (a hash join): a condition computed per pair would compare
    # every record with every link, hours at a million people
    rows = con.execute(
        f"""
        with linked as (
            select 'openreview' as side, person_id as record_id from {EXACT_LINKS}
            union all
            select 'career', career_profile_id from {EXACT_LINKS}
        )
        select records.side, records.record_id, records.full_name
        from {RECORDS} as records
        anti join linked
            on records.side = linked.side and records.record_id = linked.record_id
        order by records.side, records.record_id
        """
    ).fetchall()
    keys_of: dict[str | None, object] = {}
    columns: dict[str, list] = {"side": [], "record_id": []} | {c: [] for c in NAME_COLUMNS}
    for side, record_id, full_name in rows:
        if full_name not in keys_of:
            keys_of[full_name] = name_keys(full_name)
        keys = keys_of[full_name]
        columns["side"].append(side)
        columns["record_id"].append(record_id)
        for column in NAME_COLUMNS:
            columns[column].append(getattr(keys, column) or None)
    table = pa.table(
        columns,
        schema=pa.schema(
            [("side", pa.string()), ("record_id", pa.string())]
            + [(c, pa.list_(pa.string())) for c in NAME_COLUMNS]
        ),
    )
    con.register("linkage_names_arrow", table)
    con.execute("create or replace temp table linkage_names as from linkage_names_arrow")
    con.unregister("linkage_names_arrow")


def score_pairs(con: duckdb.DuckDBPyConnection, threshold: float, as_of_year: int) -> int:
    """Write every scored candidate pair at or above `threshold` to SCORES_TABLE (the link
    threshold; int_person_links holds the rest of the rule: the one-to-one assignment)."""
    con.execute(
        f"create or replace table {SCORES_TABLE} ("
        "person_id varchar, career_profile_id varchar, match_weight double, "
        "match_probability double)"
    )
    _name_table(con)
    for side, other in (("openreview", "career"), ("career", "openreview")):
        # an empty list says nothing: splink reads null as "no information"
        con.execute(
            f"""
            create or replace temp table linkage_{side} as
            with entries as (
                select
                    *,
                    count(distinct record_id) over (partition by org_id)
                        >= {LARGE_ORG_SHARE} * (
                            select count(*) from {RECORDS} where side = '{side}'
                        ) as large
                from {ORGANIZATIONS}
                where side = '{side}'
            ),

            orgs as (
                select
                    record_id,
                    list({{
                        'org_id': org_id, 'start_year': start_year, 'end_year': end_year,
                        'large': large
                    }} order by org_id, start_year, end_year) filter (where not is_school)
                        as employers,
                    list({{
                        'org_id': org_id, 'start_year': start_year, 'end_year': end_year,
                        'large': large
                    }} order by org_id, start_year, end_year) filter (where is_school)
                        as schools,
                    -- an organization with its start and end years (an open end: `now`)
                    list_sort(list_distinct(
                        list(
                            org_id || '|' || start_year || '-'
                            || coalesce(cast(end_year as varchar), 'now')
                        ) filter (where start_year is not null)
                    )) as dated_orgs
                from entries
                group by record_id
            )
            select
                names.record_id,
                names.forms as name_forms,
                names.core_forms as name_core_forms,
                names.abbreviations as name_abbreviations,
                names.short_forms as name_short_forms,
                names.blocks as name_blocks,
                nullif(orgs.employers, []) as employers,
                nullif(orgs.schools, []) as schools,
                -- blocking (module docstring): the name in any of its ways; surname and
                -- initial when one side writes initials; surname and a shared organization
                -- with the same start and end years
                list_sort(list_distinct(list_concat(
                    list_transform(names.core_forms, lambda f: 'name:' || f),
                    list_transform(names.blocks, lambda b: 'initials of {other}:' || b),
                    case
                        when names.short_forms is not null
                            then list_transform(names.blocks, lambda b: 'initials of {side}:' || b)
                    end,
                    flatten(list_transform(
                        names.surnames,
                        lambda s: list_transform(
                            coalesce(orgs.dated_orgs, []), lambda o: 'org:' || s || '|' || o
                        )
                    ))
                ))) as block_keys
            from linkage_names as names
            left join orgs on names.record_id = orgs.record_id
            where names.side = '{side}' and names.blocks is not null
            """
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
        _settings(openreview, as_of_year),
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
