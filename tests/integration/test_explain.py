"""Provenance (docs/methodology.md#provenance): `talentflow explain MART KEY=VALUE…` on the small
world (tests/small_world.py; its people in the docstring of test_marts_by_hand.py), checked by hand
down to the source lines. write_landing writes one record per line, in list order, line 1 first:
a record's line is its index in PROFILES, NOTES or CAREERS plus one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.explain import MARTS, ExplainError, cell_keys, explain, text
from tests import small_world
from tests.conftest import run_talentflow


def line_of(records: list[dict], key: str, value: str) -> int:
    [index] = [i for i, record in enumerate(records) if record[key] == value]
    return index + 1


def profile_line(person_id: str) -> int:
    return line_of(small_world.PROFILES, "id", person_id)


def note_line(note_id: str) -> int:
    return line_of(small_world.NOTES, "id", note_id)


def career_line(identifier: str) -> int:
    return line_of(small_world.CAREERS, "public_identifier", identifier)


@pytest.fixture(scope="module")
def world(small_world_build):
    root, _ = small_world_build
    return root


def cell(root: Path, mart: str, *assignments: str):
    return explain(
        root / "warehouse.duckdb", mart, cell_keys(mart, list(assignments)), small_world.AS_OF
    )


def where(root: Path, path) -> tuple[str, int]:
    """(file name, line) of a source or paper, after checking it lies in the landing zone."""
    assert Path(path.file).is_relative_to(root / "landing"), path.file
    return Path(path.file).name, path.line


def spells_of(root: Path, member) -> list[tuple]:
    """(org, role, start, end, [(source, record, entry, file name, line)]) per spell."""
    return [
        (
            spell.org_id,
            spell.role,
            spell.start_year,
            spell.end_year,
            [(s.source, s.record_id, s.entry_index, *where(root, s)) for s in spell.sources],
        )
        for spell in member.spells
    ]


def papers_of(root: Path, member) -> list[tuple]:
    return [(paper.note_id, paper.year, *where(root, paper)) for paper in member.papers]


PROFILES_FILE, NOTES_FILE, CAREERS_FILE = (
    "openreview_profiles.jsonl",
    "openreview_notes.jsonl",
    "career_profiles.jsonl",
)


def bo_at_tencent() -> tuple:
    """Bo's Tencent AI Lab spell 2021–2023: his OpenReview history's first entry and his career
    profile's second experience, merged into one spell."""
    return (
        "tencent",
        "employee",
        2021,
        2023,
        [
            ("openreview_history", "~Bo_Wang1", 0, PROFILES_FILE, profile_line("~Bo_Wang1")),
            ("career_experience", "bo-wang-1", 1, CAREERS_FILE, career_line("bo-wang-1")),
        ],
    )


def test_tencent_2021_cohort_is_bo_down_to_the_source_lines(world):
    [bo] = cell(world, "researcher_cohorts", "company_id=tencent", "year=2021")
    assert (bo.person_id, bo.name) == ("~Bo_Wang1", "Bo Wang")
    assert bo.roles == ["headcount", "new_researcher"]
    assert "bo-wang-1 by linkedin_url" in bo.link
    assert spells_of(world, bo) == [bo_at_tencent()]
    # the 2022 v1 note falls in his Tencent years; the 2025 unified note is of his Alibaba years
    assert papers_of(world, bo) == [("BoV1Paper", 2022, NOTES_FILE, note_line("BoV1Paper"))]


def test_a_headcount_only_cell(world):
    """Tencent's 2023 headcount is Bo (still there) and Hao (joined 2022): no cohort member."""
    members = cell(world, "researcher_cohorts", "company_id=tencent", "year=2023")
    assert [(m.person_id, m.roles) for m in members] == [
        ("~Bo_Wang1", ["headcount"]),
        ("~Hao_Xu1", ["headcount"]),
    ]
    hao = members[1]
    assert "hao-xu-99 by github_login" in hao.link
    assert spells_of(world, hao) == [
        (
            "tencent",
            "employee",
            2022,
            None,
            [
                ("openreview_history", "~Hao_Xu1", 0, PROFILES_FILE, profile_line("~Hao_Xu1")),
                ("career_experience", "hao-xu-99", 0, CAREERS_FILE, career_line("hao-xu-99")),
            ],
        )
    ]
    assert papers_of(world, hao) == [("HaoPaper", 2023, NOTES_FILE, note_line("HaoPaper"))]


def test_gil_leaves_tencent_in_2020_for_a_phd_at_cmu(world):
    """Two Tencent spells (2015–2016 and 2019–2020, not touching: not merged), the latest ends
    in 2020; the destination is the CMU PhD he started that year."""
    [gil] = cell(
        world,
        "leaver_destinations",
        "company_id=tencent",
        "leave_year=2020",
        "destination_category=academia",
        "destination_org_id=cmu",
    )
    assert (gil.person_id, gil.name, gil.roles) == ("~Gil_Ma1", "Gil Ma", ["leaver"])
    assert gil.link == "no career profile linked"

    def history(index: int) -> list[tuple]:
        return [("openreview_history", "~Gil_Ma1", index, PROFILES_FILE, profile_line("~Gil_Ma1"))]

    assert spells_of(world, gil) == [
        ("tencent", "employee", 2015, 2016, history(3)),
        ("tencent", "employee", 2019, 2020, history(2)),
        ("cmu", "student_phd", 2020, None, history(1)),
    ]
    assert papers_of(world, gil) == [("GilPaper", 2016, NOTES_FILE, note_line("GilPaper"))]


