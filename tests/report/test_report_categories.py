"""Inflows and leavers are drawn from the marts by category (company_inflow_categories,
leaver_destination_categories) when the published file has them: a category's cell sums the
cells of its organizations, so suppression hides only what is small at that level. Without
them, the charts fall back to the marts by organization. A suppressed category cell still
reads "<5"."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.report import write_report
from orchestration.report.data import Marts
from orchestration.report.figures import charts
from orchestration.report.texts import BUILT_IN
from tests.report.helpers import make_marts, visible_text

BY_ORGANIZATION = {
    "company_inflows": ("share_of_cohort", "share_of_experienced"),
    "leaver_destinations": ("share_of_leavers", "share_of_known"),
}


def draw(marts: Path, tmp_path: Path) -> tuple[str, dict]:
    """The page's visible text and the charts by id."""
    text = visible_text(write_report(marts, tmp_path / "report.html").read_text())
    with Marts(marts) as m:
        return text, {c.id: c for c in charts(m)}


def suppress_every_organization(marts: Path) -> None:
    """As in a small build: every cell of the marts by organization counts fewer than k."""
    with duckdb.connect(str(marts)) as con:
        for table, shares in BY_ORGANIZATION.items():
            nulls = ", ".join(f"{column} = null" for column in ("researchers", *shares))
            con.execute(f"update {table} set {nulls}, suppressed = true")


def bar(figure, name: str) -> dict:
    """The share per place (year, or era 0 and 1) of the bars of category `name` in
    ByteDance's facet."""
    trace = next(t for t in figure.data if t.name == name and t.xaxis == "x")
    places = trace.x if figure.layout.xaxis.tickformat == "d" else range(len(trace.x))
    return dict(zip(places, trace.y, strict=True))


def flows(figure) -> dict[tuple[str, str], int]:
    """(company, destination) → leavers, from the Sankey's links (labels without their n)."""
    [sankey] = figure.data
    labels = [label.rsplit(" (", 1)[0] for label in sankey.node.label]
    return {
        (labels[s], labels[t]): v
        for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)
    }


FLOWS = {  # the published leavers of helpers.LEAVERS, all years together
    ("ByteDance", "foreign company"): 6,
    ("ByteDance", "startup"): 6,
    ("ByteDance", "big tech (CN)"): 5,  # the 2024 academia cell is suppressed: no flow
    ("Tencent", "unknown"): 7,
    ("Tencent", "big tech (CN)"): 5,
}


def test_the_marts_by_category_are_drawn_when_the_organizations_are_all_suppressed(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    suppress_every_organization(marts)
    text, found = draw(marts, tmp_path)
    assert found["inflows"].keys == (
        "company_inflow_categories",
        "company_inflow_categories.share_of_experienced",
    )
    for chart in ("leavers", "leaver-flow"):
        assert found[chart].keys[0] == "leaver_destination_categories"
    assert BUILT_IN["leaver_destination_categories"] in text  # the definitions of what is drawn
    # ByteDance's LLM-era experienced hires: 6 of 8 from startups
    assert bar(found["inflows"].figure, "startup")[1] == pytest.approx(6 / 8)
    assert "n = 32 experienced new researchers" in text
    # ByteDance's 12 leavers of 2022: half to a foreign company, half to a startup
    leavers = found["leavers"].figure
    assert bar(leavers, "foreign company")[2022] == pytest.approx(0.5)
    assert bar(leavers, "startup")[2022] == pytest.approx(0.5)
    assert "n = 33 leavers (ByteDance 21, Tencent 12)" in text
    assert flows(found["leaver-flow"].figure) == FLOWS


def test_a_suppressed_category_cell_reads_under_k_and_is_never_drawn(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    suppress_every_organization(marts)
    text, found = draw(marts, tmp_path)
    # ByteDance's leavers of 2024 to academia are fewer than 5 as a category too
    leavers = found["leavers"].figure
    assert bar(leavers, "academia").get(2024) is None  # a gap, not a zero
    assert bar(leavers, "big tech (CN)")[2024] == pytest.approx(5 / 9)
    assert any("&lt;5 ×1" in (a.text or "") for a in leavers.layout.annotations)
    assert ("ByteDance", "academia") not in flows(found["leaver-flow"].figure)
    assert "left out of the flows; elsewhere shown as <5, not drawn as zero" in text
    # ByteDance's 2023 experienced hires from academia likewise
    inflows = found["inflows"].figure
    assert bar(inflows, "academia")[1] is None
    assert any("&lt;5 ×1" in (a.text or "") for a in inflows.layout.annotations)


def test_without_the_marts_by_category_the_marts_by_organization_are_drawn(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb", categories=False)
    text, found = draw(marts, tmp_path)
    assert found["inflows"].keys[0] == "company_inflows"
    for chart in ("leavers", "leaver-flow"):
        assert found[chart].keys[0] == "leaver_destinations"
    assert BUILT_IN["leaver_destinations"] in text
    assert BUILT_IN["leaver_destination_categories"] not in text
    assert bar(found["inflows"].figure, "startup")[1] == pytest.approx(6 / 8)
    assert flows(found["leaver-flow"].figure) == FLOWS
    # where every organization's cell is suppressed, nothing is left to flow
    suppress_every_organization(marts)
    _, found = draw(marts, tmp_path)
    assert found["leaver-flow"].figure is None
    leavers = found["leavers"].figure
    assert all(y is None for t in leavers.data if t.type == "bar" for y in t.y)
    # above each bar only its "<5 ×m", no n of 0: the year's leavers are not known
    above = [a.text for a in leavers.layout.annotations if "&lt;5" in (a.text or "")]
    assert len(above) == 4 and all(text.startswith("&lt;5 ×") for text in above)
