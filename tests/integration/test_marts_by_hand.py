"""Issue 3: a small world written for this test, built through the real pipeline, and every mart
value checked against numbers worked out by hand from CONTRACT §4 (AS_OF_YEAR 2025).

The people (history newest first, as OpenReview lists it):
  Ann   ByteDance 2019– (paper 2020); Google 2016–2018; Stanford PhD 2011–2016;
        Tsinghua BSc 2007–2011; born 1990; a rejected spell (ends before it starts).
  Bo    Tencent AI Lab (ailab.tencent.com) 2021–2023 (paper 2022, API v1 note); ByteDance
        intern 2020; PKU PhD 2016–2021, PKU BSc 2012–2016; his LinkedIn career profile adds
        Alibaba 2024– (paper 2025, unified-author note) and repeats Tencent and the PhD.
  Chen  字节跳动 2023– (paper 2024); Zhejiang master 2020–2023, BSc 2016–2020; born 1880 (not
        plausible); a career profile without LinkedIn is linked by splink.
  Dan   TikTok 2020–2022 (paper 2021); Moonshot AI 2023–; Toronto MS 2018–2020; born 1996.
  Eve   ByteDance research intern 2022 (paper 2022): not a researcher.
  Fay   DAMO Academy 2018–2019 (paper 2019); NUS postdoc 2016–2018 (implies a PhD).
  Gil   Tencent 2015–2016 (paper 2016) and 2019–2020; CMU PhD 2020–; MSRA 2021–.
  Hao   Tencent 2022– (paper 2023); career profile linked by GitHub login adds SJTU BEng
        2014–2018 and MS 2018–2021.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pytest

from orchestration.runner import failures, run_build
from tests.landing_data import write_landing

AS_OF = 2025


def ms(year: int) -> int:
    return int(dt.datetime(year, 6, 15, tzinfo=dt.UTC).timestamp() * 1000)


def entry(position, name, start, end, domain=None, country=None):
    institution = {"name": name}
    if domain:
        institution["domain"] = domain
    if country:
        institution["country"] = country
    return {"position": position, "start": start, "end": end, "institution": institution}


def profile(person_id, name, history, **content):
    return {
        "id": person_id,
        "content": {
            "names": [{"fullname": name, "preferred": True}],
            "history": history,
            **content,
        },
    }


def note_v2(note_id, year, *author_ids):
    return {
        "id": note_id,
        "pdate": ms(year),
        "cdate": ms(year - 1),
        "content": {"title": {"value": note_id}, "authorids": {"value": list(author_ids)}},
    }


def career(identifier, name, experiences=(), education=(), url=None):
    def when(year):
        return None if year is None else {"year": year, "month": 7}

    return {
        "public_identifier": identifier,
        "profile_url": url,
        "full_name": name,
        "experiences": [
            {"company": c, "title": t, "starts_at": when(s), "ends_at": when(e)}
            for c, t, s, e in experiences
        ],
        "education": [
            {"school": sc, "degree_name": d, "starts_at": when(s), "ends_at": when(e)}
            for sc, d, s, e in education
        ],
    }


PROFILES = [
    profile(
        "~Ann_Li1",
        "Ann Li",
        [
            entry("Research Scientist", "ByteDance", 2019, None, "bytedance.com", "CN"),
            entry("Researcher", "Microsoft", 2019, 2017),
            entry("Software Engineer", "Google", 2016, 2018, "google.com", "US"),
            entry("PhD student", "Stanford University", 2011, 2016, "stanford.edu", "US"),
            entry("Undergrad student", "Tsinghua University", "2007", "2011"),
        ],
        yearOfBirth=1990,
    ),
    profile(
        "~Bo_Wang1",
        "Bo Wang",
        [
            entry("Researcher", "Tencent AI Lab", 2021, 2023, "ailab.tencent.com", "CN"),
            entry("Research Intern", "ByteDance", 2020, 2020, "bytedance.com"),
            entry("PhD student", "Peking University", 2016, 2021, "pku.edu.cn"),
            entry("Undergrad student", "Peking University", 2012, 2016, "pku.edu.cn"),
        ],
        linkedin="https://www.linkedin.com/in/Bo-Wang-1",
    ),
    profile(
        "~Chen_Zhao1",
        "Chen Zhao",
        [
            entry("研究员", "字节跳动", 2023, None),
            entry("硕士研究生", "Zhejiang University", 2020, 2023),
            entry("本科", "Zhejiang University", 2016, 2020),
        ],
        yearOfBirth=1880,
    ),
    profile(
        "~Dan_Liu1",
        "Dan Liu",
        [
            entry("Researcher", "Moonshot AI", 2023, None),
            entry("Engineer", "TikTok", 2020, 2022),
            entry("MS student", "University of Toronto", 2018, 2020),
        ],
        yearOfBirth=1996,
    ),
    profile(
        "~Eve_Sun1",
        "Eve Sun",
        [
            entry("Visiting Scholar", "MIT", 2023, 2023),
            entry("Research Intern", "ByteDance", 2022, 2022),
            entry("PhD student", "Fudan University", 2019, None),
        ],
    ),
    profile(
        "~Fay_Hu1",
        "Fay Hu",
        [
            entry("Staff Engineer", "DAMO Academy", 2018, 2019),
            entry("Postdoc", "National University of Singapore", 2016, 2018, "nus.edu.sg"),
        ],
    ),
    profile(
        "~Gil_Ma1",
        "Gil Ma",
        [
            entry("Researcher", "Microsoft Research Asia", 2021, None),
            entry("PhD student", "Carnegie Mellon University", 2020, None, "cmu.edu"),
            entry("Researcher", "Tencent", 2019, 2020),
            entry("Researcher", "Tencent", 2015, 2016),
        ],
    ),
    profile(
        "~Hao_Xu1",
        "Hao Xu",
        [entry("Senior Researcher", "Tencent", 2022, None, "tencent.com")],
        github="https://github.com/HaoXu",
    ),
]

NOTES = [
    note_v2("AnnPaper", 2020, "~Ann_Li1", "guest@example.com"),
    {  # API v1: plain values, year from cdate
        "id": "BoV1Paper",
        "cdate": ms(2022),
        "content": {
            "title": "Bo v1",
            "authorids": ["~Bo_Wang1", "x@y.com"],
            "authors": ["Bo", "X"],
        },
    },
    {  # unified authors, year from cdate
        "id": "BoUnified",
        "cdate": ms(2025),
        "content": {
            "title": {"value": "Bo unified"},
            "authors": {"value": [{"fullname": "Bo Wang", "username": "~Bo_Wang1"}]},
        },
    },
    note_v2("ChenPaper", 2024, "~Chen_Zhao1"),
    note_v2("DanPaper", 2021, "~Dan_Liu1"),
    note_v2("EvePaper", 2022, "~Eve_Sun1"),
    note_v2("FayPaper", 2019, "~Fay_Hu1"),
    note_v2("GilPaper", 2016, "~Gil_Ma1"),
    note_v2("HaoPaper", 2023, "~Hao_Xu1"),
]

CAREERS = [
    career(
        "bo-wang-1",
        "Bo Wang",
        experiences=[
            ("Alibaba Group", "Senior Researcher", 2024, None),
            ("Tencent", "Researcher", 2021, 2023),
        ],
        education=[("Peking University", "Doctor of Philosophy - PhD", 2016, 2021)],
        url="https://cn.linkedin.com/in/bo-wang-1/",
    ),
    career(
        "chen-zhao-7",
        "Chen Zhao",
        experiences=[("ByteDance", "Researcher", 2023, None)],
        education=[("Zhejiang University", "Bachelor of Engineering", 2016, 2020)],
    ),
    career(
        "hao-xu-99",
        "Hao Xu",
        experiences=[("Tencent", "Senior Researcher", 2022, None)],
        education=[
            ("Shanghai Jiao Tong University", "Bachelor of Engineering - BE", 2014, 2018),
            ("Shanghai Jiao Tong University", "Master of Science - MS", 2018, 2021),
        ],
    ),
    # nobody's: linked to no profile, it must change no number
    career("zed-q", "Zed Quux", experiences=[("ByteDance", "Researcher", 2010, None)]),
]

GITHUB = [{"login": "HaoXu", "id": 7, "blog": "https://www.linkedin.com/in/hao-xu-99/"}]


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("by_hand")
    landing = write_landing(tmp / "landing", PROFILES, NOTES, CAREERS, GITHUB)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in {
            "TALENTFLOW_LANDING_DIR": str(landing),
            "TALENTFLOW_WAREHOUSE": str(tmp / "warehouse.duckdb"),
            "TALENTFLOW_PUBLISH_DIR": str(tmp / "published"),
            "TALENTFLOW_AS_OF_YEAR": str(AS_OF),
            "TALENTFLOW_HOME_COUNTRY": "CN",
        }.items():
            monkeypatch.setenv(name, value)
        from orchestration.settings import Settings

        result = run_build(Settings.from_env())
        assert result.success, failures(result)
        with duckdb.connect(str(tmp / "warehouse.duckdb"), read_only=True) as con:
            yield con


def rows(con, sql):
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def same(actual, expected):
    """Equality that treats two NaN/None alike and compares floats exactly enough."""
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if isinstance(expected, float):
        return actual is not None and math.isclose(actual, expected, abs_tol=1e-12)
    return actual == expected


def assert_rows(actual, expected):
    assert len(actual) == len(expected), (actual, expected)
    for got, want in zip(actual, expected, strict=True):
        mismatched = {k: (got[k], v) for k, v in want.items() if not same(got[k], v)}
        assert not mismatched, (want, mismatched)


# (year, headcount, new, with_phd, fresh, fresh_phd, overseas, avg_age_team, avg_age_new)
COHORTS = {
    "bytedance": [
        (2019, 1, 1, 1, 0, 0, 1, 29.0, 29.0),
        (2020, 2, 1, 0, 1, 0, 1, 27.0, 24.0),
        (2021, 2, 0, 0, 0, 0, 0, 28.0, None),
        (2022, 2, 0, 0, 0, 0, 0, 29.0, None),
        (2023, 2, 1, 0, 1, 0, 0, 29.0, 25.0),
        (2024, 2, 0, 0, 0, 0, 0, 30.0, None),
        (2025, 2, 0, 0, 0, 0, 0, 31.0, None),
    ],
    "alibaba": [
        (2018, 1, 1, 1, 0, 0, 0, None, None),
        (2019, 1, 0, 0, 0, 0, 0, None, None),
        (2020, 0, 0, 0, 0, 0, 0, None, None),
        (2021, 0, 0, 0, 0, 0, 0, None, None),
        (2022, 0, 0, 0, 0, 0, 0, None, None),
        (2023, 0, 0, 0, 0, 0, 0, None, None),
        (2024, 1, 1, 1, 0, 0, 0, 30.0, 30.0),
        (2025, 1, 0, 0, 0, 0, 0, 31.0, None),
    ],
    "tencent": [
        (2015, 1, 1, 0, 0, 0, 1, None, None),
        (2016, 1, 0, 0, 0, 0, 0, None, None),
        (2017, 0, 0, 0, 0, 0, 0, None, None),
        (2018, 0, 0, 0, 0, 0, 0, None, None),
        (2019, 1, 0, 0, 0, 0, 0, None, None),
        (2020, 1, 0, 0, 0, 0, 0, None, None),
        (2021, 1, 1, 1, 1, 1, 0, 27.0, 27.0),
        (2022, 2, 1, 0, 1, 0, 0, 27.0, 26.0),
        (2023, 2, 0, 0, 0, 0, 0, 28.0, None),
        (2024, 1, 0, 0, 0, 0, 0, 28.0, None),
        (2025, 1, 0, 0, 0, 0, 0, 29.0, None),
    ],
}


@pytest.mark.parametrize("company", sorted(COHORTS))
def test_researcher_cohorts(marts, company):
    def share(part, whole):
        return part / whole if whole else None

    expected = [
        {
            "company_id": company,
            "year": year,
            "headcount": headcount,
            "new_researchers": new,
            "new_with_phd": phd,
            "phd_share": share(phd, new),
            "fresh_grads": fresh,
            "fresh_grad_share": share(fresh, new),
            "fresh_phds": fresh_phd,
            "fresh_phd_share": share(fresh_phd, new),
            "overseas_educated": overseas,
            "overseas_education_share": share(overseas, new),
            "avg_age_team": age_team,
            "avg_age_new": age_new,
            "is_llm_era": year >= 2023,
        }
        for year, headcount, new, phd, fresh, fresh_phd, overseas, age_team, age_new in COHORTS[
            company
        ]
    ]
    actual = rows(
        marts,
        f"select * from marts.researcher_cohorts where company_id = '{company}' order by year",
    )
    assert_rows(actual, expected)


def test_company_inflows(marts):
    actual = rows(
        marts,
        "select company_id, join_year, source_category, source_org_id, source_is_focus_company, "
        "researchers, share_of_cohort, share_of_experienced from marts.company_inflows "
        "order by company_id, join_year",
    )
    expected = [
        ("alibaba", 2018, "academia", "nus", False, 1, 1.0, 1.0),
        ("alibaba", 2024, "big_tech_cn", "tencent", True, 1, 1.0, 1.0),
        ("bytedance", 2019, "foreign_company", "google", False, 1, 1.0, 1.0),
        ("bytedance", 2020, "fresh_graduate", None, False, 1, 1.0, None),
        ("bytedance", 2023, "fresh_graduate", None, False, 1, 1.0, None),
        ("tencent", 2015, "unknown", None, False, 1, 1.0, None),
        ("tencent", 2021, "fresh_graduate", None, False, 1, 1.0, None),
        ("tencent", 2022, "fresh_graduate", None, False, 1, 1.0, None),
    ]
    keys = [
        "company_id",
        "join_year",
        "source_category",
        "source_org_id",
        "source_is_focus_company",
        "researchers",
        "share_of_cohort",
        "share_of_experienced",
    ]
    assert_rows(actual, [dict(zip(keys, row, strict=True)) for row in expected])


def test_leaver_destinations(marts):
    actual = rows(
        marts,
        "select company_id, leave_year, destination_category, destination_org_id, researchers, "
        "share_of_leavers, share_of_known from marts.leaver_destinations "
        "order by company_id, leave_year",
    )
    expected = [
        ("alibaba", 2019, "unknown", None, 1, 1.0, None),
        ("bytedance", 2022, "startup", "moonshot", 1, 1.0, 1.0),
        ("tencent", 2020, "academia", "cmu", 1, 1.0, 1.0),
        ("tencent", 2023, "big_tech_cn", "alibaba", 1, 1.0, 1.0),
    ]
    keys = [
        "company_id",
        "leave_year",
        "destination_category",
        "destination_org_id",
        "researchers",
        "share_of_leavers",
        "share_of_known",
    ]
    assert_rows(actual, [dict(zip(keys, row, strict=True)) for row in expected])


def test_education_backgrounds(marts):
    actual = rows(
        marts,
        "select company_id, era, institution_org_id, country, researchers, share, rank "
        "from marts.education_backgrounds order by company_id, era, institution_org_id",
    )
    expected = [
        ("alibaba", "llm", "pku", "CN", 1, 1.0, 1),
        ("bytedance", "llm", "zju", "CN", 1, 1.0, 1),
        ("bytedance", "pre_llm", "stanford", "US", 1, 0.5, 1),
        ("bytedance", "pre_llm", "toronto", "CA", 1, 0.5, 1),
        ("bytedance", "pre_llm", "tsinghua", "CN", 1, 0.5, 1),
        ("tencent", "pre_llm", "cmu", "US", 1, 1 / 3, 1),
        ("tencent", "pre_llm", "pku", "CN", 1, 1 / 3, 1),
        ("tencent", "pre_llm", "sjtu", "CN", 1, 1 / 3, 1),
    ]
    keys = ["company_id", "era", "institution_org_id", "country", "researchers", "share", "rank"]
    assert_rows(actual, [dict(zip(keys, row, strict=True)) for row in expected])


def test_researchers(marts):
    actual = rows(
        marts,
        "select person_id, company_id, display_name, first_join_year, last_leave_year, has_phd, "
        "phd_institution, birth_year_est, overseas_educated, career_profile_id, link_method "
        "from marts.researchers order by person_id, company_id",
    )
    expected = [
        ("~Ann_Li1", "bytedance", "Ann Li", 2019, None, True, "Stanford University", 1990, True, None, None),
        ("~Bo_Wang1", "alibaba", "Bo Wang", 2024, None, True, "Peking University", 1994, False, "bo-wang-1", "linkedin_url"),
        ("~Bo_Wang1", "tencent", "Bo Wang", 2021, 2023, True, "Peking University", 1994, False, "bo-wang-1", "linkedin_url"),
        ("~Chen_Zhao1", "bytedance", "Chen Zhao", 2023, None, False, None, 1998, False, "chen-zhao-7", "splink"),
        ("~Dan_Liu1", "bytedance", "Dan Liu", 2020, 2022, False, None, 1996, True, None, None),
        ("~Fay_Hu1", "alibaba", "Fay Hu", 2018, 2019, True, None, None, False, None, None),
        ("~Gil_Ma1", "tencent", "Gil Ma", 2015, 2020, False, None, None, True, None, None),
        ("~Hao_Xu1", "tencent", "Hao Xu", 2022, None, False, None, 1996, False, "hao-xu-99", "github_login"),
    ]  # fmt: skip
    keys = [
        "person_id",
        "company_id",
        "display_name",
        "first_join_year",
        "last_leave_year",
        "has_phd",
        "phd_institution",
        "birth_year_est",
        "overseas_educated",
        "career_profile_id",
        "link_method",
    ]
    assert_rows(actual, [dict(zip(keys, row, strict=True)) for row in expected])
    scores = dict(
        marts.execute(
            "select link_method, min(link_score) from marts.researchers "
            "where link_method is not null group by all"
        ).fetchall()
    )
    assert scores["linkedin_url"] == scores["github_login"] == 1.0
    assert 0.9 <= scores["splink"] <= 1.0


def test_bad_spells_are_kept_out_with_their_reason(marts):
    assert rows(
        marts,
        "select person_id, role_text, rejection_reason from intermediate.int_rejected_spells "
        "order by person_id",
    ) == [
        {"person_id": "~Ann_Li1", "role_text": "Researcher", "rejection_reason": "ends before it starts"},
        {"person_id": "~Eve_Sun1", "role_text": "Visiting Scholar", "rejection_reason": "role maps to nothing"},
    ]  # fmt: skip
