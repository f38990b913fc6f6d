"""The study's charts as Plotly figures, one per question, faceted by company.

A chart with nothing to draw has no figure (the page says so). A suppressed cell (fewer than k
people, published with null counts) is labelled "<k" at the foot of its place and never drawn
as zero; the current, incomplete year is drawn dotted with a hollow marker, or hatched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orchestration.report import data

COMPANY_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
CATEGORY_COLORS = {
    "big_tech_cn": "#4c78a8",
    "foreign_company": "#f58518",
    "startup": "#54a24b",
    "academia": "#b279a2",
    "other_company": "#9d755d",
    "unknown": "#bab0ac",
}
CATEGORY_LABELS = {
    "big_tech_cn": "big tech (CN)",
    "foreign_company": "foreign company",
    "startup": "startup",
    "academia": "academia",
    "other_company": "other company",
    "unknown": "unknown",
}
ERA_LABELS = {"pre_llm": "pre-LLM (joined ≤ 2022)", "llm": "LLM era (joined ≥ 2023)"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
MUTED = "#666666"
LLM_SHADE = "#e3e9f2"


@dataclass
class Chart:
    """One section of the page: a figure (None when there is nothing to draw) and its texts."""

    id: str
    title: str
    keys: tuple[str, ...]  # the "mart.column" whose definitions the chart states
    n: str = ""
    notes: list[str] = field(default_factory=list)
    figure: go.Figure | None = None


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 60, "r": 20, "t": 90, "b": 50},
        # at the top of the figure whatever its height, above the subplot titles
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
        },
        hoverlabel={"namelength": -1},
    )
    return fig


def _facets(names: list[str], **kwargs) -> go.Figure:
    return make_subplots(rows=1, cols=len(names), subplot_titles=names, **kwargs)


def _legend_only(fig: go.Figure, name: str, **style) -> None:
    """A legend entry with nothing drawn (explains the LLM-era shade and partial-year style)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], name=name, hoverinfo="skip", **style))


def _partial_legend(fig: go.Figure, partial_years: list[int]) -> str:
    years = ", ".join(str(y) for y in partial_years)
    _legend_only(
        fig,
        f"{years}: partial year (to date)",
        mode="lines+markers",
        line={"color": MUTED, "dash": "dot"},
        marker={"symbol": "circle-open", "size": 9, "color": MUTED},
    )
    return (
        f"{years} is a partial year (the build's current, incomplete year): dotted line and "
        "hollow marker, or hatched bar."
    )


def _suppressed_marks(fig: go.Figure, marks: dict, k: int, axis: str = "y") -> None:
    """'<k' at the foot of each suppressed place: marks[(row, col, x)] = [who, ...]."""
    for (row, col, x), who in marks.items():
        where = {"x": x, "y": 0, "yref": "y domain", "yanchor": "bottom"}
        if axis == "x":  # horizontal bars: the foot is the left edge
            where = {"x": 0, "xref": "x domain", "xanchor": "left", "y": x}
        fig.add_annotation(
            text=f"&lt;{k}",
            hovertext="<br>".join(f"{w}: fewer than {k} people (suppressed)" for w in who),
            showarrow=False,
            font={"size": 11, "color": MUTED},
            row=row,
            col=col,
            **where,
        )


def _suppressed_note(cells: int, k: int) -> list[str]:
    if not cells:
        return []
    return [
        f"{cells} published cell{'s' if cells != 1 else ''} counted fewer than {k} people and "
        f"{'are' if cells != 1 else 'is'} suppressed: shown as <{k}, not drawn as zero."
    ]


def _llm_era(fig: go.Figure, last_year: int) -> None:
    if last_year < data.LLM_ERA_START:
        return
    _legend_only(
        fig,
        "LLM era (2023 on)",
        mode="markers",
        marker={"symbol": "square", "size": 14, "color": LLM_SHADE},
    )
    fig.add_vrect(
        x0=data.LLM_ERA_START - 0.5,
        x1=last_year + 0.5,
        fillcolor=LLM_SHADE,
        line_width=0,
        layer="below",
        row="all",
        col="all",
    )


