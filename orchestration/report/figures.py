"""The study's charts as Plotly figures, one per question, faceted by company.

A chart with nothing to draw has no figure (the page says so). A suppressed cell (fewer than k
people, published with null counts) is labelled "<k" at the foot of its place and never drawn
as zero; the current, incomplete year is drawn dotted with a hollow marker, or hatched. The LLM
era is shaded and named from the year it starts in (data.Marts.llm_era_start).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orchestration.report import data

COMPANY_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
# Source and destination categories (docs/methodology.md#organizations) in the order they
# stack, with their label and color; a category not named here is drawn after them, grey.
CATEGORIES = (
    ("big_tech_cn", "big tech (CN)", "#4c78a8"),
    ("foreign_company", "foreign company", "#f58518"),
    ("startup", "startup", "#54a24b"),
    ("academia", "academia", "#b279a2"),
    ("other_company", "other company", "#9d755d"),
    ("unknown", "unknown", "#bab0ac"),
)
ERA_NAMES = {data.PRE_LLM: "pre-LLM", data.LLM: "LLM era"}
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
    notes = []
    for (row, col, x), who in marks.items():
        where = {"x": x, "y": 0, "yref": "y domain", "yanchor": "bottom"}
        if axis == "x":  # horizontal bars: the foot is the left edge
            where = {"x": 0, "xref": "x domain", "xanchor": "left", "y": x}
        notes.append(
            {
                "text": f"&lt;{k}",
                "hovertext": "<br>".join(f"{w}: fewer than {k} people (suppressed)" for w in who),
                "showarrow": False,
                "font": {"size": 11, "color": MUTED},
                "row": row,
                "col": col,
                **where,
            }
        )
    _annotate(fig, notes)


def _annotate(fig: go.Figure, notes: list[dict]) -> None:
    """Add every note at once, each placed in its subplot (`row`, `col`) as add_annotation
    places it: Plotly's add_annotation validates every annotation so far at each call, so that
    one call per note took seconds for a small world's many suppressed cells."""
    placed = []
    for note in notes:
        note = dict(note)
        subplot = fig.get_subplot(note.pop("row"), note.pop("col"))
        for axis in (subplot.xaxis, subplot.yaxis):
            letter = axis.plotly_name[0]
            ref = axis.plotly_name.replace("axis", "")
            given = note.get(f"{letter}ref", letter)
            note[f"{letter}ref"] = f"{ref} domain" if given.endswith("domain") else ref
        placed.append(note)
    fig.update_layout(annotations=[*fig.layout.annotations, *placed])


def _categories(found) -> list[str]:
    """The categories in `found`, in stacking order."""
    found = set(found)
    known = [category for category, _label, _color in CATEGORIES]
    return [c for c in known if c in found] + sorted(found - set(known))


def _category(category: str) -> tuple[str, str]:
    """A category's label and color."""
    styles = {c: (label, color) for c, label, color in CATEGORIES}
    return styles.get(category, (category.replace("_", " "), "#c7c7c7"))


def llm_era_span(start: int) -> str:
    """When the LLM era is: "<start> on"."""
    return f"{start} on"


def era_label(era: str, start: int | None) -> str:
    """An era's name with the join years it holds ("LLM era (joined ≥ <start>)", "pre-LLM
    (joined ≤ <start − 1>)"); the bare name when the start is not known."""
    if start is None:
        return ERA_NAMES[era]
    joined = f"≥ {start}" if era == data.LLM else f"≤ {start - 1}"
    return f"{ERA_NAMES[era]} (joined {joined})"


def _suppressed_note(cells: int, k: int) -> list[str]:
    if not cells:
        return []
    return [
        f"{cells} published cell{'s' if cells != 1 else ''} counted fewer than {k} people and "
        f"{'are' if cells != 1 else 'is'} suppressed: shown as <{k}, not drawn as zero."
    ]


