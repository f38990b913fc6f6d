"""A realistic sample world (talentflow sample): researchers of the focus companies and the
people around them, their careers, papers, profiles and the mess real dumps carry.

The simulation draws from the rates in targets.json (one data file) and streams: each person is
generated, written and forgotten, so a million people need no more memory than ten. The same
seed gives byte-identical output. Besides the landing dir (docs/methodology.md#input) it writes
`truth/`: each person's true career and papers, and the true career-profile → person links.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import random
from collections import defaultdict, deque
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.defs.landing.jsonl import SOURCES
from orchestration.defs.landing.provenance import record_provenance
from orchestration.settings import DBT_PROJECT_DIR, ROR_CSV, SAMPLE_INFO

TARGETS = Path(__file__).with_name("targets.json")
# The file of each landed source (in its folder of the landing layout, SOURCES).
SAMPLE_FILES = {
    "openreview_profiles": "profiles.jsonl",
    "openreview_notes": "notes.jsonl.gz",
    "career_profiles": "profiles.jsonl",
    "github_users": "users.jsonl",
}
SEEDS = DBT_PROJECT_DIR / "seeds"

SURNAMES = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Zhao", "赵"),
    ("Huang", "黄"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "徐"),
    ("Sun", "孙"),
    ("Hu", "胡"),
    ("Zhu", "朱"),
    ("Gao", "高"),
    ("Lin", "林"),
    ("He", "何"),
    ("Guo", "郭"),
    ("Ma", "马"),
    ("Luo", "罗"),
    ("Liang", "梁"),
    ("Song", "宋"),
    ("Zheng", "郑"),
    ("Xie", "谢"),
    ("Han", "韩"),
]
GIVEN = [
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Min", "敏"),
    ("Jing", "静"),
    ("Lei", "磊"),
    ("Jun", "军"),
    ("Yang", "洋"),
    ("Yong", "勇"),
    ("Jie", "杰"),
    ("Tao", "涛"),
    ("Ming", "明"),
    ("Chao", "超"),
    ("Hui", "慧"),
    ("Yan", "燕"),
    ("Xin", "鑫"),
    ("Hao", "浩"),
    ("Yu", "宇"),
    ("Peng", "鹏"),
    ("Zhi", "志"),
    ("Qiang", "强"),
    ("Lin", "琳"),
    ("Ying", "颖"),
    ("Kai", "凯"),
    ("Bo", "博"),
    ("Rui", "睿"),
    ("Xiao", "晓"),
    ("Long", "龙"),
    ("Hong", "红"),
    ("Jian", "建"),
    ("Ning", "宁"),
    ("Shu", "舒"),
    ("Yi", "毅"),
    ("Han", "涵"),
    ("Zi", "子"),
    ("Chen", "晨"),
]
POSITIONS = {
    "employee": [
        "Researcher",
        "Research Scientist",
        "Senior Researcher",
        "Algorithm Engineer",
        "Principal Researcher",
        "Staff Engineer",
        "研究员",
        "算法工程师",
    ],
    "intern": ["Intern", "Research Intern", "实习生"],
    "postdoc": ["Postdoc", "Postdoctoral Researcher", "博士后"],
    "faculty": ["Assistant Professor", "Associate Professor", "Professor", "教授"],
    "student_phd": ["PhD student", "Ph.D. Candidate", "博士研究生"],
    "student_master": ["MS student", "Master student", "硕士研究生"],
    "student_bachelor": ["Undergrad student", "Undergraduate Student", "本科生"],
}
TITLES = {
    "employee": ["Research Scientist", "Senior Algorithm Engineer", "Researcher", "Engineer"],
    "intern": ["Research Intern", "Intern"],
    "postdoc": ["Postdoctoral Researcher"],
    "faculty": ["Assistant Professor", "Associate Professor"],
}
DEGREES = {
    "student_phd": ["Doctor of Philosophy - PhD", "Ph.D.", "博士"],
    "student_master": ["Master of Science - MS", "Master's degree", "硕士"],
    "student_bachelor": ["Bachelor of Engineering - BE", "Bachelor's degree", "本科"],
}
# Western given names some Chinese researchers add to their names (none reads as pinyin).
WESTERN_GIVEN = [
    "Kevin",
    "Michael",
    "David",
    "Jason",
    "Tony",
    "Eric",
    "Jack",
    "Vincent",
    "Grace",
    "Helen",
    "Vivian",
    "Cindy",
    "Amy",
    "Lucy",
    "Steven",
    "Frank",
    "Peter",
    "Oscar",
    "Ivy",
    "Sophie",
]
# The ways a name is written otherwise (mess `name_variant`), on one side of a person.
NAME_VARIANTS = ("han", "initials", "middle_initial", "hyphenated", "spaced", "western")
# A world of namesakes without shared URLs (`generate(..., mess=NAMESAKE_WORLD)`): half the
# people share a recent person's name, 40% write it another way on one side, and no profile
# names a LinkedIn URL or GitHub login, so linking must tell people apart by their dated
# employers and schools alone (tests/integration/test_linking.py).
NAMESAKE_WORLD = {"namesake_rate": 0.5, "shared_url_rate": 0.0, "name_variant": 0.4}
STUDY_YEARS = {"student_bachelor": 4, "student_master": 2, "student_phd": 5}
EDUCATION = ("student_bachelor", "student_master", "student_phd")


@dataclass
class Organization:
    org_id: str
    category: str
    country: str
    names: list[str]
    domains: list[str]


@dataclass
class Spell:
    org: Organization
    role: str
    start: int
    end: int | None

    def truth(self) -> dict:
        return {
            "org_id": self.org.org_id,
            "role": self.role,
            "start_year": self.start,
            "end_year": self.end,
        }


@dataclass
class Person:
    kind: str
    surname: tuple[str, str]
    given: list[tuple[str, str]]
    birth_year: int
    spells: list[Spell] = field(default_factory=list)
    papers: list[int] = field(default_factory=list)
    company: str | None = None

    @property
    def latin_name(self) -> str:
        return "".join(g[0] if i == 0 else g[0].lower() for i, g in enumerate(self.given)) + (
            " " + self.surname[0]
        )

    @property
    def han_name(self) -> str:
        return self.surname[1] + "".join(g[1] for g in self.given)


class Registry:
    """The organizations the world draws from: the curated seed, with ROR's domains."""

    def __init__(self) -> None:
        rows = list(csv.DictReader((SEEDS / "organizations.csv").open(encoding="utf-8")))
        parent = {r["org_id"]: r["parent_org_id"] for r in rows}
        names: dict[str, list[str]] = defaultdict(list)
        domains: dict[str, list[str]] = defaultdict(list)

        def top(org_id: str) -> str:
            while parent.get(org_id):
                org_id = parent[org_id]
            return org_id

        for r in rows:  # a subsidiary's names and domains are names of its group
            names[top(r["org_id"])] += [r["name"]] + ([r["name_zh"]] if r["name_zh"] else [])
        for r in csv.DictReader((SEEDS / "organization_aliases.csv").open(encoding="utf-8")):
            names[top(r["org_id"])].append(r["alias"])
        for r in csv.DictReader((SEEDS / "organization_domains.csv").open(encoding="utf-8")):
            domains[top(r["org_id"])].append(r["domain"])
        claimed = {r["ror_id"]: r["org_id"] for r in rows if r["ror_id"]}
        with ROR_CSV.open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if r["ror_id"] in claimed and r["domains"]:
                    domains[top(claimed[r["ror_id"]])] += r["domains"].split("|")[:1]
        focus = [r["company_id"] for r in csv.DictReader((SEEDS / "focus_companies.csv").open())]
        self.by_id = {
            r["org_id"]: Organization(
                r["org_id"],
                r["category"],
                r["country"],
                list(dict.fromkeys(names[r["org_id"]])),
                list(dict.fromkeys(domains[r["org_id"]])),
            )
            for r in rows
            if not r["parent_org_id"]
        }
        self.focus = [self.by_id[c] for c in focus]
        self.pools: dict[str, list[Organization]] = defaultdict(list)
        for org in self.by_id.values():
            if org.org_id in focus:
                continue
            if org.category == "academia":
                self.pools["academia_home" if org.country == "CN" else "academia_abroad"].append(
                    org
                )
            self.pools[org.category].append(org)


