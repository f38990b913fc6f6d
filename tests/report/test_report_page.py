"""The report page from a tiny hand-made marts.duckdb: every chart with its title, definition
and n; suppressed cells shown as <5 and never drawn as zero; the partial year drawn apart; an
empty build still gives a valid page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestration.report import dbt_descriptions, write_report
from orchestration.report.data import Marts
from orchestration.report.figures import charts
from orchestration.report.texts import BUILT_IN
from orchestration.settings import DBT_PROJECT_DIR
from tests.report.helpers import make_marts, visible_text

TITLES = [
    "Researchers and new researchers per company, by year",
    "PhD share of new researchers",
    "Fresh-graduate and fresh-PhD shares of new researchers",
    "Average age of the team and of new researchers",
    "Top 10 schools of researchers per company and era, and the overseas-educated share",
    "Where experienced hires come from, pre-LLM era vs LLM era",
    "Where leavers go, by leave year",
    "Where leavers go: flows from each company to destination categories",
]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_marts(tmp_path / "marts.duckdb")


def test_every_chart_has_its_title_definition_and_n(tiny, tmp_path):
    custom = {"researcher_cohorts.headcount": "A headcount  defined\n by the dbt docs."}
    page = write_report(tiny, tmp_path / "report.html", descriptions=custom).read_text()
    text = visible_text(page)
    for title in TITLES:
        assert title in text
    assert "A headcount defined by the dbt docs." in text  # given descriptions win …
    assert BUILT_IN["researcher_cohorts.new_researchers"] in text  # … built-ins fill the rest
    assert BUILT_IN["leaver_destination_categories"] in text  # the leavers' mart drawn
    # n: the people counted, in all and per company
    assert "n = 73 researchers (ByteDance 33, Tencent 40)" in text  # 2022's cohort suppressed
    assert "n = 30 researchers with a birth-year estimate (ByteDance 10, Tencent 20)" in text
    assert "n = 73 researchers; each panel's n" in text  # schools: the era sizes
    assert "n=10 · overseas-educated 30%" in page  # ByteDance pre-LLM: 3 of 10 (2022 suppressed)
    assert "n = 32 experienced new researchers" in text  # 10 + 8 (2021, 2023) + 8 + 6
    assert "n = 33 leavers (ByteDance 21, Tencent 12)" in text
    assert "No data for this chart" not in text


def test_suppressed_cells_show_as_under_k_and_never_as_zero(tiny, tmp_path):
    text = visible_text(write_report(tiny, tmp_path / "report.html").read_text())
    assert "shown as <5, not drawn as zero" in text
    assert "<5" in text
    with Marts(tiny) as m:
        found = {c.id: c for c in charts(m)}
    headcount = found["headcount"].figure
    [bars] = [t for t in headcount.data if t.type == "bar" and t.xaxis == "x"]  # ByteDance
    assert dict(zip(bars.x, bars.y, strict=True))[2022] is None  # a gap, not a zero bar
    marks = [a for a in headcount.layout.annotations if a.text == "&lt;5"]
    assert [(a.x, a.xref) for a in marks] == [(2022, "x")]
    # the suppressed school has a <5 mark and no bar
    schools = found["schools"].figure
    assert any(a.text == "&lt;5" and a.y == "stanford" for a in schools.layout.annotations)
    assert all("stanford" not in (t.y or ()) for t in schools.data)
    # a panel whose every school is suppressed still places its marks (on a trace of no bars)
    assert any(a.text == "&lt;5" and a.y == "hku" for a in schools.layout.annotations)
    [hku] = [t for t in schools.data if "hku" in (t.y or ())]
    assert list(hku.x) == [None]
    # a suppressed inflow cell leaves a gap: ByteDance's LLM-era experienced hires are 8, of
    # whom the 6 from startups are drawn and the <5 from academia are not
    inflows = found["inflows"].figure
    startup = next(t for t in inflows.data if t.name == "startup" and t.xaxis == "x")
    assert startup.y[1] == pytest.approx(6 / 8)
    academia = next(t for t in inflows.data if t.name == "academia" and t.xaxis == "x")
    assert academia.y[1] is None  # only a suppressed cell: nothing drawn, not a zero
    assert any("&lt;5 ×1" in (a.text or "") for a in inflows.layout.annotations)


def test_the_partial_year_is_drawn_apart(tiny, tmp_path):
    text = visible_text(write_report(tiny, tmp_path / "report.html").read_text())
    assert "2025 is a partial year" in text
    with Marts(tiny) as m:
        found = {c.id: c for c in charts(m)}
    figure = found["age"].figure
    dotted = [t for t in figure.data if t.line.dash == "dot" and t.showlegend is False]
    assert dotted and all(t.x[-1] == 2025 for t in dotted)
    assert all(2025 not in t.x for t in figure.data if t.line.dash is None)
    assert any("partial year" in (t.name or "") for t in figure.data if t.showlegend is not False)
    bars = next(t for t in found["headcount"].figure.data if t.type == "bar")
    assert list(bars.marker.pattern.shape) == ["", "", "", "", "/"]


def test_an_empty_build_gives_a_page_that_says_so(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb", empty=True)
    page = write_report(marts, tmp_path / "report.html").read_text()
    text = visible_text(page)
    for title in TITLES:
        assert title in text
    assert text.count("No data for this chart in this build.") == len(TITLES)
    assert page.rstrip().endswith("</html>")


def test_marts_without_the_optional_columns_still_report(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    import duckdb

    with duckdb.connect(str(marts)) as con:
        for table in (
            "researcher_cohorts",
            "company_inflows",
            "leaver_destinations",
            "company_inflow_categories",
            "leaver_destination_categories",
        ):
            con.execute(f"delete from {table} where suppressed")
            con.execute(f"alter table {table} drop column suppressed")
        con.execute("alter table researcher_cohorts drop column is_partial_year")
    text = visible_text(write_report(marts, tmp_path / "report.html").read_text())
    assert "partial year" not in text
    assert "No data for this chart" not in text


def test_build_info_comes_from_the_manifest_beside_the_marts(tiny, tmp_path):
    manifest = {
        "build_id": "b-20251231-abc",
        "built_at": "2025-12-31T10:00:00Z",
        "home_country": "HK",
        "rows": {"researcher_cohorts": 10},
        "sources": [{"source": "openreview_profiles", "rows_landed": 3}],
    }
    (tiny.parent / "manifest.json").write_text(json.dumps(manifest))
    page = write_report(tiny, tmp_path / "out" / "report.html").read_text()
    text = visible_text(page)
    assert "b-20251231-abc" in text and "2025-12-31T10:00:00Z" in text
    assert "researcher_cohorts 10" in text  # row counts of the marts drawn …
    assert "company_inflows 7" in text and "researchers 40" in text  # … every one in the file …
    assert "_build" not in text  # … but the publish step's own table
    assert "Home country: HK" in text and "studied outside HK" in page  # the build's setting


def test_the_dbt_docs_give_the_definitions():
    found = dbt_descriptions(DBT_PROJECT_DIR / "models" / "marts" / "_marts__models.yml")
    assert "earliest employee spell" in found["researcher_cohorts.new_researchers"]
    assert "leave_year" in found["leaver_destinations"]


def test_the_page_loads_nothing_from_the_network(tiny, tmp_path):
    page = write_report(tiny, tmp_path / "report.html").read_text()
    assert "default-src 'none'" in page  # the Content-Security-Policy refuses any request
    assert page.count("<script") == 1 + len(TITLES)  # Plotly inlined once, one per figure
    assert '<script src="' not in page and "<link" not in page


def test_the_same_marts_give_the_same_page(tiny, tmp_path):
    first = write_report(tiny, tmp_path / "a.html").read_text()
    assert write_report(tiny, tmp_path / "b.html").read_text() == first