def _llm_era(fig: go.Figure, last_year: int, start: int | None) -> None:
    """The LLM era shaded from its first year to `last_year`, with a legend entry."""
    if start is None or last_year < start:
        return
    _legend_only(
        fig,
        f"LLM era ({llm_era_span(start)})",
        mode="markers",
        marker={"symbol": "square", "size": 14, "color": LLM_SHADE},
    )
    fig.add_vrect(
        x0=start - 0.5,
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


def _people(counts: dict[str, int], names: dict[str, str], what: str, then: str = "") -> str:
    total = sum(counts.values())
    each = ", ".join(f"{names.get(c, c)} {n:,}" for c, n in counts.items())
    return f"n = {total:,} {what}" + (f" ({each})" if len(counts) > 1 else "") + then + "."


@dataclass
class Cohorts:
    """What the yearly charts of researcher_cohorts draw from: its rows (data.cohorts), the
    totals per company (data.cohort_totals), the suppression threshold k and the first year of
    the LLM era."""

    names: dict[str, str]
    rows: list[dict]
    totals: dict[str, dict]
    k: int
    era_start: int | None

    @property
    def by_company(self) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = defaultdict(list)
        for r in self.rows:
            grouped[r["company_id"]].append(r)
        return grouped

    @property
    def partial_years(self) -> list[int]:
        return sorted({r["year"] for r in self.rows if r["partial"]})

    def n(self, total: str, what: str, then: str = "") -> str:
        """A chart's n: the column `total` of the totals, per company ("" without cohorts)."""
        if not self.rows:
            return ""
        counts = {c: self.totals[c][total] for c in self.by_company}
        return _people(counts, self.names, what, then)


SHARE_OF_NEW = "share of new researchers"
SHARE_AXIS = {"tickformat": ".0%", "range": [0, 1.05]}


def _cohort_chart(chart, cohorts: Cohorts, draw, ytitle, *, single=False, **yaxis) -> Chart:
    """A yearly chart of researcher_cohorts, a company at a time: draw(fig, i, rows, marks)
    draws company i (from 0) into facet i + 1 (into the one plot when `single`), a suppressed
    value into `marks`. The LLM era shaded, the partial year and the suppressed values noted;
    no figure when there are no cohorts."""
    by_company = cohorts.by_company
    if not by_company:
        return chart
    if single:
        fig = make_subplots(rows=1, cols=1)
    else:
        fig = _facets(
            [cohorts.names[c] for c in by_company], shared_yaxes=True, horizontal_spacing=0.04
        )
    marks: dict = defaultdict(list)
    for i, rows in enumerate(by_company.values()):
        draw(fig, i, rows, marks)
    years = [r["year"] for r in cohorts.rows]
    _llm_era(fig, max(years), cohorts.era_start)
    if cohorts.partial_years:
        chart.notes.append(_partial_legend(fig, cohorts.partial_years))
    _suppressed_marks(fig, marks, cohorts.k)
    chart.notes += _suppressed_note(len(marks), cohorts.k)
    _year_axis(fig, years)
    fig.update_yaxes(**yaxis)
    fig.update_yaxes(title_text=ytitle, col=1)
    chart.figure = _layout(fig, 420)
    return chart


def _series(series, fmt):
    """A draw of _cohort_chart: lines of researcher_cohorts columns in each company's facet,
    series = [(column, label, color)]."""

    def draw(fig, i, rows, marks):
        for column, label, color in series:
            _line(fig, rows, column, label, color, fmt, col=i + 1, showlegend=i == 0, marks=marks)

    return draw


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    """The same years on every facet, each year labelled when there are few. (An explicit
    range, not `matches`: matching x to itself makes Plotly drop the y autorange.)"""
    first, last = min(years), max(years)
    fig.update_xaxes(
        range=[first - 0.5, last + 0.5], dtick=1 if last - first <= 10 else 2, tickformat="d"
    )


def headcount_chart(cohorts: Cohorts) -> Chart:
    chart = Chart(
        "headcount",
        "Researchers and new researchers per company, by year",
        (
            "researcher_cohorts.headcount",
            "researcher_cohorts.stale_headcount",
            "researcher_cohorts.new_researchers",
        ),
    )
    chart.n = cohorts.n(
        "researchers",
        "researchers",
        ", each counted once among the new researchers, in the year they joined",
    )
    headcount = _series(
        [
            ("headcount", "headcount", "#08519c"),
            ("stale_headcount", "of which on stale open spells", "#fd8d3c"),
        ],
        ",d",
    )

    def draw(fig, i, rows, marks):
        fig.add_trace(
            go.Bar(
                x=[r["year"] for r in rows],
                y=[r["new_researchers"] for r in rows],
                name="new researchers",
                legendgroup="new",
                showlegend=i == 0,
                marker={
                    "color": "#9ecae1",
                    "pattern": {"shape": ["/" if r["partial"] else "" for r in rows]},
                },
                hovertemplate="new researchers<br>%{x}: %{y:,d}<extra></extra>",
            ),
            row=1,
            col=i + 1,
        )
        for r in rows:
            if r["suppressed"] and r["new_researchers"] is None:
                marks[(1, i + 1, r["year"])].append(f"new researchers, {r['year']}")
        headcount(fig, i, rows, marks)

    return _cohort_chart(chart, cohorts, draw, "researchers", rangemode="tozero")


def phd_chart(cohorts: Cohorts) -> Chart:
    chart = Chart(
        "phd-share",
        "PhD share of new researchers",
        ("researcher_cohorts.new_with_phd", "researcher_cohorts.phd_share"),
    )
    chart.n = cohorts.n("with_shares", "new researchers")

    def draw(fig, i, rows, marks):  # every company in the one plot, a color each
        name = cohorts.names[rows[0]["company_id"]]
        color = COMPANY_COLORS[i % len(COMPANY_COLORS)]
        _line(fig, rows, "phd_share", name, color, ".0%", marks=marks)

    return _cohort_chart(chart, cohorts, draw, SHARE_OF_NEW, single=True, **SHARE_AXIS)


def fresh_chart(cohorts: Cohorts) -> Chart:
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
    chart.n = cohorts.n("with_shares", "new researchers")
    series = [
        ("fresh_grad_share", "fresh-graduate share", "#2ca02c"),
        ("fresh_phd_share", "fresh-PhD share", "#9467bd"),
    ]
    return _cohort_chart(chart, cohorts, _series(series, ".0%"), SHARE_OF_NEW, **SHARE_AXIS)


def age_chart(cohorts: Cohorts, aged: dict[str, dict]) -> Chart:
    chart = Chart(
        "age",
        "Average age of the team and of new researchers",
        ("researcher_cohorts.avg_age_team", "researcher_cohorts.avg_age_new"),
    )
    if cohorts.rows and aged:
        counts = {c: aged[c]["with_estimate"] for c in cohorts.by_company if c in aged}
        chart.n = _people(counts, cohorts.names, "researchers with a birth-year estimate") + (
            " Researchers without one are left out."
        )
    series = [
        ("avg_age_team", "team (headcount)", "#08519c"),
        ("avg_age_new", "new researchers", "#fd8d3c"),
    ]
    return _cohort_chart(chart, cohorts, _series(series, ".1f"), "mean age (years)")


def schools_chart(names, schools, eras, home_country, k, era_start, top=10) -> Chart:
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
    companies = [c for c in names if any((c, e) in panels for e in data.ERAS)]
    if not companies:
        return chart
    titles, total = [], 0
    for c in companies:
        for era in data.ERAS:
            e = eras.get((c, era), {})
            total += e.get("researchers", 0)
            share = e.get("overseas_share")
            overseas = f"overseas-educated {share:.0%}" if share is not None else "overseas: n/a"
            titles.append(
                f"<b>{names[c]}</b> · {era_label(era, era_start)}<br>"
                f"n={e.get('researchers', 0):,} · {overseas}"
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
        # Plotly takes the gap as a share of the height, and refuses more than 1: one row has none
        vertical_spacing=gap / plots if len(companies) > 1 else 0,
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
        for j, era in enumerate(data.ERAS, start=1):
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
            if rows and all(r["researchers"] is None for r in rows):
                # every school suppressed: a trace of no bars gives the axis its schools, the
                # places of the "<k" marks (without one, Plotly places them at NaN)
                fig.add_trace(
                    go.Bar(
                        orientation="h",
                        x=[None] * len(ids),
                        y=ids,
                        showlegend=False,
                        hoverinfo="skip",
                    ),
                    row=i,
                    col=j,
                )
                fig.update_xaxes(range=[0, 1], row=i, col=j)
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


def _stacked_by_category(names, rows, places, k, *, what, tick, prefix="", hatch=()):
    """Stacked bars of category shares, a facet per company and a bar per place (an era or a
    year), from the rows of data.shares_by_category. Above each bar its n (`prefix` and the
    place's total; none where every cell is suppressed) and "<k ×m" for the m suppressed cells
    it leaves out; the bars of a place in `hatch` are hatched. Returns the figure (None when no
    company has a row), the n per company and place, and the suppressed cells in all. tick: a
    place's label on the x axis."""
    companies = [c for c in names if any(r["company_id"] == c for r in rows)]
    if not companies:
        return None, {}, 0
    fig = _facets([names[c] for c in companies], shared_yaxes=True, horizontal_spacing=0.04)
    cells = {(r["company_id"], r["place"], r["category"]): r for r in rows}
    places_of = {(r["company_id"], r["place"]): r for r in rows}
    x = [tick(p) for p in places]
    shape = ["/" if p in hatch else "" for p in places]
    n: dict[tuple[str, object], int] = {}
    notes = []
    suppressed = 0
    for i, c in enumerate(companies, start=1):
        for category in _categories(r["category"] for r in rows):
            label, color = _category(category)
            got = [cells.get((c, p, category)) for p in places]
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=[g["share"] if g else None for g in got],
                    customdata=[_with_suppressed(g, k) for g in got],
                    name=label,
                    legendgroup=category,
                    showlegend=i == 1,
                    marker={"color": color, "pattern": {"shape": shape}},
                    hovertemplate=f"{label}, %{{x}}: %{{y:.1%}} "
                    f"(%{{customdata}} {what})<extra></extra>",
                ),
                row=1,
                col=i,
            )
        for xi, p in zip(x, places, strict=True):
            place = places_of.get((c, p), {})
            n[(c, p)] = place.get("total") or 0
            # a place whose every cell is suppressed has no n to show, only its "<k": not a 0
            label = [] if place and place.get("total") is None else [f"{prefix}{n[(c, p)]:,}"]
            if place.get("suppressed_in_total"):
                label.append(f"&lt;{k} ×{place['suppressed_in_total']}")
                suppressed += place["suppressed_in_total"]
            notes.append(
                {
                    "text": "<br>".join(label),
                    "x": xi,
                    "y": 1.0,
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 11 if len(places) <= 4 else 9, "color": MUTED},
                    "row": 1,
                    "col": i,
                }
            )
    _annotate(fig, notes)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    return fig, n, suppressed