def _line(fig, rows, column, name, color, fmt, *, row=1, col=1, showlegend=True, marks=None):
    """A yearly line: solid over complete years, dotted with a hollow marker into a partial
    year; a suppressed null value goes into `marks` instead of the line."""
    full = [r for r in rows if not r["partial"]]
    partial = [r for r in rows if r["partial"]]
    hover = f"{name}<br>%{{x}}: %{{y:{fmt}}}<extra></extra>"
    fig.add_trace(
        go.Scatter(
            x=[r["year"] for r in full],
            y=[r[column] for r in full],
            name=name,
            legendgroup=name,
            showlegend=showlegend,
            mode="lines+markers",
            line={"color": color, "width": 2},
            marker={"size": 6, "color": color},
            hovertemplate=hover,
        ),
        row=row,
        col=col,
    )
    if partial:
        before = [r for r in full if r["year"] < partial[0]["year"]][-1:]
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in before + partial],
                y=[r[column] for r in before + partial],
                name=f"{name} (partial year)",
                legendgroup=name,
                showlegend=False,
                mode="lines+markers",
                line={"color": color, "width": 2, "dash": "dot"},
                marker={
                    "symbol": "circle-open",
                    "size": [0] * len(before) + [10] * len(partial),
                    "color": color,
                    "line": {"width": 2},
                },
                hovertemplate=f"{name}<br>%{{x}} (partial year): %{{y:{fmt}}}<extra></extra>",
            ),
            row=row,
            col=col,
        )
    if marks is not None:
        for r in rows:
            if r["suppressed"] and r[column] is None:
                marks[(row, col, r["year"])].append(f"{name}, {r['year']}")


