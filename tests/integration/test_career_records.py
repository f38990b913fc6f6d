"""Issue 12, "Roles and names from real career records": a vendor export of LinkedIn profiles in
the Proxycurl person-profile shape (tests/fixtures/careers/, constructed from the documented
shape; provenance in SOURCES.md) lands, stages and becomes spells through the real pipeline,
with an OpenReview profile that links to it by LinkedIn URL and a paper that makes her a
researcher of ByteDance (AS_OF_YEAR 2025).

Jiaxin Examplewu (linked): ByteDance research scientist 2023–; "Independent Udemy Instructor"
2022– (teaching outside academia: no role); "Postdoctoral Researcher" at Microsoft Research Asia
2021–2023 (a postdoc outside academia: an employee of Microsoft); "Research Assistant" at
Tsinghua 2018–2021 and "Teaching Assistant (External Lecturer)" at "Reichman University (IDC
Herzliya)" 2016–2018 (assistants: no role); Tsinghua PhD 2018–2021, Reichman MSc 2016–2018 (the
name resolves by its parenthesis rule to ROR's Reichman University, in Israel), ZJU BEng
2012–2016. Her volunteer work, certifications, people-also-viewed and similarly named profiles
stage nothing.

Noa Examplelevi (not linked, sparse): a senior lecturer at a university stays faculty; a
postdoc at Google is an employee; a course instructor at DataCamp has no role.

Wei Exampleli (OpenReview only, Tencent) is there for the report: its schools chart fails on a
world whose schools come from one company alone (plotly's vertical spacing > 1).
"""

# tables of staged rows read best one row per line (as in test_marts_by_hand.py)
# ruff: noqa: E501

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.settings import REPO_ROOT
from tests.conftest import build
from tests.landing_data import write_landing

CAREERS = REPO_ROOT / "tests" / "fixtures" / "careers"
AS_OF = 2025
JIAXIN, NOA, PERSON = "jiaxin-examplewu-3b7a21", "noa-examplelevi", "~Jiaxin_Examplewu1"
REICHMAN = "ror:01px5cv07"


def read_fixture(name: str):
    return json.loads((CAREERS / name).read_text(encoding="utf-8"))