def test_bo_joins_alibaba_in_2024_from_tencent(world):
    [bo] = cell(
        world,
        "company_inflows",
        "company_id=alibaba",
        "join_year=2024",
        "source_category=big_tech_cn",
        "source_org_id=tencent",
    )
    assert (bo.person_id, bo.roles) == ("~Bo_Wang1", ["inflow"])
    # the source spell, then his Alibaba spell: only his career profile tells it
    assert spells_of(world, bo) == [
        bo_at_tencent(),
        (
            "alibaba",
            "employee",
            2024,
            None,
            [("career_experience", "bo-wang-1", 0, CAREERS_FILE, career_line("bo-wang-1"))],
        ),
    ]
    assert papers_of(world, bo) == [("BoUnified", 2025, NOTES_FILE, note_line("BoUnified"))]


def test_a_category_cell_unites_its_organizations(world):
    """ByteDance's fresh graduates: Dan in 2020; a null source_org_id is a key value."""
    members = cell(
        world,
        "company_inflow_categories",
        "company_id=bytedance",
        "join_year=2020",
        "source_category=fresh_graduate",
    )
    assert [m.person_id for m in members] == ["~Dan_Liu1"]
    [dan] = cell(
        world,
        "company_inflows",
        "company_id=bytedance",
        "join_year=2020",
        "source_category=fresh_graduate",
        "source_org_id=null",
    )
    assert dan.person_id == "~Dan_Liu1"


# mart, role_in_cell and the mart's count of them (keys: as orchestration.explain maps them)
COUNTED = [
    ("researcher_cohorts", "headcount", "headcount"),
    ("researcher_cohorts", "new_researcher", "new_researchers"),
    ("company_inflows", "inflow", "researchers"),
    ("leaver_destinations", "leaver", "researchers"),
    ("education_backgrounds", "school", "researchers"),
]


@pytest.mark.parametrize(("mart", "role", "count"), COUNTED)
def test_every_cell_counts_its_members(world, mart, role, count):
    """Each count of the aggregate marts is the number of its cell's rows in int_cell_members
    (a zero count, a cell without rows)."""
    keys = MARTS[mart][1]
    on = " and ".join(f"m.{k} is not distinct from c.{c}" for k, c in keys.items())
    sql = f"""
        select count(*) from marts.{mart} as m
        full join (
            select {", ".join(set(keys.values()))}, count(*) as n
            from intermediate.int_cell_members
            where mart = '{mart}' and role_in_cell = '{role}'
            group by all
        ) as c on {on}
        where coalesce(m.{count}, -1) <> coalesce(c.n, 0)
    """
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute(sql).fetchone() == (0,)
        [(rows,)] = con.execute(
            "select count(*) from intermediate.int_cell_members "
            "where mart = ? and role_in_cell = ?",
            [mart, role],
        ).fetchall()
        assert rows > 0


def test_errors_are_one_line(world):
    with pytest.raises(ExplainError, match="unknown mart 'researcher'"):
        cell_keys("researcher", ["company_id=tencent"])
    with pytest.raises(ExplainError, match="'company' is no key column of researcher_cohorts"):
        cell_keys("researcher_cohorts", ["company=tencent", "year=2021"])
    with pytest.raises(ExplainError, match="missing: year"):
        cell_keys("researcher_cohorts", ["company_id=tencent"])
    with pytest.raises(ExplainError, match="nobody in researcher_cohorts company_id=tencent"):
        cell(world, "researcher_cohorts", "company_id=tencent", "year=1999")


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_talentflow(root, "explain", *args, timeout=120)


def test_cli_prints_the_people_spells_and_papers(world):
    done = cli(world, "researcher_cohorts", "company_id=tencent", "year=2021")
    assert done.returncode == 0, done.stderr
    members = cell(world, "researcher_cohorts", "company_id=tencent", "year=2021")
    keys = {"company_id": "tencent", "year": "2021"}
    assert done.stdout == text("researcher_cohorts", keys, members) + "\n"
    out = done.stdout
    assert out.startswith("researcher_cohorts company_id=tencent year=2021: 1 person")
    assert "~Bo_Wang1  Bo Wang  counted as: headcount, new_researcher" in out
    assert "    tencent employee 2021–2023\n" in out
    profiles = world / "landing" / "openreview" / "profiles" / PROFILES_FILE
    assert f"~Bo_Wang1 content.history[0]  {profiles}:{profile_line('~Bo_Wang1')}" in out
    notes = world / "landing" / "openreview" / "notes" / NOTES_FILE
    assert f"    BoV1Paper 2022  {notes}:{note_line('BoV1Paper')}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "x=1"], "unknown mart 'nope'"),
        (["researcher_cohorts", "company=tencent", "year=2021"], "'company' is no key column"),
        (["researcher_cohorts", "company_id=tencent", "year=1999"], "nobody in researcher_cohorts"),
    ],
)
def test_cli_errors(world, args, message):
    done = cli(world, *args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"talentflow explain: {message}")
    assert done.stderr.count("\n") == 1