class World:
    def __init__(
        self, people: int, seed: int, targets: dict | None = None, mess: dict | None = None
    ):
        self.targets = targets or json.loads(TARGETS.read_text())
        self.model = self.targets["model"]
        self.mess = {**self.targets["mess"], **(mess or {})}
        self.as_of = self.targets["as_of_year"]
        self.first_year = self.targets["first_year"]
        self.people = people
        self.seed = seed
        self.rng = random.Random(seed)
        self.registry = Registry()
        self.scale = people / self.targets["reference_people"]
        # people per name so far (the name lower-cased, without its space): namesakes' number
        self.name_counts: dict[str, int] = defaultdict(int)
        self.coauthors: deque[str] = deque(maxlen=500)
        # names of recent people, for namesakes (mess `namesake_rate`)
        self.recent_names: deque[tuple] = deque(maxlen=200)
        self.note_number = 0

    # ---------------------------------------------------------------- the plan of hires
    def hires(self) -> list[tuple[str, int]]:
        """(company, join year) of every researcher: headcount paths through the anchors,
        hires = growth + those who leave."""
        rate = self.model["yearly_leave_rate"]
        plan = []
        for company, anchors in self.model["headcount_anchors"].items():
            points = sorted((int(y), n * self.scale) for y, n in anchors.items())
            previous = 0.0
            for year in range(points[0][0], self.as_of + 1):
                target = _interpolate(points, year)
                hires = max(0, round(target - previous * (1 - rate)))
                plan += [(company, year)] * hires
                previous = target
        return plan

    # ---------------------------------------------------------------- people
    def new_person(self, kind: str, birth_year: int) -> Person:
        rate = self.mess["namesake_rate"]
        # (a rate of 0 draws nothing: the default sample stays as it was)
        if rate and self.recent_names and self.rng.random() < rate:
            surname, given = self.rng.choice(self.recent_names)
            return Person(kind, surname, list(given), birth_year)
        given = [self.rng.choice(GIVEN) for _ in range(1 if self.rng.random() < 0.2 else 2)]
        person = Person(kind, self.rng.choice(SURNAMES), given, birth_year)
        if rate:
            self.recent_names.append((person.surname, tuple(person.given)))
        return person

    def written_names(self, person: Person) -> tuple[str, str]:
        """(OpenReview name, career-profile name): the same, unless (mess `name_variant`) one
        side writes it another way: Han script, initials, a middle initial, hyphenated or
        spaced given names, or a Western given name added."""
        rng, name = self.rng, person.latin_name
        if not self.mess["name_variant"] or rng.random() >= self.mess["name_variant"]:
            return name, name
        surname = person.surname[0]
        parts = [g[0] for g in person.given]
        variant = rng.choice(NAME_VARIANTS)
        if variant == "han":
            other = person.han_name
        elif variant == "initials":
            other = "".join(f"{p[0]}." for p in parts) + f" {surname}"
        elif variant == "middle_initial" and len(parts) > 1:
            other = f"{parts[0]} {parts[1][0]}. {surname}"
        elif variant == "hyphenated" and len(parts) > 1:
            other = f"{parts[0]}-{parts[1].lower()} {surname}"
        elif variant == "spaced" and len(parts) > 1:
            other = f"{parts[0]} {parts[1]} {surname}"
        elif variant == "western":
            western = rng.choice(WESTERN_GIVEN)
            given = name.split(" ")[0]
            other = rng.choice([f"{western} {given} {surname}", f"{given} ({western}) {surname}"])
        else:
            other = name
        return (other, name) if rng.random() < 0.5 else (name, other)

    def researcher(self, company_id: str, join: int) -> Person:
        rng, model = self.rng, self.model
        company = self.registry.by_id[company_id]
        shares = next(
            s for s in model["cohort_shares"][company_id] if s["years"][0] <= join <= s["years"][1]
        )
        fresh = rng.random() < shares["fresh"]
        if fresh:
            phd = rng.random() < shares["fresh_phd"] / shares["fresh"]
        else:
            phd = rng.random() < (shares["phd"] - shares["fresh_phd"]) / (1 - shares["fresh"])
        overseas = rng.random() < model["overseas_education"][company_id]
        highest = "student_phd" if phd else rng.choice(["student_master", "student_bachelor"])
        spells: list[Spell] = []
        if fresh:
            graduation = join - rng.choice([0, 1])
        else:
            prior_start = join - rng.randint(1, 4)
            graduation = prior_start - rng.choice([0, 1])
            era = "llm" if join >= 2023 else "pre_llm"
            category = _draw(rng, model["experienced_source"][era])
            if category == "focus":
                org = rng.choice([c for c in self.registry.focus if c is not company])
            else:
                org = rng.choice(self.registry.pools[category])
            role = rng.choice(["postdoc", "faculty"]) if category == "academia" else "employee"
            if role == "postdoc" and not phd:
                role = "faculty"
            spells.append(Spell(org, role, prior_start, join - 1))
        spells += self.education(highest, graduation, overseas)
        if rng.random() < 0.3:  # an internship while studying
            spells.append(
                Spell(
                    rng.choice(self.registry.pools["big_tech_cn"]),
                    "intern",
                    graduation - 1,
                    graduation - 1,
                )
            )
        tenure = 0
        while rng.random() > model["yearly_leave_rate"]:
            tenure += 1
        end = join + tenure if join + tenure < self.as_of else None
        spells.append(Spell(company, "employee", join, end))
        if end is not None:
            category = _draw(rng, model["leaver_destination"])
            start = end + (1 if rng.random() < 0.7 else 0)
            org = rng.choice(self.registry.pools[category])
            role = "employee"
            if category == "academia":
                role = rng.choice(["faculty", "faculty", "postdoc", "student_phd"])
            spells.append(Spell(org, role, start, None))
        bachelor = min(s.start for s in spells if s.role == "student_bachelor")
        person = self.new_person("researcher", bachelor - 18)
        person.spells, person.company = spells, company_id
        low, high = model["papers_per_researcher"]
        last = end or self.as_of  # an end is always before AS_OF_YEAR
        person.papers = sorted(rng.randint(join, last) for _ in range(rng.randint(low, high)))
        return person

    def education(self, highest: str, graduation: int, overseas: bool) -> list[Spell]:
        rng = self.rng
        masters_first = rng.random() < 0.25  # some PhDs hold a master's degree first
        path = {
            "student_bachelor": ["student_bachelor"],
            "student_master": ["student_bachelor", "student_master"],
            "student_phd": ["student_bachelor"]
            + (["student_master"] if masters_first else [])
            + ["student_phd"],
        }[highest]
        abroad = rng.randrange(len(path)) if overseas else None
        spells, end = [], graduation
        for index in reversed(range(len(path))):
            role = path[index]
            pool = "academia_abroad" if index == abroad else "academia_home"
            start = end - STUDY_YEARS[role]
            spells.append(Spell(rng.choice(self.registry.pools[pool]), role, start, end))
            end = start
        return spells

    def bystander(self) -> Person:
        """Someone around the researchers: an intern at a focus company, staff who published
        only outside their years there, or someone at another organization."""
        rng, model = self.rng, self.model["bystanders"]
        year = rng.randint(self.first_year + 4, self.as_of)
        spells = self.education(rng.choice(EDUCATION), year - 1, rng.random() < 0.3)
        draw = rng.random()
        if draw < model["intern_share"]:
            kind, company = "intern", rng.choice(self.registry.focus)
            spells.append(Spell(company, "intern", year, year))
            papers = [year]
        elif draw < model["intern_share"] + model["unpublished_staff_share"]:
            kind, company = "unpublished_staff", rng.choice(self.registry.focus)
            spells.append(Spell(company, "employee", year, None))
            papers = [year - 2]  # from their studies, before they joined
        else:
            kind = "external"
            category = rng.choice(["academia", "foreign_company", "big_tech_cn", "startup"])
            role = "faculty" if category == "academia" else "employee"
            spells.append(Spell(rng.choice(self.registry.pools[category]), role, year, None))
            papers = [rng.randint(year, self.as_of)]
        bachelor = min(s.start for s in spells if s.role == "student_bachelor")
        person = self.new_person(kind, bachelor - 18)
        person.spells, person.papers = spells, papers
        return person

    # ---------------------------------------------------------------- records
    def person_id(self, person: Person) -> tuple[str, int]:
        """The OpenReview id, e.g. `~Wei_Wang3`, and the person's number among namesakes (3).

        Namesakes are counted by the name lower-cased, without its space, as every key spells it:
        so each key of a person is unique by construction (staging tests them, a GitHub login
        lower-cased), for the first of a name has no number in its career profile identifier and
        GitHub login, the others `-<number>` after the random tail, which tells namesakes apart
        only by chance (a login's tail is below 1000)."""
        key = person.latin_name.replace(" ", "").lower()
        self.name_counts[key] += 1
        base = "~" + "_".join([person.latin_name.split(" ")[0], person.surname[0]])
        return f"{base}{self.name_counts[key]}", self.name_counts[key]

    def career_identifier(self, person: Person, namesake: int) -> str:
        """`<given>-<surname>-<six random hex digits>`, then `-<namesake>` but for the first."""
        identifier = f"{_slug(person)}-{self.rng.randrange(16**6):06x}"
        return identifier if namesake == 1 else f"{identifier}-{namesake}"

    def github_login(self, person: Person, namesake: int) -> str:
        """`<Given><Surname><random number below 1000>`, then `-<namesake>` but for the first."""
        login = f"{person.latin_name.replace(' ', '')}{self.rng.randrange(1000)}"
        return login if namesake == 1 else f"{login}-{namesake}"

    def year(self, value: int | None) -> int | str | None:
        if value is not None and self.rng.random() < self.mess["year_as_string"]:
            return str(value)
        return value

    def org_name(self, org: Organization) -> str:
        if self.rng.random() < self.mess["organization_name_variant"]:
            return self.rng.choice(org.names)
        return org.names[0]

    def profile(
        self,
        person: Person,
        person_id: str,
        linkedin: str | None,
        github: str | None,
        name: str | None = None,
    ):
        rng, mess = self.rng, self.mess
        history = []
        for spell in sorted(person.spells, key=lambda s: (s.start, s.role), reverse=True):
            if spell.role == "student_bachelor" and rng.random() < 0.4:
                continue  # left for the career profile to tell
            institution = {"name": self.org_name(spell.org), "country": spell.org.country}
            if spell.org.domains and rng.random() < mess["institution_domain"]:
                institution["domain"] = spell.org.domains[0]
            history.append(
                {
                    "position": rng.choice(POSITIONS[spell.role]),
                    "start": self.year(spell.start),
                    "end": self.year(spell.end),
                    "institution": institution,
                }
            )
        names = [{"fullname": name or person.latin_name, "preferred": True, "username": person_id}]
        if rng.random() < mess["han_script_alternate_name"]:
            names.append({"fullname": person.han_name, "preferred": False})
        current = person.spells[-1].org
        content = {"names": names, "history": history}
        if current.domains:  # public emails show only their domain
            content["emails"] = [f"****@{current.domains[0]}"]
        if linkedin:
            content["linkedin"] = linkedin
        if github:
            content["github"] = f"https://github.com/{github}"
        if rng.random() < mess["year_of_birth_given"]:
            content["yearOfBirth"] = person.birth_year
        return {
            "id": person_id,
            "tmdate": _epoch_ms(self.last_edit(person, person_id)),
            "content": content,
        }

    def last_edit(self, person: Person, person_id: str) -> int:
        """The year the profile was last modified: no earlier than the last change it shows; most
        people edit it now and then, some never after that change (a job that began long ago
        then reads "present" on a stale record: docs/methodology.md#staleness). Drawn from the
        person's own stream, so that the world's draws stay as they were."""
        rng = random.Random(f"{self.seed}:{person_id}")
        last_change = max(y for s in person.spells for y in (s.start, s.end) if y is not None)
        if rng.random() < self.mess["profile_untouched_since_last_change"]:
            return last_change
        return max(last_change, self.as_of - rng.choice((0, 0, 0, 1, 1, 2)))

    def career_profile(self, person: Person, identifier: str, name: str | None = None) -> dict:
        rng, mess = self.rng, self.mess

        def date(year):
            return None if year is None else {"year": self.year(year), "month": rng.randint(1, 12)}

        name = name or person.latin_name
        if rng.random() < mess["career_name_order_swapped"]:  # the surname first
            words = name.split(" ")
            name = " ".join(words[-1:] + words[:-1])
        jobs = [s for s in person.spells if s.role not in EDUCATION]
        studies = [s for s in person.spells if s.role in EDUCATION]
        return {
            "public_identifier": identifier,
            "profile_url": f"https://www.linkedin.com/in/{identifier}/",
            "full_name": name,
            "experiences": [
                {
                    "company": self.org_name(s.org),
                    "title": rng.choice(TITLES[s.role]),
                    "starts_at": date(s.start),
                    "ends_at": date(s.end),
                }
                for s in sorted(jobs, key=lambda s: s.start, reverse=True)
            ],
            "education": [
                {
                    "school": self.org_name(s.org),
                    "degree_name": rng.choice(DEGREES[s.role]),
                    "starts_at": None
                    if rng.random() < mess["missing_start_year"]
                    else date(s.start),
                    "ends_at": date(s.end),
                }
                for s in sorted(studies, key=lambda s: s.start, reverse=True)
            ],
        }

    def notes(self, person: Person, person_id: str) -> list[dict]:
        notes = []
        for year in person.papers:
            self.note_number += 1
            note_id = f"N{self.note_number:08d}"
            authors = (
                [person_id]
                + self.rng.sample(
                    list(self.coauthors), min(len(self.coauthors), self.rng.randint(0, 3))
                )
                + ([f"guest{self.note_number}@example.com"] if self.rng.random() < 0.2 else [])
            )
            stamp = _epoch_ms(year)
            if year <= 2018:  # API v1: plain values
                notes.append(
                    {
                        "id": note_id,
                        "cdate": stamp,
                        "tcdate": stamp,
                        "content": {"title": f"Paper {note_id}", "authorids": authors},
                    }
                )
            elif year >= 2025:  # the unified-author shape
                notes.append(
                    {
                        "id": note_id,
                        "cdate": stamp,
                        "content": {
                            "title": {"value": f"Paper {note_id}"},
                            "authors": {"value": [{"fullname": a, "username": a} for a in authors]},
                        },
                    }
                )
            else:
                notes.append(
                    {
                        "id": note_id,
                        "cdate": stamp - 86_400_000 * 120,
                        "pdate": stamp,
                        "content": {
                            "title": {"value": f"Paper {note_id}"},
                            "authorids": {"value": authors},
                        },
                    }
                )
        return notes

    # ---------------------------------------------------------------- writing
    def write(self, out: Path) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        plan = self.hires()  # (company, year) pairs: small beside the world it plans
        bystanders = max(0, self.people - len(plan))
        with ExitStack() as stack:
            paths = {
                **{
                    source.name: out / source.folder / SAMPLE_FILES[source.name]
                    for source in SOURCES
                },
                "truth_people": out / "truth/people.jsonl",
                "truth_links": out / "truth/links.jsonl",
            }
            files = {name: stack.enter_context(_open(path)) for name, path in paths.items()}

            def emit(name: str, record: dict, messy: bool = True) -> None:
                line = json.dumps(record, ensure_ascii=False, sort_keys=True)
                if messy and self.rng.random() < self.mess["malformed_line"]:
                    line = line[: len(line) // 2]
                    counts["malformed_lines"] += 1
                files[name].write(line + "\n")
                if messy and self.rng.random() < self.mess["duplicate_line"]:
                    files[name].write(line + "\n")
                    counts["duplicate_lines"] += 1
                counts[name] += 1

            # researchers and bystanders interleaved, so co-authors come from everywhere
            self.rng.shuffle(plan)
            remaining = len(plan) + bystanders
            while remaining:
                if plan and self.rng.random() < len(plan) / remaining:
                    person = self.researcher(*plan.pop())
                else:
                    person = self.bystander()
                self.emit_person(person, emit)
                remaining -= 1
            for _ in range(round(self.people * self.mess["career_only_people"])):
                person = self.bystander()
                identifier = _career_only_identifier(person, counts["career_profiles"])
                emit("career_profiles", self.career_profile(person, identifier))
                emit("truth_links", {"career_profile_id": identifier, "person_id": None}, False)
        return dict(counts)

    def emit_person(self, person: Person, emit) -> None:
        rng, mess = self.rng, self.mess
        person_id, namesake = self.person_id(person)
        identifier = None
        linkedin = github = None
        if rng.random() < mess["career_profile"]:
            identifier = self.career_identifier(person, namesake)
            # (a rate of 1 draws nothing: the default sample stays as it was)
            shared = mess["shared_url_rate"] >= 1 or rng.random() < mess["shared_url_rate"]
            if shared and rng.random() < mess["openreview_linkedin"]:
                linkedin = f"https://www.linkedin.com/in/{identifier}"
            elif shared and rng.random() < mess["github_link_when_no_linkedin"]:
                github = self.github_login(person, namesake)
        openreview_name, career_name = self.written_names(person)
        emit(
            "openreview_profiles",
            self.profile(person, person_id, linkedin, github, openreview_name),
        )
        for note in self.notes(person, person_id):
            emit("openreview_notes", note)
        if identifier:
            emit("career_profiles", self.career_profile(person, identifier, career_name))
            emit("truth_links", {"career_profile_id": identifier, "person_id": person_id}, False)
            if github:
                blog = f"https://www.linkedin.com/in/{identifier}/"
                emit("github_users", {"login": github, "id": rng.randrange(10**8), "blog": blog})
        emit(
            "truth_people",
            {
                "person_id": person_id,
                "kind": person.kind,
                "company": person.company,
                "birth_year": person.birth_year,
                "papers": person.papers,
                "spells": [s.truth() for s in person.spells],
            },
            False,
        )
        if person.kind == "external":
            self.coauthors.append(person_id)


def _slug(person: Person) -> str:
    return person.latin_name.lower().replace(" ", "-")


def _career_only_identifier(person: Person, number: int) -> str:
    """`<given>-<surname>-c<number>` (number: the career profiles written before it), unique by
    that number. Its tail is zero-padded to six digits from 10,000 on: never six characters, so
    never the random hex tail of a person's profile (`c12345` is one)."""
    return f"{_slug(person)}-c{number}" if number < 10_000 else f"{_slug(person)}-c{number:06d}"


def _interpolate(points: list[tuple[int, float]], year: int) -> float:
    for (y0, n0), (y1, n1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return n0 + (n1 - n0) * (year - y0) / (y1 - y0)
    return points[-1][1] if year > points[-1][0] else 0.0


def _draw(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _epoch_ms(year: int) -> int:
    return int(dt.datetime(year, 5, 1, tzinfo=dt.UTC).timestamp() * 1000)


def _open(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):  # mtime 0: the same seed gives the same bytes
        return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")
    return path.open("w", encoding="utf-8")


def generate(out: Path, people: int, seed: int, mess: dict | None = None) -> dict[str, int]:
    """Write a sample world of `people` to `out`; `mess` overrides rates of targets.json's
    `mess` (NAMESAKE_WORLD: namesakes, name variants and no shared URLs)."""
    world = World(people, seed, mess=mess)
    counts = world.write(out)
    for source in SOURCES:
        record_provenance(
            out / source.folder,
            origin=f"talentflow sample: a generated world ({people:,} people, seed {seed})",
            terms="synthetic: no real person, free to use",
        )
    # the year the sample is calibrated for: a build of it uses that year unless told otherwise
    (out / SAMPLE_INFO).write_text(
        json.dumps({"as_of_year": world.as_of, "people": people, "seed": seed}) + "\n"
    )
    return counts