def _with_suppressed(cell: dict | None, k: int) -> str:
    """A cell's published count, and how many suppressed cells it leaves out (hover text)."""
    if not cell:
        return ""
    shown = f"{cell['researchers'] or 0:,}"
    hidden = cell["suppressed_cells"]
    return shown + (f" + {hidden} suppressed cell{'s' * (hidden > 1)} of &lt;{k}" if hidden else "")


def inflows_chart(names, inflows, k, era_start, mart="company_inflows") -> Chart:
    """mart: the mart of `inflows` (data.INFLOW_MARTS), whose definitions the chart states."""
    chart = Chart(
        "inflows",
        "Where experienced hires come from, pre-LLM era vs LLM era",
        (mart, f"{mart}.share_of_experienced"),
    )
    fig, n, suppressed = _stacked_by_category(
        names,
        inflows,
        data.ERAS,
        k,
        what="researchers",
        tick=lambda era: era_label(era, era_start).replace(" (", "<br>("),
        prefix="n=",
    )
    if fig is None:
        return chart
    fig.update_yaxes(title_text="share of experienced new researchers", col=1)
    chart.n = (
        f"n = {sum(n.values()):,} experienced new researchers (with a prior spell; fresh "
        "graduates and unknown sources left out): "
        + ", ".join(f"{names[c]} {ERA_NAMES[era]} {v:,}" for (c, era), v in n.items())
        + "."
    )
    pooled = "Shares are pooled over the join years of each era"
    if era_start is not None:
        pooled += f" (the LLM era: {llm_era_span(era_start)}, the current year included)"
    chart.notes.append(pooled + ".")
    chart.notes += _suppressed_note(suppressed, k)
    chart.figure = _layout(fig, 460)
    return chart


