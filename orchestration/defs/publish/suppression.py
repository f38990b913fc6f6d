"""Small-cell suppression of the published aggregate marts
(docs/methodology.md#publishing-and-privacy).

A cell counting 1 to k-1 people is published as null, and so is every value computed from it
(its shares, averages, and the counts of a suppressed cohort); the row's `suppressed` is true.
Zeros stay. Shares are computed in the warehouse, before suppression. Where the cells of a group
add up to a total that readers know or can derive (a cohort's new researchers, a year's leavers,
the experienced hires and known destinations among them), one hidden cell could be recovered by
subtraction: the smallest other cell of that group is hidden too (complementary suppression).
The working warehouse keeps every value.
"""

from __future__ import annotations

import duckdb


def _ci(*shares: str) -> list[str]:
    """Each share with the bounds of its 95% Wilson interval: the bounds reveal the share and
    its denominator, so they are nulled with it."""
    return [column for share in shares for column in (share, f"{share}_ci_low", f"{share}_ci_high")]


# the shares over the cohort members whose education is known (denominator new_with_education)
KNOWN_SHARES = (
    "phd_share_of_known",
    "fresh_grad_share_of_known",
    "fresh_phd_share_of_known",
    "overseas_education_share_of_known",
)
# mart: {count column: the values computed from it, nulled with it}
COUNTS = {
    "researcher_cohorts": {
        "headcount": ["avg_age_team", "stale_headcount"],
        "stale_headcount": [],
        "new_researchers": [
            "avg_age_new",
            "new_with_career_profile",
            "new_with_education",
            "new_with_phd",
            "new_with_education_and_phd",
            "fresh_grads",
            "fresh_phds",
            "overseas_educated",
            *_ci("phd_share", "fresh_grad_share", "fresh_phd_share", "overseas_education_share"),
            *_ci(*KNOWN_SHARES),
        ],
        "new_with_career_profile": [],
        "new_with_education": _ci(*KNOWN_SHARES),
        "new_with_phd": _ci("phd_share"),
        "new_with_education_and_phd": _ci("phd_share_of_known"),
        "fresh_grads": _ci("fresh_grad_share", "fresh_grad_share_of_known"),
        "fresh_phds": _ci("fresh_phd_share", "fresh_phd_share_of_known"),
        "overseas_educated": _ci("overseas_education_share", "overseas_education_share_of_known"),
    },
    "company_inflows": {"researchers": _ci("share_of_cohort", "share_of_experienced")},
    "company_inflow_categories": {"researchers": _ci("share_of_cohort", "share_of_experienced")},
    "leaver_destinations": {"researchers": _ci("share_of_leavers", "share_of_known")},
    "leaver_destination_categories": {"researchers": _ci("share_of_leavers", "share_of_known")},
    "education_backgrounds": {"researchers": _ci("share")},
    "unit_headcounts": {"headcount": [], "leavers": _ci("share_of_company_leavers")},
    "unit_leaver_destinations": {"researchers": _ci("share_of_unit_leavers", "share_of_known")},
    "company_flows": {"researchers": ["senior_researchers"], "senior_researchers": []},
}
# mart: groups of count cells whose total is known, as (count, partition, which rows); among
# cells of one size, the first in the mart's key order is hidden. The marts by category have the
# groups of the marts by organization: all the cells of a company and year, and their
# experienced (known) part. The units of a company add up to its headcount and its leavers.
ORDER = {
    "company_inflows": "source_category, source_org_id nulls first",
    "company_inflow_categories": "source_category",
    "leaver_destinations": "destination_category, destination_org_id nulls first",
    "leaver_destination_categories": "destination_category",
    "unit_headcounts": "unit_org_id",
    "unit_leaver_destinations": "destination_category",
}
INFLOW_GROUPS = [
    ("researchers", "company_id, join_year", "true"),
    (
        "researchers",
        "company_id, join_year",
        "source_category not in ('fresh_graduate', 'unknown')",
    ),
]
LEAVER_GROUPS = [
    ("researchers", "company_id, leave_year", "true"),
    ("researchers", "company_id, leave_year", "destination_category <> 'unknown'"),
]
GROUPS = {
    "company_inflows": INFLOW_GROUPS,
    "company_inflow_categories": INFLOW_GROUPS,
    "leaver_destinations": LEAVER_GROUPS,
    "leaver_destination_categories": LEAVER_GROUPS,
    "unit_headcounts": [
        ("headcount", "company_id, year", "true"),
        ("leavers", "company_id, year", "true"),
    ],
    "unit_leaver_destinations": [
        ("researchers", "company_id, leave_year, unit_org_id", "true"),
        ("researchers", "company_id, leave_year, unit_org_id", "destination_category <> 'unknown'"),
    ],
}
# Each pass can hide one more cell of a group; two passes over every group settle nested ones.
COMPLEMENT_PASSES = 2


def suppress(con: duckdb.DuckDBPyConnection, mart: str, k: int) -> int:
    """Suppress the small cells of `mart` (a table in con) in place; return the rows touched."""
    # the columns of this table only (a mart of an older contract, or a hand-made test table)
    present = {
        name for (name,) in con.execute(f"select column_name from (describe {mart})").fetchall()
    }
    counts = {
        count: [column for column in derived if column in present]
        for count, derived in COUNTS.get(mart, {}).items()
        if count in present
    }
    if not counts:
        return 0
    for count in counts:
        con.execute(f"alter table {mart} add column _hidden_{count} boolean")
        con.execute(
            f"update {mart} set _hidden_{count} = coalesce({count} between 1 and {k - 1}, false)"
        )
    for _ in range(COMPLEMENT_PASSES):
        for count, partition, rows in GROUPS.get(mart, []):
            _hide_complement(con, mart, count, partition, rows)
    hidden_by: dict[str, list[str]] = {}
    for count, derived in counts.items():
        for column in [count, *derived]:
            hidden_by.setdefault(column, []).append(f"_hidden_{count}")
    con.execute(
        f"update {mart} set "
        + ", ".join(
            f"{column} = case when {' or '.join(flags)} then null else {column} end"
            for column, flags in hidden_by.items()
        )
    )
    con.execute(f"alter table {mart} add column suppressed boolean")
    con.execute(f"update {mart} set suppressed = {' or '.join(f'_hidden_{c}' for c in counts)}")
    for count in counts:
        con.execute(f"alter table {mart} drop column _hidden_{count}")
    [(touched,)] = con.execute(f"select count(*) from {mart} where suppressed").fetchall()
    return touched


def _hide_complement(
    con: duckdb.DuckDBPyConnection, mart: str, count: str, partition: str, rows: str
) -> None:
    """In each group with exactly one hidden `count` cell, hide the smallest other one as well
    (a zero too: it is a cell readers would otherwise know)."""
    hidden = f"_hidden_{count}"
    con.execute(
        f"""
        update {mart} set {hidden} = true
        where rowid in (
            select rowid from (
                select
                    rowid,
                    {hidden},
                    count(*) filter (where {hidden}) over (partition by {partition}) as hidden,
                    row_number() over (
                        partition by {partition}
                        order by {hidden}, {count}, {ORDER[mart]}
                    ) as smallest
                from {mart}
                where {rows}
            )
            where hidden = 1 and not {hidden} and smallest = 1
        )
        """
    )
