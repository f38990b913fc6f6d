"""Issue 14: the study's remaining questions, on a small world written by hand (AS_OF_YEAR 2025).

- Lin (~Lin_Ai1): Tencent AI Lab 2016–2021 (papers 2018, 2020), PhD Tsinghua 2011–2016, then
  Senior Researcher at Zhipu AI from 2022. A Tencent leaver of 2021 from AI Lab, to a startup.
  Her move tencent → zhipu in 2022: 6 years since her first job, 6 since her PhD, 2 papers
  before, a senior title: senior.
- Mo (~Mo_Tan1): WeChat 2017–2020 (paper 2019), then Assistant Professor at Peking University
  from 2021. A Tencent leaver of 2020 from WeChat, to academia. His move tencent → pku in 2021:
  4 years since his first job, no PhD, 1 paper before, no senior title: not senior.
- Ning (~Ning_Ye1): Tencent AI Lab 2018–2022 (paper 2019), then Google from 2023.
- Sam (~Sam_Hu1): ByteDance 2019–2022 (paper 2020), then DeepSeek from 2023 (paper 2024).
- Qi (~Qi_Lu1): a master's at Zhejiang University 2021–2023, DeepSeek from 2023 (paper 2024).
- Tao (~Tao_Wu1): "Seed Foundation Team" 2024– (paper 2025): a name the registry lacks.

By hand:
- Tencent's units: AI Lab headcount 2016–2017 1, 2018–2021 2, 2022 1 (Ning), 2023 0; WeChat
  2017–2020 1. Leavers: 2020 WeChat 1 (share of Tencent's leavers 1), 2021 AI Lab 1, 2022 AI
  Lab 1. AI Lab's leavers go to a startup (2021) and a foreign company (2022).
- With corrections.yml: Tao's team is mapped to ByteDance Seed, so he joins ByteDance's 2024
  cohort and headcount (0 → 1: Sam left ByteDance in 2022); Ning's Tencent spell is fixed to
  end in 2021, so AI Lab has 2 leavers in 2021 and none in 2022; a drop_spell that names no
  spell matches nothing; a correction of an unknown kind is rejected.
- DeepSeek added to the focus_companies seed as a comparison company, in a copy of the project
  (no SQL change): its 2023 cohort is Sam (from ByteDance, a focus company) and Qi (a fresh
  graduate): headcount 2023–2025 2, phd_share 0, fresh_grad_share 0.5; Sam's move bytedance →
  deepseek is between study companies, not between focus companies.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.defs.publish.publish import CURRENT, MANIFEST
from orchestration.explain import explain, text
from tests.conftest import build, project_copy, run_project_copy, settings_for
from tests.landing_data import write_landing
from tests.small_world import career, entry, note_v2, profile

AS_OF = 2025
PROFILES = [
    profile(
        "~Lin_Ai1",
        "Lin Ai",
        [
            entry("Senior Researcher", "Zhipu AI", 2022, None),
            entry("Researcher", "Tencent AI Lab", 2016, 2021, "ailab.tencent.com", "CN"),
            entry("PhD student", "Tsinghua University", 2011, 2016),
        ],
    ),
    profile(
        "~Mo_Tan1",
        "Mo Tan",
        [
            entry("Assistant Professor", "Peking University", 2021, None, "pku.edu.cn"),
            entry("Researcher", "WeChat", 2017, 2020),
        ],
    ),
    profile(
        "~Ning_Ye1",
        "Ning Ye",
        [
            entry("Researcher", "Google", 2023, None, "google.com", "US"),
            entry("Researcher", "Tencent AI Lab", 2018, 2022, "ailab.tencent.com", "CN"),
        ],
    ),
    profile(
        "~Sam_Hu1",
        "Sam Hu",
        [
            entry("Researcher", "DeepSeek", 2023, None),
            entry("Research Scientist", "ByteDance", 2019, 2022, "bytedance.com", "CN"),
        ],
    ),
    profile(
        "~Qi_Lu1",
        "Qi Lu",
        [
            entry("Researcher", "DeepSeek", 2023, None),
            entry("MS student", "Zhejiang University", 2021, 2023),
        ],
    ),
    profile("~Tao_Wu1", "Tao Wu", [entry("Researcher", "Seed Foundation Team", 2024, None)]),
]
NOTES = [
    note_v2("Lin2018", 2018, "~Lin_Ai1"),
    note_v2("Lin2020", 2020, "~Lin_Ai1"),
    note_v2("Mo2019", 2019, "~Mo_Tan1"),
    note_v2("Ning2019", 2019, "~Ning_Ye1"),
    note_v2("Sam2020", 2020, "~Sam_Hu1"),
    note_v2("Sam2024", 2024, "~Sam_Hu1"),
    note_v2("Qi2024", 2024, "~Qi_Lu1"),
    note_v2("Tao2025", 2025, "~Tao_Wu1"),
]
# A career profile nobody links: the landing needs every source.
CAREERS = [career("nobody-1", "No Body", experiences=[("Baidu", "Engineer", 2015, None)])]
CORRECTIONS = """\
corrections:
  - kind: map_organization
    name: Seed Foundation Team
    org_id: bytedance_seed
    who: A. Analyst
    when: 2026-11-20
    why: Seed's foundation model team, as its members write it.
  - kind: fix_spell
    person_id: ~Ning_Ye1
    org_id: tencent
    role: employee
    start_year: 2018
    set: {end_year: 2021}
    who: A. Analyst
    when: 2026-11-21
    why: Ning's farewell post is dated December 2021.
  - kind: drop_spell
    person_id: ~Nobody_Here1
    org_id: tencent
    role: employee
    start_year: 2015
    who: A. Analyst
    when: 2026-11-22
    why: A profile that has since been deleted.
  - kind: rename_person
    person_id: ~Lin_Ai1
    who: A. Analyst
    when: 2026-11-22
    why: Not a kind of correction.
