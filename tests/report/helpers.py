"""Shared by the report tests: a tiny hand-made marts.duckdb, the published marts of a build,
and the report rendered in headless Chromium (Debian's `chromium`, driven by Playwright)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The columns of the marts (docs/methodology.md#marts; the published `researchers` leaves
# display_name and career_profile_id out), plus the publish step's `suppressed` and
# `is_partial_year`. The marts by category come last: make_marts fills them from the marts by
# organization.
TABLES = {
    "researcher_cohorts": """company_id varchar, company_name varchar, year integer,
        headcount integer, stale_headcount integer, new_researchers integer,
        new_with_phd integer, phd_share double,
        fresh_grads integer, fresh_grad_share double, fresh_phds integer,
        fresh_phd_share double, overseas_educated integer, overseas_education_share double,
        avg_age_team double, avg_age_new double, is_llm_era boolean, is_partial_year boolean,
        suppressed boolean""",
    "company_inflows": """company_id varchar, join_year integer, source_category varchar,
        source_org_id varchar, source_org_name varchar, source_is_focus_company boolean,
        researchers integer, share_of_cohort double, share_of_experienced double,
        suppressed boolean""",
    "leaver_destinations": """company_id varchar, leave_year integer,
        destination_category varchar, destination_org_id varchar, destination_org_name varchar,
        researchers integer, share_of_leavers double, share_of_known double,
        suppressed boolean""",
    "education_backgrounds": """company_id varchar, era varchar, institution_org_id varchar,
        institution_name varchar, country varchar, researchers integer, share double,
        rank integer, suppressed boolean""",
    "researchers": """person_id varchar, company_id varchar, first_join_year integer,
        last_leave_year integer, has_phd boolean, phd_institution varchar,
        birth_year_est integer, overseas_educated boolean, link_method varchar,
        link_score double""",
    "company_inflow_categories": """company_id varchar, company_name varchar,
        join_year integer, source_category varchar, researchers integer,
        share_of_cohort double, share_of_experienced double, suppressed boolean""",
    "leaver_destination_categories": """company_id varchar, company_name varchar,
        leave_year integer, destination_category varchar, researchers integer,
        share_of_leavers double, share_of_known double, suppressed boolean""",
}

# The first year the hand-made researcher_cohorts marks is_llm_era.
LLM_ERA_START = 2023
# Two companies, 2021–2025, 2025 the partial year; ByteDance's 2022 cohort is a suppressed cell.
# company, name, year, headcount, new, new_with_phd, fresh_grads, fresh_phds, overseas,
# avg_age_team, avg_age_new, partial, suppressed
COHORTS = [
    ("bytedance", "ByteDance", 2021, 10, 10, 6, 5, 2, 3, 29.0, 29.0, False, False),
    ("bytedance", "ByteDance", 2022, 12, None, None, None, None, None, 29.5, None, False, True),
    ("bytedance", "ByteDance", 2023, 20, 9, 6, 4, 3, 4, 30.0, 28.0, False, False),
    ("bytedance", "ByteDance", 2024, 26, 8, 5, 4, 2, 3, 30.4, 27.5, False, False),
    ("bytedance", "ByteDance", 2025, 30, 6, 5, 3, 2, 2, 30.9, 27.0, True, False),
    ("tencent", "Tencent", 2021, 14, 14, 7, 6, 2, 5, 31.0, 28.0, False, False),
    ("tencent", "Tencent", 2022, 20, 8, 4, 4, 1, 2, 31.2, 27.6, False, False),
    ("tencent", "Tencent", 2023, 25, 7, 5, 3, 2, 3, 31.5, 27.0, False, False),
    ("tencent", "Tencent", 2024, 29, 6, 4, 2, 1, 1, 31.9, 26.8, False, False),
    ("tencent", "Tencent", 2025, 31, 5, 4, 2, 2, 2, 32.2, 27.5, True, False),
]
SCHOOLS = [  # company, era, org, name, country, researchers, rank, suppressed
    ("bytedance", "pre_llm", "tsinghua", "Tsinghua University", "CN", 6, 1, False),
    ("bytedance", "pre_llm", "stanford", "Stanford University", "US", None, 2, True),
    ("bytedance", "llm", "pku", "Peking University", "CN", 5, 1, False),
    ("bytedance", "llm", "mit", "Massachusetts Institute of Technology", "US", 5, 1, False),
    ("tencent", "pre_llm", "zju", "Zhejiang University", "CN", 7, 1, False),
    ("tencent", "llm", "hku", "The University of Hong Kong", "HK", None, 1, True),  # all hidden
]
INFLOWS = [  # company, join_year, category, org, researchers, experienced, suppressed
    ("bytedance", 2021, "big_tech_cn", "alibaba", 5, 10, False),
    ("bytedance", 2021, "foreign_company", "google", 5, 10, False),
    ("bytedance", 2023, "startup", "zhipu", 6, 8, False),
    ("bytedance", 2023, "academia", "tsinghua", None, 8, True),
    ("bytedance", 2023, "fresh_graduate", None, 9, None, False),
    ("tencent", 2021, "academia", "pku", 8, 8, False),
    ("tencent", 2024, "big_tech_cn", "baidu", 6, 6, False),
]
LEAVERS = [  # company, leave_year, category, org, researchers, leavers, suppressed
    ("bytedance", 2022, "foreign_company", "openai", 6, 12, False),
    ("bytedance", 2022, "startup", "moonshot", 6, 12, False),
    ("bytedance", 2024, "academia", "tsinghua", None, 9, True),
    ("bytedance", 2024, "big_tech_cn", "alibaba", 5, 9, False),
    ("tencent", 2023, "unknown", None, 7, 7, False),
    ("tencent", 2025, "big_tech_cn", "bytedance", 5, 5, False),
]


def make_marts(path: Path, *, empty: bool = False, categories: bool = True) -> Path:
    """A tiny marts.duckdb with every mart (no rows at all when `empty`; without the marts by
    category unless `categories`), and the publish step's `_build` table. The marts by category
    sum the cells of the marts by organization (here one organization per category, company
    and year, so their cells are the same)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create table _build as select 'b-tiny' as build_id")
        for table, columns in TABLES.items():
            if categories or table not in BY_CATEGORY:
                con.execute(f"create table {table} ({columns})")
        if empty:
            return path
        for c, name, y, head, new, phd, fresh, fphd, abroad, age, age_new, part, supp in COHORTS:
            shares = [x / new if x is not None and new else None for x in (phd, fresh, fphd)]
            con.execute(
                "insert into researcher_cohorts values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                # a tenth of the headcount on stale open spells
                [c, name, y, head, head // 10, new, phd, shares[0], fresh, shares[1], fphd]
                + [shares[2]]
                + [abroad, abroad / new if new else None, age, age_new, y >= LLM_ERA_START]
                + [part, supp],
            )
        for c, era, org, name, country, n, rank, supp in SCHOOLS:
            total = 20 if era == "pre_llm" else 10
            share = n / total if n is not None else None
            con.execute(
                "insert into education_backgrounds values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [c, era, org, name, country, n, share, rank, supp],
            )
        for c, year, category, org, n, experienced, supp in INFLOWS:
            of_experienced = n / experienced if n is not None and experienced else None
            con.execute(
                "insert into company_inflows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [c, year, category, org, org, org == "alibaba", n, None, of_experienced, supp],
            )
        for c, year, category, org, n, leavers, supp in LEAVERS:
            share = n / leavers if n is not None else None
            con.execute(
                "insert into leaver_destinations values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [c, year, category, org, org, n, share, None, supp],
            )
        if categories:
            _sum_by_category(con)
        con.execute(
            "insert into researchers select 'p' || i, case when i % 2 = 0 then 'bytedance' "
            "else 'tencent' end, 2021 + i % 5, null, i % 3 = 0, null, "
            "case when i % 4 = 0 then null else 1990 + i % 7 end, i % 5 = 0, null, null "
            "from range(40) as t(i)"
        )
    return path


# mart by category: (mart by organization, year, category, shares)
BY_CATEGORY = {
    "company_inflow_categories": (
        "company_inflows",
        "join_year",
        "source_category",
        ("share_of_cohort", "share_of_experienced"),
    ),
    "leaver_destination_categories": (
        "leaver_destinations",
        "leave_year",
        "destination_category",
        ("share_of_leavers", "share_of_known"),
    ),
}


def _sum_by_category(con: duckdb.DuckDBPyConnection) -> None:
    """The marts by category from the marts by organization: a category's cell is the sum of
    its organizations' cells (here each category has one organization in a company and year,
    so the cells are the same, suppressed ones included)."""
    for table, (org_table, year, category, shares) in BY_CATEGORY.items():
        con.execute(
            f"""
            insert into {table} by name
            select company_id, any_value(company_name) as company_name, {year}, {category},
                   sum(researchers) as researchers,
                   {", ".join(f"sum({share}) as {share}" for share in shares)},
                   bool_or(suppressed) as suppressed
            from {org_table}
            left join (select distinct company_id, company_name from researcher_cohorts)
                using (company_id)
            group by company_id, {year}, {category}
            """
        )


def published_marts(publish_dir: Path) -> Path:
    """The current published marts.duckdb: `<publish>/current/marts.duckdb` once publishing
    keeps snapshots, `<publish>/marts.duckdb` before."""
    for candidate in (publish_dir / "current" / "marts.duckdb", publish_dir / "marts.duckdb"):
        if candidate.exists():
            return candidate
    raise AssertionError(f"no published marts.duckdb under {publish_dir}")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The page's text as a reader sees it (entities decoded, scripts and styles left out)."""
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


# Per Plotly figure: its SVG layers, the drawn marks (trace paths with a shape, Sankey links),
# its size, and whether every cartesian trace with values has one inside its axis' range
# (marks drawn outside the visible range count for nothing).
PLOTS = """() => Object.fromEntries(
    Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => {
        const marks = Array.from(div.querySelectorAll(
            '.main-svg .trace path, .main-svg path.sankey-link'))
            .filter(p => (p.getAttribute('d') || '').length > 4);
        const box = div.getBoundingClientRect();
        const outside = div._fullData
            .filter(t => t.visible === true && (t.type === 'scatter' || t.type === 'bar'))
            .filter(t => {
                const h = t.orientation === 'h';
                const values = Array.from((h ? t.x : t.y) || [])
                    .filter(v => v !== null && v !== undefined && !Number.isNaN(v));
                if (!values.length) return false;
                const axis = div._fullLayout[(h ? t.xaxis : t.yaxis).replace(/^(.)/, '$1axis')];
                const [lo, hi] = [Math.min(...axis.range), Math.max(...axis.range)];
                return !values.some(v => v >= lo && v <= hi);
            }).map(t => t.name);
        return [div.id, {svgs: div.querySelectorAll('.main-svg').length, marks: marks.length,
                         width: box.width, height: box.height, outside: outside}];
    }))"""


@dataclass
class Rendered:
    requests: list[str]
    errors: list[str]  # console errors and warnings, uncaught exceptions
    plots: dict[str, dict]  # plot div id → what it drew
    empty_sections: list[str]
    svg_text: str


def render(html: Path, screenshot: Path) -> Rendered:
    """Open `html` in headless Chromium, wait for every Plotly figure, record every request
    and console error, and save a full-page screenshot."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 800})
            page.on("request", lambda request: requests.append(request.url))
            page.on(
                "console",
                lambda message: (
                    errors.append(f"{message.type}: {message.text}")
                    if message.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every(div => div.querySelector('.main-svg'))",
                timeout=30_000,
            )
            plots = page.evaluate(PLOTS)
            empty = page.evaluate(
                "Array.from(document.querySelectorAll('section.chart'))"
                ".filter(s => s.querySelector('.empty')).map(s => s.id)"
            )
            svg_text = page.evaluate(
                "Array.from(document.querySelectorAll('.main-svg text'))"
                ".map(t => t.textContent).join(' ')"
            )
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return Rendered(requests, errors, plots, empty, svg_text)
