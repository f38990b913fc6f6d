"""Issue 3: a small world written for this test, built through the real pipeline, and every mart
value checked against numbers worked out by hand from docs/methodology.md#metrics (AS_OF_YEAR 2025).

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

import math

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(small_world_build):
    root, _ = small_world_build
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
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


def assert_rows(actual, expected, keys=None):
    """Compare rows (dicts) with expected rows: dicts, or tuples in the order of `keys`."""
    if keys:
        expected = [dict(zip(keys, row, strict=True)) for row in expected]
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


# Issue 12, what is known of each cohort: (with a linked career profile, with any dated
# education spell, with both such a spell and a PhD); (0, 0, 0) for the years without newcomers.
# Fay's PhD is only implied by her postdoc: no known education.
KNOWN = {
    ("alibaba", 2018): (0, 0, 0),  # Fay
    ("alibaba", 2024): (1, 1, 1),  # Bo, linked by LinkedIn URL
    ("bytedance", 2019): (0, 1, 1),  # Ann
    ("bytedance", 2020): (0, 1, 0),  # Dan
    ("bytedance", 2023): (1, 1, 0),  # Chen, linked by splink
    ("tencent", 2015): (0, 1, 0),  # Gil, his CMU PhD still open
    ("tencent", 2021): (1, 1, 1),  # Bo
    ("tencent", 2022): (1, 1, 0),  # Hao, linked by GitHub login; education from his profile
}


@pytest.mark.parametrize("company", sorted(COHORTS))
def test_researcher_cohorts(marts, company):
    def share(part, whole):
        return part / whole if whole else None

    def known(year):
        return KNOWN.get((company, year), (0, 0, 0))

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
            "new_with_career_profile": known(year)[0],
            "new_with_education": known(year)[1],
            "new_with_education_and_phd": known(year)[2],
            "phd_share_of_known": share(known(year)[2], known(year)[1]),
            "avg_age_team": age_team,
            "avg_age_new": age_new,
            "is_llm_era": year >= 2023,
            "is_partial_year": False,  # the small world ends in 2025, a year that has ended
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
    assert_rows(
        actual,
        expected,
        keys=[
            "company_id",
            "join_year",
            "source_category",
            "source_org_id",
            "source_is_focus_company",
            "researchers",
            "share_of_cohort",
            "share_of_experienced",
        ],
    )


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
    assert_rows(
        actual,
        expected,
        keys=[
            "company_id",
            "leave_year",
            "destination_category",
            "destination_org_id",
            "researchers",
            "share_of_leavers",
            "share_of_known",
        ],
    )


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
    assert_rows(
        actual,
        expected,
        keys=["company_id", "era", "institution_org_id", "country", "researchers", "share", "rank"],
    )


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
    assert_rows(
        actual,
        expected,
        keys=[
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
        ],
    )
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