"""


def _landing(root):
    return write_landing(root / "landing", PROFILES, NOTES, CAREERS, [])


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The study world built with corrections.yml, in the project as it is."""
    root = tmp_path_factory.mktemp("study_corrected")
    corrections = root / "corrections.yml"
    corrections.write_text(CORRECTIONS)
    extra = {"TALENTFLOW_CORRECTIONS": str(corrections)}
    result = build(root, _landing(root), AS_OF, **extra)
    settings = settings_for(root, root / "landing", AS_OF, **extra)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        yield settings, result, con


@pytest.fixture(scope="module")
def with_deepseek(tmp_path_factory):
    """The study world without corrections, built by a copy of the project whose
    focus_companies seed has one more row: deepseek, a comparison company."""
    root = tmp_path_factory.mktemp("study_deepseek")
    project = project_copy(root / "project", {"focus_companies": ["deepseek,comparison"]})
    _landing(root)
    built = run_project_copy(project, root, "build")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        yield root, con


def _units(con, company="tencent"):
    return {
        (unit, year): (headcount, leavers)
        for unit, year, headcount, leavers in con.execute(
            "select unit_org_id, year, headcount, leavers from marts.unit_headcounts "
            "where company_id = ? order by all",
            [company],
        ).fetchall()
    }


def test_a_units_headcount_and_leavers(with_deepseek):
    _, con = with_deepseek
    units = _units(con)
    assert {y: units[("tencent_ai_lab", y)] for y in range(2016, 2023)} == {
        2016: (1, 0),
        2017: (1, 0),
        2018: (2, 0),
        2019: (2, 0),
        2020: (2, 0),
        2021: (2, 1),
        2022: (1, 1),
    }
    assert {y: units[("tencent_wechat", y)] for y in range(2017, 2021)} == {
        2017: (1, 0),
        2018: (1, 0),
        2019: (1, 0),
        2020: (1, 1),
    }
    assert ("tencent_ai_lab", 2023) not in units
    # the units add up to the company
    assert con.execute(
        "select year, headcount from marts.researcher_cohorts "
        "where company_id = 'tencent' and year between 2016 and 2023 order by year"
    ).fetchall() == [(2016, 1), (2017, 2), (2018, 3), (2019, 3), (2020, 3), (2021, 2), (2022, 1),
                     (2023, 0)]  # fmt: skip
    # a unit nobody left in a year its company was left: a share of 0 (Mo left WeChat in 2020)
    assert con.execute(
        "select leavers, share_of_company_leavers from marts.unit_headcounts "
        "where company_id = 'tencent' and unit_org_id = 'tencent_ai_lab' and year = 2020"
    ).fetchall() == [(0, 0.0)]
    assert con.execute(
        "select year, unit_org_id, share_of_company_leavers from marts.unit_headcounts "
        "where company_id = 'tencent' and leavers > 0 order by year"
    ).fetchall() == [(2020, "tencent_wechat", 1.0), (2021, "tencent_ai_lab", 1.0),
                     (2022, "tencent_ai_lab", 1.0)]  # fmt: skip


def test_a_units_leaver_destinations(with_deepseek):
    _, con = with_deepseek
    assert con.execute(
        "select leave_year, unit_org_id, unit_name, destination_category, researchers, "
        "share_of_unit_leavers from marts.unit_leaver_destinations "
        "where company_id = 'tencent' order by all"
    ).fetchall() == [
        (2020, "tencent_wechat", "WeChat", "academia", 1, 1.0),
        (2021, "tencent_ai_lab", "Tencent AI Lab", "startup", 1, 1.0),
        (2022, "tencent_ai_lab", "Tencent AI Lab", "foreign_company", 1, 1.0),
    ]