def _by_company(cohorts: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in cohorts:
        grouped[r["company_id"]].append(r)
    return grouped


def _people(counts: dict[str, int], names: dict[str, str], what: str, then: str = "") -> str:
    total = sum(counts.values())
    each = ", ".join(f"{names.get(c, c)} {n:,}" for c, n in counts.items())
    return f"n = {total:,} {what}" + (f" ({each})" if len(counts) > 1 else "") + then + "."


def _cohort_chart(names, cohorts, partial_years, k, chart: Chart, series, fmt, yaxis):
    """A faceted yearly chart of researcher_cohorts columns: series = [(column, label, color)]."""
    by_company = _by_company(cohorts)
    if not by_company:
        return chart
    fig = _facets([names[c] for c in by_company], shared_yaxes=True, horizontal_spacing=0.04)
    marks: dict = defaultdict(list)
    for i, rows in enumerate(by_company.values(), start=1):
        for column, label, color in series:
            _line(fig, rows, column, label, color, fmt, col=i, showlegend=i == 1, marks=marks)
    chart.notes += _finish_yearly(fig, cohorts, partial_years, marks, k)
    fig.update_yaxes(**yaxis)
    chart.figure = _layout(fig, 420)
    return chart


def _finish_yearly(fig, cohorts, partial_years, marks, k) -> list[str]:
    notes = []
    _llm_era(fig, max(r["year"] for r in cohorts))
    if partial_years:
        notes.append(_partial_legend(fig, partial_years))
    _suppressed_marks(fig, marks, k)
    notes += _suppressed_note(len(marks), k)
    _year_axis(fig, [r["year"] for r in cohorts])
    return notes


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    """The same years on every facet, each year labelled when there are few. (An explicit
    range, not `matches`: matching x to itself makes Plotly drop the y autorange.)"""
    first, last = min(years), max(years)
    fig.update_xaxes(
        range=[first - 0.5, last + 0.5], dtick=1 if last - first <= 10 else 2, tickformat="d"
    )


def headcount_chart(names, cohorts, totals, partial_years, k) -> Chart:
    chart = Chart(
        "headcount",
        "Researchers and new researchers per company, by year",
        ("researcher_cohorts.headcount", "researcher_cohorts.new_researchers"),
    )
    by_company = _by_company(cohorts)
    if not by_company:
        return chart
    chart.n = _people(
        {c: totals[c]["researchers"] for c in by_company},
        names,
        "researchers",
        ", each counted once among the new researchers, in the year they joined",
    )
    fig = _facets([names[c] for c in by_company], shared_yaxes=True, horizontal_spacing=0.04)
    marks: dict = defaultdict(list)
    for i, rows in enumerate(by_company.values(), start=1):
        fig.add_trace(
            go.Bar(
                x=[r["year"] for r in rows],
                y=[r["new_researchers"] for r in rows],
                name="new researchers",
                legendgroup="new",
                showlegend=i == 1,
                marker={
                    "color": "#9ecae1",
                    "pattern": {"shape": ["/" if r["partial"] else "" for r in rows]},
                },
                hovertemplate="new researchers<br>%{x}: %{y:,d}<extra></extra>",
            ),
            row=1,
            col=i,
        )
        for r in rows:
            if r["suppressed"] and r["new_researchers"] is None:
                marks[(1, i, r["year"])].append(f"new researchers, {r['year']}")
        _line(
            fig,
            rows,
            "headcount",
            "headcount",
            "#08519c",
            ",d",
            col=i,
            showlegend=i == 1,
            marks=marks,
        )
    chart.notes += _finish_yearly(fig, cohorts, partial_years, marks, k)
    fig.update_yaxes(title_text="researchers", col=1, rangemode="tozero")
    chart.figure = _layout(fig, 420)
    return chart


def phd_chart(names, cohorts, totals, partial_years, k) -> Chart:
    chart = Chart(
        "phd-share",
        "PhD share of new researchers",
        ("researcher_cohorts.new_with_phd", "researcher_cohorts.phd_share"),
    )
    by_company = _by_company(cohorts)
    if not by_company:
        return chart
    chart.n = _people({c: totals[c]["with_shares"] for c in by_company}, names, "new researchers")
    fig = make_subplots(rows=1, cols=1)
    marks: dict = defaultdict(list)
    for i, (company, rows) in enumerate(by_company.items()):
        color = COMPANY_COLORS[i % len(COMPANY_COLORS)]
        _line(fig, rows, "phd_share", names[company], color, ".0%", marks=marks)
    chart.notes += _finish_yearly(fig, cohorts, partial_years, marks, k)
    fig.update_yaxes(title_text="share of new researchers", tickformat=".0%", range=[0, 1.05])
    chart.figure = _layout(fig, 420)
    return chart


def fresh_chart(names, cohorts, totals, partial_years, k) -> Chart:
    chart = Chart(
        "fresh-shares",
        "Fresh-graduate and fresh-PhD shares of new researchers",
        (
            "researcher_cohorts.fresh_grads",
            "researcher_cohorts.fresh_grad_share",
            "researcher_cohorts.fresh_phds",
            "researcher_cohorts.fresh_phd_share",
        ),
    )
    if cohorts:
        chart.n = _people(
            {c: totals[c]["with_shares"] for c in _by_company(cohorts)}, names, "new researchers"
        )
    series = [
        ("fresh_grad_share", "fresh-graduate share", "#2ca02c"),
        ("fresh_phd_share", "fresh-PhD share", "#9467bd"),
    ]
    yaxis = {"tickformat": ".0%", "range": [0, 1.05]}
    _cohort_chart(names, cohorts, partial_years, k, chart, series, ".0%", yaxis)
    if chart.figure:
        chart.figure.update_yaxes(title_text="share of new researchers", col=1)
    return chart


def age_chart(names, cohorts, aged, partial_years, k) -> Chart:
    chart = Chart(
        "age",
        "Average age of the team and of new researchers",
        ("researcher_cohorts.avg_age_team", "researcher_cohorts.avg_age_new"),
    )
    if cohorts and aged:
        counts = {c: aged[c]["with_estimate"] for c in _by_company(cohorts) if c in aged}
        chart.n = _people(counts, names, "researchers with a birth-year estimate") + (
            " Researchers without one are left out."
        )
    series = [
        ("avg_age_team", "team (headcount)", "#08519c"),
        ("avg_age_new", "new researchers", "#fd8d3c"),
    ]
    _cohort_chart(names, cohorts, partial_years, k, chart, series, ".1f", {})
    if chart.figure:
        chart.figure.update_yaxes(title_text="mean age (years)", col=1)
    return chart


def schools_chart(names, schools, eras, home_country, k, top=10) -> Chart:
    chart = Chart(
        "schools",
        f"Top {top} schools of researchers per company and era, and the overseas-educated share",
        (
            "education_backgrounds.researchers",
            "education_backgrounds.rank",
            "researcher_cohorts.overseas_educated",
        ),
    )
    panels: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in schools:
        panels[(r["company_id"], r["era"])].append(r)
    companies = [c for c in names if any((c, e) in panels for e in ERA_LABELS)]
    if not companies:
        return chart
    titles, total = [], 0
    for c in companies:
        for era, era_label in ERA_LABELS.items():
            e = eras.get((c, era), {})
            total += e.get("researchers", 0)
            share = e.get("overseas_share")
            overseas = f"overseas-educated {share:.0%}" if share is not None else "overseas: n/a"
            titles.append(
                f"<b>{names[c]}</b> · {era_label}<br>n={e.get('researchers', 0):,} · {overseas}"
            )
    chart.n = (
        f"n = {total:,} researchers; each panel's n (in its title) is the company's researchers "
        "of that era, and the bars are shares of that n."
    )
    # rank ≤ top keeps ties, so a panel may hold more than `top` schools: size rows to fit
    lines = max(len(rows) for rows in panels.values())
    panel, gap, margins = 18 * lines + 10, 110, 110 + 50
    plots = len(companies) * panel + (len(companies) - 1) * gap
    fig = make_subplots(
        rows=len(companies),
        cols=2,
        subplot_titles=titles,
        horizontal_spacing=0.3,
        vertical_spacing=gap / plots,
    )
    groups = {
        "home": (f"studied in {home_country}", "#4c78a8"),
        "abroad": (f"studied outside {home_country}", "#f58518"),
        "unknown": ("country unknown", "#bab0ac"),
    }
    shown: set[str] = set()
    marks: dict = defaultdict(list)
    suppressed = 0
    for i, c in enumerate(companies, start=1):
        for j, era in enumerate(ERA_LABELS, start=1):
            rows = panels.get((c, era), [])
            for group, (label, color) in groups.items():
                picked = [
                    r
                    for r in rows
                    if r["researchers"] is not None and _origin(r["country"], home_country) == group
                ]
                if not picked:
                    continue
                fig.add_trace(
                    go.Bar(
                        orientation="h",
                        x=[r["share"] for r in picked],
                        y=[r["institution_org_id"] for r in picked],
                        text=[_count(r["researchers"]) for r in picked],
                        textposition="outside",
                        textfont={"size": 10},
                        cliponaxis=False,
                        customdata=[
                            [r["institution_name"], r["country"] or "?", r["rank"]] for r in picked
                        ],
                        hovertemplate="%{customdata[0]} (%{customdata[1]})<br>rank "
                        "%{customdata[2]}: %{text} researchers, %{x:.1%}<extra></extra>",
                        name=label,
                        legendgroup=group,
                        showlegend=group not in shown,
                        marker={"color": color},
                    ),
                    row=i,
                    col=j,
                )
                shown.add(group)
            for r in rows:
                if r["suppressed"] and r["researchers"] is None:
                    marks[(i, j, r["institution_org_id"])].append(r["institution_name"])
                    suppressed += 1
            ids = [r["institution_org_id"] for r in rows]
            fig.update_yaxes(
                tickmode="array",
                tickvals=ids,
                ticktext=[_short(r["institution_name"]) for r in rows],
                categoryorder="array",
                categoryarray=ids,
                autorange="reversed",
                row=i,
                col=j,
            )
            if not rows:
                fig.add_annotation(
                    text="no schools known for this era",
                    x=0.5,
                    y=0.5,
                    xref="x domain",
                    yref="y domain",
                    showarrow=False,
                    font={"color": MUTED},
                    row=i,
                    col=j,
                )
    _suppressed_marks(fig, marks, k, axis="x")
    chart.notes += _suppressed_note(suppressed, k)
    chart.notes.append(
        "Bars: share of the company's researchers of that era who studied at the school (any "
        "degree), labelled with their number; schools tied at a rank are all shown. The "
        "overseas-educated share in each title is over the same researchers."
    )
    fig.update_xaxes(tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(tickfont={"size": 11})
    for a in fig.layout.annotations:
        if a.text in titles:
            a.font = {"size": 12}
    _layout(fig, plots + margins)
    fig.update_layout(margin={"l": 200, "t": 110, "b": 50}, bargap=0.25)
    chart.figure = fig
    return chart


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _short(name: str, width: int = 30) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _origin(country: str | None, home: str) -> str:
    if not country:
        return "unknown"
    return "home" if country.upper() == home.upper() else "abroad"


def inflows_chart(names, inflows, k) -> Chart:
    chart = Chart(
        "inflows",
        "Where experienced hires come from, pre-LLM era vs LLM era",
        ("company_inflows", "company_inflows.share_of_experienced"),
    )
    companies = [c for c in names if any(r["company_id"] == c for r in inflows)]
    if not companies:
        return chart
    eras = list(ERA_LABELS)
    x = [ERA_LABELS[e].replace(" (", "<br>(") for e in eras]
    fig = _facets([names[c] for c in companies], shared_yaxes=True, horizontal_spacing=0.04)
    totals: dict[tuple[str, str], int] = {}
    suppressed: dict[tuple[str, str], int] = defaultdict(int)
    for r in inflows:
        totals[(r["company_id"], r["era"])] = r["experienced"] or 0
        suppressed[(r["company_id"], r["era"])] += r["suppressed_cells"]
    for i, c in enumerate(companies, start=1):
        cells = {(r["era"], r["source_category"]): r for r in inflows if r["company_id"] == c}
        for category in data.SOURCE_CATEGORIES:
            got = [cells.get((e, category)) for e in eras]
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=[g["share"] if g else None for g in got],
                    customdata=[_with_suppressed(g, k) for g in got],
                    name=CATEGORY_LABELS[category],
                    legendgroup=category,
                    showlegend=i == 1,
                    marker={"color": CATEGORY_COLORS[category]},
                    hovertemplate=f"{CATEGORY_LABELS[category]}: %{{y:.1%}} "
                    "(%{customdata} researchers)<extra></extra>",
                ),
                row=1,
                col=i,
            )
        for xi, e in zip(x, eras, strict=True):
            label = f"n={totals.get((c, e), 0):,}"
            if suppressed.get((c, e)):
                label += f"<br>&lt;{k} ×{suppressed[(c, e)]}"
            fig.add_annotation(
                text=label,
                x=xi,
                y=1.0,
                yanchor="bottom",
                showarrow=False,
                font={"size": 11, "color": MUTED},
                row=1,
                col=i,
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    fig.update_yaxes(title_text="share of experienced new researchers", col=1)
    eras_n = {
        f"{names[c]} {ERA_LABELS[e].split(' (')[0]}": totals.get((c, e), 0)
        for c in companies
        for e in eras
    }
    chart.n = (
        f"n = {sum(eras_n.values()):,} experienced new researchers (with a prior spell; fresh "
        "graduates and unknown sources left out): "
        + ", ".join(f"{k_} {v:,}" for k_, v in eras_n.items())
        + "."
    )
    chart.notes.append(
        "Shares are pooled over the join years of each era (the LLM era: 2023 on, the current "
        "year included)."
    )
    chart.notes += _suppressed_note(sum(suppressed.values()), k)
    chart.figure = _layout(fig, 460)
    return chart


def _with_suppressed(cell: dict | None, k: int) -> str:
    """A cell's published count, and how many suppressed cells it leaves out (hover text)."""
    if not cell:
        return ""
    shown = f"{cell['researchers'] or 0:,}"
    hidden = cell["suppressed_cells"]
    return shown + (f" + {hidden} suppressed cell{'s' * (hidden > 1)} of &lt;{k}" if hidden else "")


def leavers_chart(names, leavers, partial_years, k) -> Chart:
    chart = Chart(
        "leavers",
        "Where leavers go, by leave year",
        ("leaver_destinations", "leaver_destinations.share_of_leavers"),
    )
    companies = [c for c in names if any(r["company_id"] == c for r in leavers)]
    if not companies:
        return chart
    fig = _facets([names[c] for c in companies], shared_yaxes=True, horizontal_spacing=0.04)
    n: dict[str, int] = {}
    suppressed = 0
    for i, c in enumerate(companies, start=1):
        rows = [r for r in leavers if r["company_id"] == c]
        years = sorted({r["leave_year"] for r in rows})
        year_info = {r["leave_year"]: r for r in rows}
        n[c] = sum(year_info[y]["leavers"] or 0 for y in years)
        hatch = ["/" if y in partial_years else "" for y in years]
        for category in data.DESTINATION_CATEGORIES:
            cells = {r["leave_year"]: r for r in rows if r["destination_category"] == category}
            fig.add_trace(
                go.Bar(
                    x=years,
                    y=[cells[y]["share"] if y in cells else None for y in years],
                    customdata=[_with_suppressed(cells.get(y), k) for y in years],
                    name=CATEGORY_LABELS[category],
                    legendgroup=category,
                    showlegend=i == 1,
                    marker={"color": CATEGORY_COLORS[category], "pattern": {"shape": hatch}},
                    hovertemplate=f"{CATEGORY_LABELS[category]}, %{{x}}: %{{y:.0%}} "
                    "(%{customdata} leavers)<extra></extra>",
                ),
                row=1,
                col=i,
            )
        for y in years:
            info = year_info[y]
            label = f"{info['leavers'] or 0}"
            if info["suppressed_in_year"]:
                label += f"<br>&lt;{k}×{info['suppressed_in_year']}"
                suppressed += info["suppressed_in_year"]
            fig.add_annotation(
                text=label,
                x=y,
                y=1.0,
                yanchor="bottom",
                showarrow=False,
                font={"size": 9, "color": MUTED},
                row=1,
                col=i,
            )
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    fig.update_yaxes(title_text="share of the year's leavers", col=1)
    _year_axis(fig, [r["leave_year"] for r in leavers])
    chart.n = _people(n, names, "leavers") + " Above each bar: the year's leavers."
    if partial_years:
        chart.notes.append(
            f"{', '.join(map(str, partial_years))} is a partial year (to date): hatched bars."
        )
    chart.notes += _suppressed_note(suppressed, k)
    chart.figure = _layout(fig, 440)
    return chart


def flow_chart(names, flows, k) -> Chart:
    chart = Chart(
        "leaver-flow",
        "Where leavers go: flows from each company to destination categories",
        ("leaver_destinations", "leaver_destinations.researchers"),
    )
    flows = [r for r in flows if r["researchers"] > 0 or r["suppressed_cells"]]
    companies = [c for c in names if any(r["company_id"] == c and r["researchers"] for r in flows)]
    if not companies:
        return chart
    categories = [
        c
        for c in data.DESTINATION_CATEGORIES
        if any(r["destination_category"] == c and r["researchers"] for r in flows)
    ]
    out = {c: sum(r["researchers"] for r in flows if r["company_id"] == c) for c in companies}
    into = {
        c: sum(r["researchers"] for r in flows if r["destination_category"] == c)
        for c in categories
    }
    node = {c: i for i, c in enumerate(companies)}
    node |= {c: len(companies) + i for i, c in enumerate(categories)}
    links = [r for r in flows if r["researchers"] and r["company_id"] in node]
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            valueformat=",d",
            valuesuffix=" leavers",
            node={
                "label": [f"{names[c]} ({out[c]:,})" for c in companies]
                + [f"{CATEGORY_LABELS[c]} ({into[c]:,})" for c in categories],
                "color": [COMPANY_COLORS[i % len(COMPANY_COLORS)] for i in range(len(companies))]
                + [CATEGORY_COLORS[c] for c in categories],
                "pad": 18,
                "thickness": 18,
            },
            link={
                "source": [node[r["company_id"]] for r in links],
                "target": [node[r["destination_category"]] for r in links],
                "value": [r["researchers"] for r in links],
                "color": [_rgba(CATEGORY_COLORS[r["destination_category"]]) for r in links],
            },
        )
    )
    chart.n = _people(out, names, "leavers over all leave years")
    chart.notes.append("Widths are numbers of leavers, all leave years together.")
    chart.notes += [
        s.replace("shown as", "left out of the flows; elsewhere shown as")
        for s in _suppressed_note(sum(r["suppressed_cells"] for r in flows), k)
    ]
    _layout(fig, 460)
    fig.update_layout(margin={"t": 30, "b": 20, "l": 20, "r": 20})
    chart.figure = fig
    return chart


def _rgba(color: str, alpha: float = 0.45) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def charts(m: data.Marts, home_country: str = "CN", k: int = 5) -> list[Chart]:
    """Every chart of the report, in page order."""
    names = data.companies(m)
    cohorts = data.cohorts(m)
    totals = data.cohort_totals(m)
    partial_years = sorted({r["year"] for r in cohorts if r["partial"]})
    return [
        headcount_chart(names, cohorts, totals, partial_years, k),
        phd_chart(names, cohorts, totals, partial_years, k),
        fresh_chart(names, cohorts, totals, partial_years, k),
        age_chart(names, cohorts, data.aged_researchers(m), partial_years, k),
        schools_chart(names, data.top_schools(m), data.eras(m), home_country, k),
        inflows_chart(names, data.inflows_by_era(m), k),
        leavers_chart(names, data.leavers_by_year(m), partial_years, k),
        flow_chart(names, data.leaver_flows(m), k),
    ]
