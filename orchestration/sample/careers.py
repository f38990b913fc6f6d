"""The career-profile writer (LinkedIn-like): a person's public identifier, their experiences
(jobs, with titles) and education (degrees), with month-dated starts and ends."""

from __future__ import annotations

import random

from orchestration.sample import records
from orchestration.sample.world import EDUCATION, Person, Spell, World

TITLES = {
    "employee": ["Research Scientist", "Senior Algorithm Engineer", "Researcher", "Engineer"],
    "intern": ["Research Intern", "Intern"],
    "postdoc": ["Postdoctoral Researcher"],
    "faculty": ["Assistant Professor", "Associate Professor"],
}
# The titles of experienced people's jobs (`senior`). Each maps to the role employee through
# dbt_project/seeds/role_patterns.csv (no pattern of a post or an assistantship matches it), as
# every title of TITLES["employee"] does: a senior title changes no spell.
SENIOR_TITLES = [
    "Senior Research Scientist",
    "Principal Researcher",
    "Staff Research Scientist",
    "Research Lead",
    "资深研究员",
]
# An employee job is senior from these many years after the first job (employee, postdoc or
# faculty), or after the PhD.
SENIOR_AFTER_FIRST_JOB, SENIOR_AFTER_PHD = 8, 5
DEGREES = {
    "student_phd": ["Doctor of Philosophy - PhD", "Ph.D.", "博士"],
    "student_master": ["Master of Science - MS", "Master's degree", "硕士"],
    "student_bachelor": ["Bachelor of Engineering - BE", "Bachelor's degree", "本科"],
}


def identifier(world: World, person: Person, namesake: int) -> str:
    """`<given>-<surname>-<six random hex digits>`, then `-<namesake>` but for the first."""
    identifier = f"{slug(person)}-{world.rng.randrange(16**6):06x}"
    return identifier if namesake == 1 else f"{identifier}-{namesake}"


def career_only_identifier(person: Person, number: int) -> str:
    """`<given>-<surname>-c<number>` (number: the career profiles written before it), unique by
    that number. Its tail is zero-padded to six digits from 10,000 on: never six characters, so
    never the random hex tail of a person's profile (`c12345` is one)."""
    return f"{slug(person)}-c{number}" if number < 10_000 else f"{slug(person)}-c{number:06d}"


def slug(person: Person) -> str:
    return person.latin_name.lower().replace(" ", "-")


def senior(person: Person, spell: Spell) -> bool:
    """An employee job starting 8+ years after the person's first job or 5+ after their PhD."""
    if spell.role != "employee":
        return False
    first_job = min(s.start for s in person.spells if s.role in ("employee", "postdoc", "faculty"))
    phds = [s.end for s in person.spells if s.role == "student_phd" and s.end is not None]
    return spell.start - first_job >= SENIOR_AFTER_FIRST_JOB or bool(
        phds and spell.start - min(phds) >= SENIOR_AFTER_PHD
    )


def profile(world: World, person: Person, identifier: str, name: str | None = None) -> dict:
    rng, mess = world.rng, world.mess
    # senior titles come from the profile's own stream: the world's draws stay as they were
    titles = random.Random(f"{world.seed}:title:{identifier}")

    def title(spell: Spell) -> str:
        drawn = rng.choice(TITLES[spell.role])
        return titles.choice(SENIOR_TITLES) if senior(person, spell) else drawn

    def date(year):
        return (
            None
            if year is None
            else {"year": records.year(world, year), "month": rng.randint(1, 12)}
        )

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
                "company": records.org_name(world, s.org),
                "title": title(s),
                "starts_at": date(s.start),
                "ends_at": date(s.end),
            }
            for s in sorted(jobs, key=lambda s: s.start, reverse=True)
        ],
        "education": [
            {
                "school": records.org_name(world, s.org),
                "degree_name": rng.choice(DEGREES[s.role]),
                "starts_at": None if rng.random() < mess["missing_start_year"] else date(s.start),
                "ends_at": date(s.end),
            }
            for s in sorted(studies, key=lambda s: s.start, reverse=True)
        ],
    }
