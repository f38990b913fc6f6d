"""A small world of eight people, written by hand for the mart and quality-gate tests. Who they
are is told in the docstring of tests/integration/test_marts_by_hand.py, which works out every
mart value from them.

    python -m tests.small_world DIR    writes it as a landing dir (docs/methodology.md#input)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

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

# Not in the world: a newcomer of 2024 and her paper, whom the diff and refresh tests add.
IVY = profile("~Ivy_Qi1", "Ivy Qi", [entry("Researcher", "Tencent", 2024, None, "tencent.com")])
IVY_PAPER = note_v2("IvyPaper", 2024, "~Ivy_Qi1")


def write(landing: Path) -> Path:
    return write_landing(landing, PROFILES, NOTES, CAREERS, GITHUB)


if __name__ == "__main__":
    print(f"wrote {write(Path(sys.argv[1]))}")
