"""The report in headless Chromium: drawn from the marts that the real pipeline publishes for a
small generated sample, and from hand-made tiny and empty marts. Every chart draws, nothing is
logged as an error, and no request leaves the page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.report import dbt_descriptions, write_report
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT
from tests.report.helpers import make_marts, published_marts, render

CHARTS = 8  # figures on the page


def talentflow(*args: str, env: dict[str, str]) -> None:
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "talentflow"), *args],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]


@pytest.fixture(scope="module")
def sample_marts(tmp_path_factory) -> Path:
    """`talentflow sample` (1,500 people) and `talentflow build`, as a user runs them."""
    root = tmp_path_factory.mktemp("report_sample")
    env = {
        "TALENTFLOW_LANDING_DIR": str(root / "landing"),
        "TALENTFLOW_WAREHOUSE": str(root / "warehouse.duckdb"),
        "TALENTFLOW_PUBLISH_DIR": str(root / "published"),
        "TALENTFLOW_AS_OF_YEAR": "2025",
    }
    talentflow("sample", "--people", "1500", "--seed", "7", "--out", str(root / "landing"), env=env)
    talentflow("build", env=env)
    return published_marts(root / "published")


def assert_offline_and_clean(rendered, page: Path) -> None:
    assert rendered.requests == [page.resolve().as_uri()]  # the page itself, nothing else
    assert rendered.errors == []


def assert_every_chart_drew(rendered) -> None:
    assert len(rendered.plots) == CHARTS and rendered.empty_sections == []
    for plot, drew in rendered.plots.items():
        assert drew["svgs"] >= 1 and drew["marks"] > 0, (plot, drew)
        assert drew["width"] > 300 and drew["height"] > 300, (plot, drew)
        assert drew["outside"] == [], (plot, drew)


def test_the_report_of_a_sample_build_draws_every_chart_offline(sample_marts, tmp_path):
    descriptions = dbt_descriptions(DBT_PROJECT_DIR / "models" / "marts" / "_marts__models.yml")
    page = write_report(sample_marts, tmp_path / "report.html", descriptions)
    rendered = render(page, tmp_path / "report.png")
    assert_offline_and_clean(rendered, page)
    assert_every_chart_drew(rendered)
    assert (tmp_path / "report.png").stat().st_size > 50_000


def test_suppressed_cells_and_the_partial_year_draw_in_the_browser(tmp_path):
    page = write_report(make_marts(tmp_path / "marts.duckdb"), tmp_path / "report.html")
    rendered = render(page, tmp_path / "report.png")
    assert_offline_and_clean(rendered, page)
    assert_every_chart_drew(rendered)
    assert "<5" in rendered.svg_text  # the suppressed marks, as drawn text
    assert "2025: partial year (to date)" in rendered.svg_text  # the legend


def test_an_empty_build_renders_a_page_without_charts(tmp_path):
    page = write_report(make_marts(tmp_path / "marts.duckdb", empty=True), tmp_path / "r.html")
    rendered = render(page, tmp_path / "report.png")
    assert_offline_and_clean(rendered, page)
    assert rendered.plots == {} and len(rendered.empty_sections) == CHARTS