# a researcher of a second company, with a school (see the module docstring)
WEI = {
    "id": "~Wei_Exampleli1",
    "content": {
        "names": [{"fullname": "Wei Exampleli", "preferred": True}],
        "history": [
            {"position": "Researcher", "start": 2022, "end": None,
             "institution": {"name": "Tencent", "domain": "tencent.com", "country": "CN"}},
            {"position": "PhD student", "start": 2017, "end": 2022,
             "institution": {"name": "Peking University", "domain": "pku.edu.cn", "country": "CN"}},
        ],
    },
}  # fmt: skip
WEI_NOTE = {
    "id": "WeiExamplePaper",
    "pdate": 1700000000000,
    "content": {"title": {"value": "W"}, "authorids": {"value": ["~Wei_Exampleli1"]}},
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("career_records")
    landing = write_landing(
        root / "landing",
        profiles=[read_fixture("openreview_linked_profile.json"), WEI],
        notes=[read_fixture("openreview_linked_note.json"), WEI_NOTE],
        careers=read_fixture("proxycurl_person_profiles.json"),
    )
    build(root, landing, AS_OF)
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        yield con


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_the_export_lands_whole(warehouse):
    assert rows(
        warehouse,
        "select source, rows_rejected from raw.landing_summary where source = 'career_profiles'",
    ) == [("career_profiles", 0)]
    assert rows(warehouse, "select count(*) from raw.rejected_records") == [(0,)]


def test_profiles_stage_with_the_public_identifier_as_linkedin_url(warehouse):
    assert rows(
        warehouse,
        "select career_profile_id, linkedin_url, full_name, first_name, last_name, city, country "
        "from staging.stg_careers__profiles order by career_profile_id",
    ) == [
        (JIAXIN, f"linkedin.com/in/{JIAXIN}", "Jiaxin Examplewu", "Jiaxin", "Examplewu", "Beijing", "CN"),
        # full_name null: first and last name; a lower-case country code is upper-cased
        (NOA, f"linkedin.com/in/{NOA}", "Noa Examplelevi", "Noa", "Examplelevi", "Haifa", "IL"),
    ]  # fmt: skip


def test_experiences_stage_in_order_with_years_months_and_current(warehouse):
    assert rows(
        warehouse,
        "select career_profile_id, experience_index, company, title, location, start_year, "
        "start_month, end_year, end_month, is_current from staging.stg_careers__experiences "
        "order by career_profile_id, experience_index",
    ) == [
        (JIAXIN, 0, "ByteDance", "Research Scientist", "Beijing, China", 2023, 7, None, None, True),
        (JIAXIN, 1, "Udemy", "Independent Udemy Instructor", None, 2022, 3, None, None, True),
        (JIAXIN, 2, "Microsoft Research Asia", "Postdoctoral Researcher", "Beijing, China", 2021, 9, 2023, 6, False),
        (JIAXIN, 3, "Tsinghua University", "Research Assistant", "Beijing", 2018, 9, 2021, 7, False),
        (JIAXIN, 4, "Reichman University (IDC Herzliya)", "Teaching Assistant (External Lecturer)", "Herzliya, Israel", 2016, 10, 2018, 6, False),
        # a year-only date: month null
        (NOA, 0, "University of Haifa", "Senior Lecturer", "Haifa, Israel", 2022, None, None, None, True),
        (NOA, 1, "Google", "Postdoctoral Fellow", "Tel Aviv, Israel", 2019, 1, 2021, 12, False),
        (NOA, 2, "DataCamp", "Course Instructor", None, 2020, 4, None, None, True),
        # starts_at and company null
        (NOA, 3, None, "Freelance Consultant", None, None, None, None, None, True),
    ]  # fmt: skip


def test_education_stages_in_order(warehouse):
    assert rows(
        warehouse,
        "select career_profile_id, education_index, school, degree_name, field_of_study, "
        "start_year, start_month, end_year, end_month, is_current "
        "from staging.stg_careers__education order by career_profile_id, education_index",
    ) == [
        (JIAXIN, 0, "Tsinghua University", "Doctor of Philosophy - PhD", "Computer Science and Technology", 2018, 9, 2021, 7, False),
        (JIAXIN, 1, "Reichman University (IDC Herzliya)", "Master of Science - MS", "Computer Science", 2016, 10, 2018, 6, False),
        (JIAXIN, 2, "Zhejiang University", "Bachelor of Engineering - BE", "Computer Science", 2012, 9, 2016, 6, False),
        (NOA, 0, "Technion - Israel Institute of Technology", None, "Computer Science", None, None, 2018, None, False),
    ]  # fmt: skip


def test_lists_beside_experiences_and_education_stage_nothing(warehouse):
    # volunteer work (a "Volunteer Lecturer" with a company and dates), certifications,
    # accomplishments and other people's profiles are no entries of anybody
    texts = {
        text
        for (text,) in rows(
            warehouse,
            "select company from staging.stg_careers__experiences union all "
            "select school from staging.stg_careers__education union all "
            "select title from staging.stg_careers__experiences",
        )
    }
    for text in ("Code Camp for Girls Beijing", "Volunteer Lecturer", "Coursera", "Member"):
        assert text not in texts
    assert rows(warehouse, "select count(*) from staging.stg_careers__profiles") == [(2,)]


def test_the_career_profile_links_by_linkedin_url(warehouse):
    assert rows(
        warehouse,
        "select career_profile_id, person_id, link_method from intermediate.int_person_links",
    ) == [(JIAXIN, PERSON, "linkedin_url")]


def test_a_name_with_its_former_name_in_parentheses_resolves(warehouse):
    assert rows(
        warehouse,
        "select resolution_method, matched_org_id, org_id from intermediate.int_affiliations "
        "where name = 'Reichman University (IDC Herzliya)'",
    ) == [("name_parenthesis", REICHMAN, REICHMAN)]
    assert rows(
        warehouse,
        "select category, country from intermediate.int_organization_lookup where org_id = ?",
        REICHMAN,
    ) == [("academia", "IL")]


def test_roles_read_the_title_and_the_organization(warehouse):
    assert rows(
        warehouse,
        "select record_id, role_text, org_id, role, no_role_reason "
        "from intermediate.int_resolved_entries where source = 'career_experience' "
        "order by record_id, source_index",
    ) == [
        (JIAXIN, "Research Scientist", "bytedance", "employee", None),
        (JIAXIN, "Independent Udemy Instructor", "raw:udemy", None, "teaching outside academia"),
        (JIAXIN, "Postdoctoral Researcher", "microsoft", "employee", None),
        (JIAXIN, "Research Assistant", "tsinghua", None, "teaching or research assistant"),
        (JIAXIN, "Teaching Assistant (External Lecturer)", REICHMAN, None, "teaching or research assistant"),
        (NOA, "Senior Lecturer", "ror:02f009v59", "faculty", None),
        (NOA, "Postdoctoral Fellow", "google", "employee", None),
        (NOA, "Course Instructor", "raw:datacamp", None, "teaching outside academia"),
        (NOA, "Freelance Consultant", None, "employee", None),
    ]  # fmt: skip


def test_spells_of_the_linked_person(warehouse):
    assert rows(
        warehouse,
        "select org_id, role, start_year, end_year, is_dated from intermediate.int_spells "
        "where person_id = ? order by start_year desc, org_id",
        PERSON,
    ) == [
        # from both sources, merged
        ("bytedance", "employee", 2023, None, True),
        # the MSRA postdoc of both sources, rolled up to Microsoft: not academia, so a job
        ("microsoft", "employee", 2021, 2023, True),
        ("tsinghua", "student_phd", 2018, 2021, True),
        (REICHMAN, "student_master", 2016, 2018, True),
        ("zju", "student_bachelor", 2012, 2016, True),
    ]
    assert rows(
        warehouse,
        "select source, role_text, org_id, rejection_reason from intermediate.int_rejected_spells "
        "where person_id = ? order by source_index",
        PERSON,
    ) == [
        ("career_experience", "Independent Udemy Instructor", "raw:udemy", "teaching outside academia"),
        ("career_experience", "Research Assistant", "tsinghua", "teaching or research assistant"),
        ("career_experience", "Teaching Assistant (External Lecturer)", REICHMAN, "teaching or research assistant"),
    ]  # fmt: skip
    # the unlinked profile's entries make no spell of anybody
    assert rows(
        warehouse,
        "select count(*) from intermediate.int_spell_candidates where source_record_id = ?",
        NOA,
    ) == [(0,)]


def test_what_the_marts_say_of_her(warehouse):
    assert rows(
        warehouse,
        "select company_id, first_join_year, last_leave_year, has_phd, phd_institution, "
        "birth_year_est, overseas_educated, career_profile_id, link_method "
        "from marts.researchers where person_id = ?",
        PERSON,
    ) == [
        # born 2012 − 18 (bachelor start); educated in Israel
        ("bytedance", 2023, None, True, "Tsinghua University", 1994, True, JIAXIN, "linkedin_url"),
    ]  # fmt: skip
    # the side job started after the MSRA post and is still open: had it been faculty, it would
    # have been her source
    assert rows(
        warehouse,
        "select company_id, join_year, source_category, source_org_id, researchers "
        "from marts.company_inflows where company_id = 'bytedance'",
    ) == [("bytedance", 2023, "foreign_company", "microsoft", 1)]
