"""The start of the LLM era in the report is the build's: `llm_era_start_year` of the manifest
beside the marts, else the first year researcher_cohorts marks `is_llm_era`. Labels, notes,
definitions and the shading all move with it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration.report import write_report
from orchestration.report.data import Marts
from orchestration.report.figures import charts
from tests.report.helpers import LLM_ERA_START, make_marts, visible_text


def draw(marts: Path, tmp_path: Path) -> tuple[str, dict]:
    """The page's visible text and the charts by id."""
    text = visible_text(write_report(marts, tmp_path / "report.html").read_text())
    with Marts(marts) as m:
        return text, {c.id: c for c in charts(m)}


def shade_starts(figure) -> set[float]:
    """Where the shading of the LLM era starts, in every facet."""
    return {shape.x0 for shape in figure.layout.shapes}


def era_ticks(found: dict) -> list[str]:
    return list(next(t for t in found["inflows"].figure.data if t.xaxis == "x").x)


def school_titles(found: dict) -> list[str]:
    return [a.text for a in found["schools"].figure.layout.annotations if "<b>" in (a.text or "")]


def test_the_manifest_moves_the_start_of_the_llm_era(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")  # is_llm_era from LLM_ERA_START (2023)
    (tmp_path / "manifest.json").write_text(json.dumps({"llm_era_start_year": 2020}))
    text, found = draw(marts, tmp_path)

    assert "The LLM era is 2020 on (shaded)" in text  # the introduction
    assert "the LLM era: 2020 on, the current year included" in text  # the inflows note
    assert "llm: first joined in 2020 or later, else pre_llm" in text  # a built-in definition
    assert f"{LLM_ERA_START} on" not in text
    for chart in ("headcount", "phd-share", "fresh-shares", "age"):
        figure = found[chart].figure
        assert shade_starts(figure) == {2019.5}, chart  # the whole of 2021–2025 is shaded
        assert "LLM era (2020 on)" in [t.name for t in figure.data], chart  # its legend
    assert era_ticks(found) == ["pre-LLM<br>(joined ≤ 2019)", "LLM era<br>(joined ≥ 2020)"]
    titles = school_titles(found)
    assert any("pre-LLM (joined ≤ 2019)<br>n=0 · overseas: n/a" in t for t in titles)
    # every ByteDance cohort is now of the LLM era: 10 + 9 + 8 + 6 (2022 suppressed)
    assert any("ByteDance</b> · LLM era (joined ≥ 2020)<br>n=33" in t for t in titles)
    # ByteDance's experienced hires pool into one era: 10 (2021) + 8 (2023)
    inflows = found["inflows"].figure
    startup = next(t for t in inflows.data if t.name == "startup" and t.xaxis == "x")
    assert list(startup.y) == [None, pytest.approx(6 / 18)]
    assert "n = 32 experienced new researchers" in text
    assert "ByteDance pre-LLM 0, ByteDance LLM era 18" in text


def test_without_a_manifest_the_era_starts_where_the_marts_mark_it(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    with duckdb.connect(str(marts)) as con:
        con.execute("update researcher_cohorts set is_llm_era = year >= 2022")
    text, found = draw(marts, tmp_path)
    assert "The LLM era is 2022 on (shaded)" in text
    assert shade_starts(found["headcount"].figure) == {2021.5}
    assert era_ticks(found) == ["pre-LLM<br>(joined ≤ 2021)", "LLM era<br>(joined ≥ 2022)"]


def test_a_manifest_without_the_start_falls_back_to_the_marts(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    (tmp_path / "manifest.json").write_text(json.dumps({"build_id": "b-1"}))
    text, found = draw(marts, tmp_path)
    assert f"The LLM era is {LLM_ERA_START} on (shaded)" in text
    assert shade_starts(found["age"].figure) == {LLM_ERA_START - 0.5}


def test_marts_that_say_nothing_of_the_era_draw_no_era(tmp_path):
    marts = make_marts(tmp_path / "marts.duckdb")
    with duckdb.connect(str(marts)) as con:
        con.execute("alter table researcher_cohorts drop column is_llm_era")
    text, found = draw(marts, tmp_path)
    assert "The start of the LLM era is not recorded with these marts" in text
    assert "Shares are pooled over the join years of each era." not in text  # no inflows
    assert shade_starts(found["headcount"].figure) == set()
    assert found["inflows"].figure is None  # no era to pool the join years by
    assert any("ByteDance</b> · LLM era<br>" in t for t in school_titles(found))