def leavers_chart(names, leavers, partial_years, k, mart="leaver_destinations") -> Chart:
    """mart: the mart of `leavers` (data.LEAVER_MARTS), whose definitions the chart states."""
    chart = Chart(
        "leavers",
        "Where leavers go, by leave year",
        (mart, f"{mart}.share_of_leavers"),
    )
    years = sorted({r["place"] for r in leavers})
    fig, n, suppressed = _stacked_by_category(
        names, leavers, years, k, what="leavers", tick=lambda year: year, hatch=partial_years
    )
    if fig is None:
        return chart
    fig.update_layout(bargap=0.15)
    fig.update_yaxes(title_text="share of the year's leavers", col=1)
    _year_axis(fig, years)
    per_company: dict[str, int] = defaultdict(int)
    for (c, _year), v in n.items():
        per_company[c] += v
    chart.n = _people(per_company, names, "leavers") + " Above each bar: the year's leavers."
    if partial_years:
        chart.notes.append(
            f"{', '.join(map(str, partial_years))} is a partial year (to date): hatched bars."
        )
    chart.notes += _suppressed_note(suppressed, k)
    chart.figure = _layout(fig, 440)
    return chart


def flow_chart(names, flows, k, mart="leaver_destinations") -> Chart:
    """mart: the mart of `flows` (data.LEAVER_MARTS), whose definitions the chart states."""
    chart = Chart(
        "leaver-flow",
        "Where leavers go: flows from each company to destination categories",
        (mart, f"{mart}.researchers"),
    )
    flows = [r for r in flows if r["researchers"] > 0 or r["suppressed_cells"]]
    companies = [c for c in names if any(r["company_id"] == c and r["researchers"] for r in flows)]
    if not companies:
        return chart
    categories = _categories(r["destination_category"] for r in flows if r["researchers"])
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
                + [f"{_category(c)[0]} ({into[c]:,})" for c in categories],
                "color": [COMPANY_COLORS[i % len(COMPANY_COLORS)] for i in range(len(companies))]
                + [_category(c)[1] for c in categories],
                "pad": 18,
                "thickness": 18,
            },
            link={
                "source": [node[r["company_id"]] for r in links],
                "target": [node[r["destination_category"]] for r in links],
                "value": [r["researchers"] for r in links],
                "color": [_rgba(_category(r["destination_category"])[1]) for r in links],
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
    cohorts = Cohorts(names, data.cohorts(m), data.cohort_totals(m), k, m.llm_era_start)
    inflows = m.first(data.INFLOW_MARTS) or data.INFLOW_MARTS[-1]
    leavers = m.first(data.LEAVER_MARTS) or data.LEAVER_MARTS[-1]
    return [
        headcount_chart(cohorts),
        phd_chart(cohorts),
        fresh_chart(cohorts),
        age_chart(cohorts, data.aged_researchers(m)),
        schools_chart(names, data.top_schools(m), data.eras(m), home_country, k, m.llm_era_start),
        inflows_chart(names, data.inflows_by_era(m), k, m.llm_era_start, inflows),
        leavers_chart(names, data.leavers_by_year(m), cohorts.partial_years, k, leavers),
        flow_chart(names, data.leaver_flows(m), k, leavers),
    ]
