"""Small-cell suppression of published marts, on hand-made tables (k = 5)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.publish.suppression import COUNTS, GROUPS, ORDER, suppress

K = 5


@pytest.fixture
def con():
    with duckdb.connect() as con:
        yield con


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_a_small_cohort_hides_its_counts_shares_and_ages_and_zeros_stay(con):
    con.execute(
        """
        create table researcher_cohorts as select * from (values
            ('bytedance', 2023, 3, 2, 1, 0.5, 0, 0.0, 0, 0.0, 1, 0.5, 30.0, 29.0),
            ('bytedance', 2024, 10, 6, 2, 2 / 6, 0, 0.0, 0, 0.0, 5, 5 / 6, 31.0, 28.0)
        ) as t (company_id, year, headcount, new_researchers, new_with_phd, phd_share,
                fresh_grads, fresh_grad_share, fresh_phds, fresh_phd_share, overseas_educated,
                overseas_education_share, avg_age_team, avg_age_new)
        """
    )
    assert suppress(con, "researcher_cohorts", K) == 2
    assert rows(con, "select * from researcher_cohorts order by year") == [
        # headcount 3 and a cohort of 2: everything about them is hidden, zeros included
        ("bytedance", 2023, *[None] * 12, True),
        # a cohort of 6: its 2 PhDs are hidden with their share; 0 fresh grads stay
        ("bytedance", 2024, 10, 6, None, None, 0, 0.0, 0, 0.0, 5, 5 / 6, 31.0, 28.0, True),
    ]


def test_one_hidden_cell_of_a_group_takes_the_smallest_other_with_it(con):
    con.execute(
        """
        create table company_inflows as select * from (values
            ('bytedance', 2024, 'big_tech_cn', 'tencent', 10),
            ('bytedance', 2024, 'startup', 'zhipu', 3),
            ('bytedance', 2024, 'academia', 'tsinghua', 6),
            ('bytedance', 2024, 'fresh_graduate', null, 7),
            -- the first hidden cell is experienced; the complement is fresh_graduate, which
            -- leaves one hidden experienced cell: big_tech_cn goes too
            ('alibaba', 2024, 'big_tech_cn', 'tencent', 10),
            ('alibaba', 2024, 'startup', 'zhipu', 3),
            ('alibaba', 2024, 'fresh_graduate', null, 5),
            ('alibaba', 2024, 'unknown', null, 8),
            -- nothing small: nothing hidden
            ('tencent', 2024, 'academia', 'pku', 5),
            ('tencent', 2024, 'unknown', null, 9)
        ) as t (company_id, join_year, source_category, source_org_id, researchers)
        """
    )
    con.execute(
        "create table shares as select *, researchers / sum(researchers) over (partition by "
        "company_id, join_year) as share_of_cohort, null::double as share_of_experienced "
        "from company_inflows"
    )
    con.execute("create or replace table company_inflows as select * from shares")
    suppress(con, "company_inflows", K)
    hidden = rows(
        con,
        "select company_id, source_category from company_inflows where suppressed order by all",
    )
    assert hidden == [
        ("alibaba", "big_tech_cn"),
        ("alibaba", "fresh_graduate"),
        ("alibaba", "startup"),
        ("bytedance", "academia"),
        ("bytedance", "startup"),
    ]
    assert rows(
        con,
        "select count(*) from company_inflows where suppressed and "
        "(researchers is not null or share_of_cohort is not null)",
    ) == [(0,)]
    # no group, nor its experienced part, has exactly one hidden cell: none can be recovered
    # by subtracting the published cells from a known total
    for where in ("true", "source_category not in ('fresh_graduate', 'unknown')"):
        assert 1 not in {
            n
            for (n,) in rows(
                con,
                f"select count(*) filter (where suppressed) from company_inflows where {where} "
                "group by company_id, join_year",
            )
        }


def test_leaver_destinations_and_education_backgrounds(con):
    con.execute(
        """
        create table leaver_destinations as select * from (values
            ('tencent', 2022, 'big_tech_cn', 'bytedance', 6, 0.4, 0.5),
            ('tencent', 2022, 'academia', 'pku', 6, 0.4, 0.5),
            ('tencent', 2022, 'unknown', null, 3, 0.2, null)
        ) as t (company_id, leave_year, destination_category, destination_org_id, researchers,
                share_of_leavers, share_of_known)
        """
    )
    suppress(con, "leaver_destinations", K)
    # the unknown 3 are hidden; then (the cells being of one size) the first known cell in key
    # order; then the last known one, since the known total can be derived (6 / share_of_known)
    assert rows(
        con,
        "select destination_category, researchers, share_of_leavers, suppressed "
        "from leaver_destinations order by destination_category",
    ) == [
        ("academia", None, None, True),
        ("big_tech_cn", None, None, True),
        ("unknown", None, None, True),
    ]
    con.execute(
        "create table education_backgrounds as select * from (values "
        "('tencent', 'llm', 'pku', 4, 0.4::double, 1), ('tencent', 'llm', 'thu', 6, 0.6, 1)) "
        "as t (company_id, era, institution_org_id, researchers, share, rank)"
    )
    suppress(con, "education_backgrounds", K)
    assert rows(
        con,
        "select institution_org_id, researchers, share, suppressed from "
        "education_backgrounds order by all",
    ) == [("pku", None, None, True), ("thu", 6, 0.6, False)]


def test_k_of_one_suppresses_nothing_and_other_marts_are_left_alone(con):
    con.execute("create table education_backgrounds as select 1 as researchers, 1.0 as share")
    assert suppress(con, "education_backgrounds", 1) == 0
    assert rows(con, "select * from education_backgrounds") == [(1, 1.0, False)]
    con.execute("create table researchers as select 'x' as person_id")
    assert suppress(con, "researchers", K) == 0
    assert rows(con, "select * from researchers") == [("x",)]


# mart by category: its year, its category, and its shares (of all; of the known categories)
BY_CATEGORY = {
    "company_inflow_categories": (
        "join_year",
        "source_category",
        ("share_of_cohort", "share_of_experienced"),
    ),
    "leaver_destination_categories": (
        "leave_year",
        "destination_category",
        ("share_of_leavers", "share_of_known"),
    ),
}


def category_mart(con, mart: str, cells: dict[tuple[str, int], dict[str, int]]) -> None:
    """A mart by category as the warehouse has it, from cells[(company, year)] = {category:
    researchers}: the share of all the company's people of the year, and of those in a known
    category (not fresh_graduate, unknown), each with its interval bounds (stand-ins)."""
    year, category, (of_all, of_known) = BY_CATEGORY[mart]
    known = f"{category} not in ('fresh_graduate', 'unknown')"
    con.execute(
        f"create table cells (company_id varchar, {year} integer, {category} varchar, "
        "researchers integer)"
    )
    con.executemany(
        "insert into cells values (?, ?, ?, ?)",
        [(c, y, cat, n) for (c, y), found in cells.items() for cat, n in found.items()],
    )
    con.execute(
        f"""
        create table {mart} as
        select company_id, upper(company_id) as company_name, {year}, {category}, researchers,
               researchers / sum(researchers) over company_year as {of_all},
               case when {known} then researchers / sum(researchers) filter (where {known})
                   over company_year end as {of_known}
        from cells
        window company_year as (partition by company_id, {year})
        """
    )
    for share in (of_all, of_known):
        for bound, sign in (("low", "-"), ("high", "+")):
            con.execute(f"alter table {mart} add column {share}_ci_{bound} double")
            con.execute(f"update {mart} set {share}_ci_{bound} = {share} {sign} 0.01")


@pytest.mark.parametrize(
    ("mart", "cells", "hidden"),
    [
        pytest.param(
            "company_inflow_categories",
            {
                # one small experienced cell: the smallest other cell of the cohort
                # (fresh_graduate) goes with it, then the smallest other experienced one
                ("bytedance", 2024): {
                    "big_tech_cn": 12,
                    "foreign_company": 3,
                    "academia": 8,
                    "fresh_graduate": 6,
                    "unknown": 7,
                },
                # one small fresh_graduate cell: the smallest other cell of the cohort goes too
                ("tencent", 2024): {"academia": 6, "fresh_graduate": 2, "unknown": 5},
                ("tencent", 2023): {"startup": 5, "unknown": 9},  # nothing small
            },
            {
                ("bytedance", 2024): ["academia", "foreign_company", "fresh_graduate"],
                ("tencent", 2024): ["fresh_graduate", "unknown"],
            },
            id="inflows",
        ),
        pytest.param(
            "leaver_destination_categories",
            {
                # one small known cell: the smallest other known one goes with it
                ("tencent", 2023): {
                    "foreign_company": 2,
                    "academia": 9,
                    "big_tech_cn": 7,
                    "unknown": 10,
                },
                # of one size, the first in key order goes: academia before big_tech_cn
                ("tencent", 2024): {"academia": 6, "big_tech_cn": 6, "startup": 1},
            },
            {
                ("tencent", 2023): ["big_tech_cn", "foreign_company"],
                ("tencent", 2024): ["academia", "startup"],
            },
            id="leavers",
        ),
    ],
)
def test_the_marts_by_category_hide_small_categories_and_their_complements(
    con, mart, cells, hidden
):
    year, category, shares = BY_CATEGORY[mart]
    category_mart(con, mart, cells)
    assert suppress(con, mart, K) == sum(map(len, hidden.values()))
    found: dict[tuple[str, int], list[str]] = {}
    columns = [*shares, *(f"{s}_ci_{b}" for s in shares for b in ("low", "high"))]
    for company, y, cat, n, name, published, suppressed in rows(
        con,
        f"select company_id, {year}, {category}, researchers, company_name, "
        f"[{', '.join(columns)}], suppressed from {mart} order by all",
    ):
        assert name == company.upper()  # the company's name stays
        if suppressed:  # no count, share nor bound
            found.setdefault((company, y), []).append(cat)
            assert n is None and published == [None] * len(columns)
        else:
            assert n == cells[(company, y)][cat] and published[0] is not None
    assert found == hidden
    # no group, nor its known part, is left with exactly one hidden cell
    for where in ("true", f"{category} not in ('fresh_graduate', 'unknown')"):
        assert 1 not in {
            n
            for (n,) in rows(
                con,
                f"select count(*) filter (where suppressed) from {mart} where {where} "
                f"group by company_id, {year}",
            )
        }


def test_the_marts_by_category_have_the_counts_and_groups_of_the_marts_by_organization():
    for by_category, by_organization in (
        ("company_inflow_categories", "company_inflows"),
        ("leaver_destination_categories", "leaver_destinations"),
    ):
        assert COUNTS[by_category] == COUNTS[by_organization]
        assert GROUPS[by_category] == GROUPS[by_organization]
    assert set(GROUPS) == set(ORDER) <= set(COUNTS)
