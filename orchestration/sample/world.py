"""The simulated world of the sample (talentflow sample): people, their spells and papers, and the
plan of hires that takes the focus companies' headcounts through the anchors of targets.json.

The world draws people one at a time from one random stream (`World.rng`); what a person is made
of is drawn here, how they are written down is drawn by the writers (openreview.py, careers.py,
github.py) from the same stream, in the order generator.Sample.emit_person calls them.
"""

from __future__ import annotations

import json
import random
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.sample.registry import Organization, Registry

TARGETS = Path(__file__).with_name("targets.json")

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
STUDY_YEARS = {"student_bachelor": 4, "student_master": 2, "student_phd": 5}
EDUCATION = ("student_bachelor", "student_master", "student_phd")


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


@dataclass(frozen=True)
class Character:
    """What a company's newcomers are like (World.newcomer): the model's rates for a focus company
    (World.character), a team's own entry for a comparison team (comparison.character). Sources,
    destinations and the internship name pools of World.pool; targets.json describes the rates."""

    cohort_shares: list[dict]  # [{years, phd, fresh, fresh_phd}]
    overseas_education: float
    experienced_source: dict[str, float]  # {pool: weight} of an experienced newcomer's prior job
    yearly_leave_rate: float
    leaver_destination: dict[str, float]  # {pool: weight} of a leaver's next spell
    papers_per_researcher: list[int]  # [fewest, most]
    # the focus companies': one stage abroad, and an internship at a Chinese big tech firm
    every_stage_abroad: bool = False
    internship_rate: float = 0.3
    internship: str = "big_tech_cn"


class World:
    """The people of the world, drawn one at a time (the records they make: generator.Sample)."""

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
        # the comparison teams (comparison.py) are no organization the rest of the world draws:
        # only their own researchers work there
        self.registry = Registry(excluded=comparison_team_ids(self.model))
        self.scale = people / self.targets["reference_people"]
        # names of recent people, for namesakes (mess `namesake_rate`)
        self.recent_names: deque[tuple] = deque(maxlen=200)

    # ---------------------------------------------------------------- the plan of hires
    def hires(self) -> list[tuple[str, int]]:
        """(company, join year) of every researcher: headcount paths through the anchors,
        hires = growth + those who leave."""
        rate = self.model["yearly_leave_rate"]
        plan = []
        for company, anchors in self.model["headcount_anchors"].items():
            plan += self.hiring_path(company, anchors, rate)
        return plan

    def hiring_path(self, company: str, anchors: dict, rate: float) -> list[tuple[str, int]]:
        """(company, join year) of the researchers one company hires for its headcount to go
        through its anchors (scaled to the world's size), `rate` of them leaving every year."""
        points = sorted((int(y), n * self.scale) for y, n in anchors.items())
        plan = []
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
        """A newcomer of a focus company joining in `join`, of the model's character."""
        return self.newcomer(company_id, join, self.character(company_id, join))

    def character(self, company_id: str, join: int) -> Character:
        """The model's character of a focus company's newcomers in `join` (its experienced
        hires come from other places since the LLM era, 2023)."""
        model = self.model
        era = "llm" if join >= 2023 else "pre_llm"
        return Character(
            cohort_shares=model["cohort_shares"][company_id],
            overseas_education=model["overseas_education"][company_id],
            experienced_source=model["experienced_source"][era],
            yearly_leave_rate=model["yearly_leave_rate"],
            leaver_destination=model["leaver_destination"],
            papers_per_researcher=model["papers_per_researcher"],
        )

    def newcomer(self, company_id: str, join: int, character: Character) -> Person:
        """A researcher joining `company_id` in `join`: fresh graduate or experienced hire (with
        a prior job), their studies and an internship, a tenure, a next spell if they leave,
        and papers during their years there."""
        rng = self.rng
        company = self.registry.by_id[company_id]
        shares = next(s for s in character.cohort_shares if s["years"][0] <= join <= s["years"][1])
        fresh = rng.random() < shares["fresh"]
        if fresh:
            phd = rng.random() < shares["fresh_phd"] / shares["fresh"]
        else:
            phd = rng.random() < (shares["phd"] - shares["fresh_phd"]) / (1 - shares["fresh"])
        overseas = rng.random() < character.overseas_education
        highest = "student_phd" if phd else rng.choice(["student_master", "student_bachelor"])
        spells: list[Spell] = []
        if fresh:
            graduation = join - rng.choice([0, 1])
        else:
            prior_start = join - rng.randint(1, 4)
            graduation = prior_start - rng.choice([0, 1])
            source = weighted_choice(rng, character.experienced_source)
            org = rng.choice(self.pool(source, company))
            role = "employee"
            if source.startswith("academia"):
                role = rng.choice(["postdoc", "faculty"])
                if role == "postdoc" and not phd:  # a postdoc holds a PhD
                    role = "faculty"
            spells.append(Spell(org, role, prior_start, join - 1))
        spells += self.education(highest, graduation, overseas, character.every_stage_abroad)
        if rng.random() < character.internship_rate:  # an internship while studying
            internship = self.pool(character.internship, company)
            spells.append(Spell(rng.choice(internship), "intern", graduation - 1, graduation - 1))
        tenure = 0
        while rng.random() > character.yearly_leave_rate:
            tenure += 1
        end = join + tenure if join + tenure < self.as_of else None
        spells.append(Spell(company, "employee", join, end))
        if end is not None:
            destination = weighted_choice(rng, character.leaver_destination)
            start = end + (1 if rng.random() < 0.7 else 0)
            org = rng.choice(self.pool(destination, company))
            role = "employee"
            if destination.startswith("academia"):
                role = rng.choice(["faculty", "faculty", "postdoc", "student_phd"])
            spells.append(Spell(org, role, start, None))
        bachelor = min(s.start for s in spells if s.role == "student_bachelor")
        person = self.new_person("researcher", bachelor - 18)
        person.spells, person.company = spells, company_id
        low, high = character.papers_per_researcher
        last = end or self.as_of  # an end is always before AS_OF_YEAR
        person.papers = sorted(rng.randint(join, last) for _ in range(rng.randint(low, high)))
        return person

    def pool(self, name: str, hiring: Organization) -> list[Organization]:
        """A pool of the registry; `focus`: the focus companies other than `hiring` (no one
        comes from, or leaves for, the company they join)."""
        if name == "focus":
            return [c for c in self.registry.focus if c is not hiring]
        return self.registry.pools[name]

    def education(
        self, highest: str, graduation: int, overseas: bool, every_stage_abroad: bool = False
    ) -> list[Spell]:
        """The studies up to `highest`, ending in `graduation`: if `overseas`, one stage of
        them abroad (every stage, with `every_stage_abroad`), else all at home."""
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
            at_home = index != abroad and not (overseas and every_stage_abroad)
            pool = "academia_home" if at_home else "academia_abroad"
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


def comparison_team_ids(model: dict) -> list[str]:
    """The companies of the model's comparison teams (targets.json `model.comparison_teams`)."""
    return [key for key in model.get("comparison_teams", {}) if not key.startswith("_")]


def _interpolate(points: list[tuple[int, float]], year: int) -> float:
    for (y0, n0), (y1, n1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return n0 + (n1 - n0) * (year - y0) / (y1 - y0)
    return points[-1][1] if year > points[-1][0] else 0.0


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
