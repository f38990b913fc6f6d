"""What the report draws, read from a published marts.duckdb with SQL (one query per chart).

Columns the publish step may or may not carry yet are used when present: `suppressed` (a cell
of fewer than k people, published with null counts and shares) and `is_partial_year` (the
current, incomplete year of researcher_cohorts). A missing mart reads as empty.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

MARTS = (
    "researcher_cohorts",
    "company_inflows",
    "leaver_destinations",
    "education_backgrounds",
    "researchers",
)
LLM_ERA_START = 2023  # CONTRACT §4: is_llm_era is year ≥ 2023; era `llm`: first joined ≥ 2023
SOURCE_CATEGORIES = ("big_tech_cn", "foreign_company", "startup", "academia", "other_company")
DESTINATION_CATEGORIES = (*SOURCE_CATEGORIES, "unknown")


class Marts:
    """A read-only connection to a published marts.duckdb, aware of which columns it has."""

    def __init__(self, path: Path):
        self.con = duckdb.connect(str(path), read_only=True)
        found = self.con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'main'"
        ).fetchall()
        self.columns: dict[str, set[str]] = {}
        for table, column in found:
            self.columns.setdefault(table, set()).add(column)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Marts:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def has(self, table: str, column: str | None = None) -> bool:
        return table in self.columns and (column is None or column in self.columns[table])

    def flag(self, table: str, column: str) -> str:
        """A boolean column as a SQL expression, false when the mart does not carry it."""
        return f"coalesce({column}, false)" if self.has(table, column) else "false"

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def row_counts(m: Marts) -> dict[str, int]:
    return {
        mart: m.con.execute(f"select count(*) from main.{mart}").fetchall()[0][0]
        for mart in MARTS
        if m.has(mart)
    }


def companies(m: Marts) -> dict[str, str]:
    """company_id → display name, in the order the charts use (by name)."""
    if not m.has("researcher_cohorts"):
        return {}
    found = m.rows(
        "select company_id, coalesce(max(company_name), company_id) as name "
        "from researcher_cohorts group by company_id order by name, company_id"
    )
    return {r["company_id"]: r["name"] for r in found}


def cohorts(m: Marts) -> list[dict]:
    """researcher_cohorts, one row per company and year, with the suppressed and partial flags."""
    if not m.has("researcher_cohorts"):
        return []
    return m.rows(
        f"""
        select company_id, year, headcount, new_researchers, new_with_phd, phd_share,
               fresh_grads, fresh_grad_share, fresh_phds, fresh_phd_share,
               overseas_educated, overseas_education_share, avg_age_team, avg_age_new,
               {m.flag("researcher_cohorts", "suppressed")} as suppressed,
               {m.flag("researcher_cohorts", "is_partial_year")} as partial
        from researcher_cohorts
        order by company_id, year
        """
    )


def cohort_totals(m: Marts) -> dict[str, dict]:
    """Per company: researchers counted in its cohorts (each researcher once, in the cohort
    year), those in cohorts with a published PhD share, and suppressed rows."""
    if not m.has("researcher_cohorts"):
        return {}
    found = m.rows(
        f"""
        select company_id,
               coalesce(sum(new_researchers), 0) as researchers,
               coalesce(sum(new_researchers) filter (where phd_share is not null), 0)
                   as with_shares,
               count(*) filter (where {m.flag("researcher_cohorts", "suppressed")})
                   as suppressed_cells
        from researcher_cohorts
        group by company_id
        """
    )
    return {r["company_id"]: r for r in found}


def aged_researchers(m: Marts) -> dict[str, dict]:
    """Per company: researchers with a birth-year estimate, of all (the n of the age chart)."""
    if not m.has("researchers", "birth_year_est"):
        return {}
    found = m.rows(
        "select company_id, count(*) as researchers, "
        "count(birth_year_est) as with_estimate from researchers group by company_id"
    )
    return {r["company_id"]: r for r in found}


def eras(m: Marts) -> dict[tuple[str, str], dict]:
    """Per company and era (pre_llm, llm): newcomers and their overseas-educated share, from
    researcher_cohorts (a researcher's era is the era of their cohort year)."""
    if not m.has("researcher_cohorts"):
        return {}
    found = m.rows(
        f"""
        select company_id,
               case when year >= {LLM_ERA_START} then 'llm' else 'pre_llm' end as era,
               coalesce(sum(new_researchers), 0) as researchers,
               sum(overseas_educated) filter (where overseas_educated is not null
                                              and new_researchers is not null) as overseas,
               sum(new_researchers) filter (where overseas_educated is not null
                                            and new_researchers is not null) as counted,
               count(*) filter (where {m.flag("researcher_cohorts", "suppressed")})
                   as suppressed_cells
        from researcher_cohorts
        group by all
        """
    )
    for r in found:
        r["overseas_share"] = r["overseas"] / r["counted"] if r["counted"] else None
    return {(r["company_id"], r["era"]): r for r in found}


def top_schools(m: Marts, top: int = 10) -> list[dict]:
    """education_backgrounds with rank ≤ top (ties included), per company and era."""
    if not m.has("education_backgrounds"):
        return []
    return m.rows(
        f"""
        select company_id, era, institution_org_id,
               coalesce(institution_name, institution_org_id) as institution_name,
               country, researchers, share, rank,
               {m.flag("education_backgrounds", "suppressed")} as suppressed
        from education_backgrounds
        where rank <= ?
        order by company_id, era, rank, researchers desc nulls last, institution_name
        """,
        [top],
    )


def inflows_by_era(m: Marts) -> list[dict]:
    """Where experienced hires come from, per company, era and source category.

    share = newcomers from the category / experienced newcomers (those with a prior spell),
    pooled over the join years of the era. The denominator of each join year is read back from
    any published cell (researchers / share_of_experienced), so suppressed cells leave a gap
    instead of inflating the other categories.
    """
    if not m.has("company_inflows"):
        return []
    supp = m.flag("company_inflows", "suppressed")
    return m.rows(
        f"""
        with cells as (
            select company_id, join_year, source_category, researchers, share_of_experienced,
                   case when join_year >= {LLM_ERA_START} then 'llm' else 'pre_llm' end as era,
                   {supp} as suppressed
            from company_inflows
            where source_category not in ('fresh_graduate', 'unknown')
        ),
        years as (
            select company_id, era, join_year,
                   coalesce(
                       round(max(researchers / share_of_experienced)
                             filter (where share_of_experienced > 0 and not suppressed)),
                       sum(researchers) filter (where not suppressed)
                   ) as experienced
            from cells
            group by all
        ),
        totals as (
            select company_id, era, sum(experienced)::bigint as experienced
            from years group by all
        ),
        by_category as (
            select company_id, era, source_category,
                   -- null when every cell of the category is suppressed: not a zero
                   (sum(researchers) filter (where not suppressed))::bigint as researchers,
                   count(*) filter (where suppressed) as suppressed_cells
            from cells group by all
        )
        select c.company_id, c.era, c.source_category, c.researchers, c.suppressed_cells,
               t.experienced,
               case when t.experienced > 0 then c.researchers / t.experienced end as share
        from by_category as c
        join totals as t using (company_id, era)
        order by c.company_id, c.era, c.source_category
        """
    )


def leavers_by_year(m: Marts) -> list[dict]:
    """Where leavers go, per company, leave year and destination category: the sum of
    share_of_leavers over the category's organizations, and the year's leavers."""
    if not m.has("leaver_destinations"):
        return []
    supp = m.flag("leaver_destinations", "suppressed")
    return m.rows(
        f"""
        with cells as (
            select company_id, leave_year, destination_category, researchers,
                   share_of_leavers, {supp} as suppressed
            from leaver_destinations
        ),
        years as (
            select company_id, leave_year,
                   coalesce(
                       round(max(researchers / share_of_leavers)
                             filter (where share_of_leavers > 0 and not suppressed)),
                       sum(researchers) filter (where not suppressed)
                   )::bigint as leavers,
                   count(*) filter (where suppressed) as suppressed_in_year
            from cells group by all
        )
        select c.company_id, c.leave_year, c.destination_category,
               (sum(c.researchers) filter (where not c.suppressed))::bigint as researchers,
               sum(c.share_of_leavers) filter (where not c.suppressed) as share,
               count(*) filter (where c.suppressed) as suppressed_cells,
               any_value(y.leavers) as leavers,
               any_value(y.suppressed_in_year) as suppressed_in_year
        from cells as c
        join years as y using (company_id, leave_year)
        group by all
        order by c.company_id, c.leave_year, c.destination_category
        """
    )


def leaver_flows(m: Marts) -> list[dict]:
    """Leavers per company and destination category, over all leave years (published cells)."""
    if not m.has("leaver_destinations"):
        return []
    supp = m.flag("leaver_destinations", "suppressed")
    return m.rows(
        f"""
        select company_id, destination_category,
               coalesce(sum(researchers) filter (where not {supp}), 0)::bigint as researchers,
               count(*) filter (where {supp}) as suppressed_cells
        from leaver_destinations
        group by all
        order by company_id, destination_category
        """
    )