def test_a_move_with_its_seniority(with_deepseek):
    _, con = with_deepseek
    moves = {
        row[0]: row[1:]
        for row in con.execute(
            "select person_id, move_year, from_org_id, from_unit_org_id, to_org_id, to_category, "
            "seniority_years_since_first_job, seniority_years_since_phd, "
            "seniority_papers_before_move, seniority_senior_title, seniority_is_senior "
            "from marts.moves order by all"
        ).fetchall()
    }
    assert moves["~Lin_Ai1"] == (2022, "tencent", "tencent_ai_lab", "zhipu", "startup", 6, 6, 2,
                                 True, True)  # fmt: skip
    assert moves["~Mo_Tan1"] == (2021, "tencent", "tencent_wechat", "pku", "academia", 4, None,
                                 1, False, False)  # fmt: skip
    assert set(moves) == {"~Lin_Ai1", "~Mo_Tan1", "~Ning_Ye1", "~Sam_Hu1"}
    # "senior researchers who moved from startups to ByteDance in 2024" is one query
    assert con.execute(
        "select count(*) from marts.moves where seniority_is_senior and from_category = "
        "'startup' and to_org_id = 'bytedance' and move_year = 2024"
    ).fetchall() == [(0,)]


def test_a_comparison_company_added_by_seed_only(with_deepseek):
    root, con = with_deepseek
    assert con.execute(
        "select year, headcount, new_researchers, phd_share, fresh_grad_share "
        "from marts.researcher_cohorts where company_id = 'deepseek' order by year"
    ).fetchall() == [(2023, 2, 2, 0.0, 0.5), (2024, 2, 0, None, None), (2025, 2, 0, None, None)]
    assert con.execute(
        "select source_category, source_org_id, source_is_focus_company, researchers "
        "from marts.company_inflows where company_id = 'deepseek' order by all"
    ).fetchall() == [("big_tech_cn", "bytedance", True, 1), ("fresh_graduate", None, False, 1)]
    assert con.execute(
        "select from_org_id, to_org_id, from_company_kind, to_company_kind, "
        "is_between_focus_companies, is_between_study_companies from marts.moves "
        "where person_id = '~Sam_Hu1'"
    ).fetchall() == [("bytedance", "deepseek", "focus", "comparison", False, True)]
    # published and drawn like the focus companies
    current = root / "published" / CURRENT
    assert duckdb.sql(
        f"select count(*) from '{current / 'researcher_cohorts.parquet'}' "
        "where company_id = 'deepseek'"
    ).fetchall() == [(3,)]
    assert "DeepSeek" in (current / "report.html").read_text()


def test_the_project_itself_has_no_comparison_company(corrected):
    _, _, con = corrected
    assert con.execute(
        "select distinct company_id from marts.researcher_cohorts order by 1"
    ).fetchall() == [("bytedance",), ("tencent",)]


def test_a_correction_changes_a_number(corrected, with_deepseek):
    _, _, con = corrected
    _, uncorrected = with_deepseek
    cohort = "select year, headcount, new_researchers from marts.researcher_cohorts "
    cohort += "where company_id = 'bytedance' and year = 2024"
    assert uncorrected.execute(cohort).fetchall() == [(2024, 0, 0)]
    assert con.execute(cohort).fetchall() == [(2024, 1, 1)]
    assert con.execute(
        "select resolution_method, matched_org_id, org_id from intermediate.int_affiliations "
        "where name = 'Seed Foundation Team'"
    ).fetchall() == [("correction", "bytedance_seed", "bytedance")]
    # the fixed spell moves Ning's leave to 2021: AI Lab's two leavers in 2021, none in 2022
    units = _units(con)
    assert units[("tencent_ai_lab", 2021)] == (2, 2)
    assert ("tencent_ai_lab", 2022) not in units


def test_corrections_are_counted_and_one_matching_nothing_is_reported(corrected):
    settings, result, con = corrected
    assert con.execute(
        "select line, kind, matches from intermediate.int_correction_matches order by line"
    ).fetchall() == [(2, "map_organization", 1), (8, "fix_spell", 1), (17, "drop_spell", 0)]
    assert con.execute(
        "select line, reason from raw.rejected_records where source = 'corrections'"
    ).fetchall() == [(25, "kind is not one of force_link/forbid_link/fix_spell/drop_spell/"
                     "map_organization")]  # fmt: skip
    manifest = json.loads((settings.publish_dir / CURRENT / MANIFEST).read_text())
    assert manifest["corrections"] == {
        "entries": 3,
        "entries_rejected": 1,
        "applied": 2,
        "matching_nothing": 1,
        "unmatched_lines": [17],
    }
    published = [
        event.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "published/marts"
    ][0]
    assert published["corrections_matching_nothing"].value == 1
    assert published["corrections_unmatched_lines"].value == [17]


def test_a_unit_cell_explained_down_to_the_source_lines(corrected):
    settings, _, _ = corrected
    keys = {"company_id": "tencent", "unit_org_id": "tencent_ai_lab", "year": "2021"}
    members = explain(settings.warehouse, "unit_headcounts", keys, AS_OF)
    printed = text("unit_headcounts", keys, members)
    assert [member.person_id for member in members] == ["~Lin_Ai1", "~Ning_Ye1"]
    assert [member.roles for member in members] == [["headcount", "leaver"]] * 2
    assert "openreview_profiles.jsonl:1" in printed and "openreview_notes.jsonl:" in printed
