"""What the report draws, read from a published marts.duckdb with SQL (one query per chart).

Columns the publish step may or may not carry yet are used when present: `suppressed` (a cell
of fewer than k people, published with null counts and shares) and `is_partial_year` (the
current, incomplete year of researcher_cohorts). A missing mart reads as empty.

The start of the LLM era is the build's: `llm_era_start_year` of the manifest.json beside the
marts, else the first year that researcher_cohorts marks `is_llm_era`
(docs/methodology.md#era).

Inflows and leavers are drawn from the marts by category (company_inflow_categories,
leaver_destination_categories) when the file has them, else from the marts by organization
(company_inflows, leaver_destinations): a category's cell is the sum of its organizations'
cells, so far fewer of its cells are small enough to be suppressed.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

MANIFEST = "manifest.json"  # beside every published marts.duckdb
# The values of education_backgrounds.era, in page order (docs/methodology.md#era).
PRE_LLM, LLM = ERAS = ("pre_llm", "llm")
# Where inflows and leavers are read from: the first of these marts in the file.
INFLOW_MARTS = ("company_inflow_categories", "company_inflows")
LEAVER_MARTS = ("leaver_destination_categories", "leaver_destinations")


class Marts:
    """A read-only connection to a published marts.duckdb, aware of which columns it has, of
    the manifest beside it and of the start of the LLM era the marts were built with."""

    def __init__(self, path: Path):
        path = Path(path)
        self.con = duckdb.connect(str(path), read_only=True)
        found = self.con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'main' order by table_name, ordinal_position"
        ).fetchall()
        self.columns: dict[str, set[str]] = {}
        for table, column in found:
            self.columns.setdefault(table, set()).add(column)
        self.manifest = read_manifest(path)
        self.llm_era_start = self._llm_era_start()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Marts:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def has(self, table: str, column: str | None = None) -> bool:
        return table in self.columns and (column is None or column in self.columns[table])

    def first(self, tables: tuple[str, ...]) -> str | None:
        """The first of `tables` that the file has; None when it has none."""
        return next((table for table in tables if self.has(table)), None)

    def flag(self, table: str, column: str) -> str:
        """A boolean column as a SQL expression, false when the mart does not carry it."""
        return f"coalesce({column}, false)" if self.has(table, column) else "false"

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _llm_era_start(self) -> int | None:
        given = self.manifest.get("llm_era_start_year")
        if isinstance(given, int) and not isinstance(given, bool):
            return given
        if not self.has("researcher_cohorts", "is_llm_era"):
            return None
        [(first,)] = self.con.execute(
            "select min(year) from researcher_cohorts where is_llm_era"
        ).fetchall()
        return first

    def era(self, year: str) -> str | None:
        """The era ('llm' or 'pre_llm') of the SQL expression `year`, as the marts define it;
        None when the marts say nothing of the LLM era."""
        if self.llm_era_start is not None:
            start = self.llm_era_start
            return f"(case when {year} >= {start} then '{LLM}' else '{PRE_LLM}' end)"
        if self.has("researcher_cohorts", "is_llm_era"):
            return f"'{PRE_LLM}'"  # researcher_cohorts marks none of its years as the LLM era
        return None


def read_manifest(marts_db: Path) -> dict:
    """The manifest.json beside `marts_db`; {} when there is none (or it is unreadable)."""
    try:
        found = json.loads((Path(marts_db).parent / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def row_counts(m: Marts) -> dict[str, int]:
    """Rows of every mart in the file (tables named with a leading `_`, such as `_build`,
    are the publish step's own and left out)."""
    return {
        mart: m.con.execute(f'select count(*) from main."{mart}"').fetchall()[0][0]
        for mart in m.columns
        if not mart.startswith("_")
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
        select company_id, year, headcount, stale_headcount, new_researchers, new_with_phd,
               phd_share,
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
    era = m.era("year")
    if not m.has("researcher_cohorts") or era is None:
        return {}
    found = m.rows(
        f"""
        select company_id, {era} as era,
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


def shares_by_category(
    m: Marts, table: str, year: str, category: str, share: str, place: str, where: str = "true"
) -> list[dict]:
    """The published cells of `table` summed per company, place and category, each with its
    share of the place's people: one row per company_id, place, category with researchers
    (null when every cell of the category is suppressed: not a zero), suppressed_cells, total
    (the place's people), suppressed_in_total (its suppressed cells) and share.

    year, category, share: the table's columns of the year, the category, and the share whose
    denominator the total counts; place: a SQL expression of `year` (the year itself, or its
    era), over whose years cells are pooled. The denominator of each year is read back from
    any published cell (researchers / share), so suppressed cells leave a gap instead of
    inflating the other categories.
    """
    supp = m.flag(table, "suppressed")
    return m.rows(
        f"""
        with cells as (
            select company_id, {year} as year, {category} as category, researchers,
                   {share} as share, {supp} as suppressed
            from {table}
            where {where}
        ),
        years as (
            select company_id, year,
                   coalesce(
                       round(max(researchers / share)
                             filter (where share > 0 and not suppressed)),
                       sum(researchers) filter (where not suppressed)
                   )::bigint as people,
                   count(*) filter (where suppressed) as suppressed_cells
            from cells
            group by all
        ),
        places as (
            select company_id, {place} as place, sum(people)::bigint as total,
                   sum(suppressed_cells)::bigint as suppressed_in_total
            from years
            group by all
        ),
        by_category as (
            select company_id, {place} as place, category,
                   (sum(researchers) filter (where not suppressed))::bigint as researchers,
                   count(*) filter (where suppressed) as suppressed_cells
            from cells
            group by all
        )
        select c.company_id, c.place, c.category, c.researchers, c.suppressed_cells,
               p.total, p.suppressed_in_total,
               case when p.total > 0 then c.researchers / p.total end as share
        from by_category as c
        join places as p using (company_id, place)
        order by c.company_id, c.place, c.category
        """
    )


def inflows_by_era(m: Marts) -> list[dict]:
    """Where experienced hires come from, per company, era (place) and source category: the
    share of the era's experienced newcomers (those with a prior spell, pooled over the join
    years of the era; fresh graduates and unknown sources are not experienced:
    docs/methodology.md#company_inflows), from the first of INFLOW_MARTS in the file."""
    era, table = m.era("year"), m.first(INFLOW_MARTS)
    if table is None or era is None:
        return []
    return shares_by_category(
        m,
        table,
        year="join_year",
        category="source_category",
        share="share_of_experienced",
        place=era,
        where="source_category not in ('fresh_graduate', 'unknown')",
    )


def leavers_by_year(m: Marts) -> list[dict]:
    """Where leavers go, per company, leave year (place) and destination category: the share
    of the year's leavers (docs/methodology.md#leaver_destinations), from the first of
    LEAVER_MARTS in the file."""
    table = m.first(LEAVER_MARTS)
    if table is None:
        return []
    return shares_by_category(
        m,
        table,
        year="leave_year",
        category="destination_category",
        share="share_of_leavers",
        place="year",
    )


def leaver_flows(m: Marts) -> list[dict]:
    """Leavers per company and destination category, over all leave years (published cells of
    the first of LEAVER_MARTS in the file)."""
    table = m.first(LEAVER_MARTS)
    if table is None:
        return []
    supp = m.flag(table, "suppressed")
    return m.rows(
        f"""
        select company_id, destination_category,
               coalesce(sum(researchers) filter (where not {supp}), 0)::bigint as researchers,
               count(*) filter (where {supp}) as suppressed_cells
        from {table}
        group by all
        order by company_id, destination_category
        """
    )
