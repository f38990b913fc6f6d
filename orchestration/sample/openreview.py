"""The OpenReview writer: a person's profile (names, dated history, emails, links) and their
papers as notes, in the three shapes the API has served (v1, v2, unified authors)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from orchestration.sample import records
from orchestration.sample.world import Person

if TYPE_CHECKING:
    from orchestration.sample.generator import Sample

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


def profile(
    sample: Sample,
    person: Person,
    person_id: str,
    linkedin: str | None,
    github: str | None,
    name: str | None = None,
):
    rng, mess = sample.rng, sample.mess
    history = []
    for spell in sorted(person.spells, key=lambda s: (s.start, s.role), reverse=True):
        if spell.role == "student_bachelor" and rng.random() < 0.4:
            continue  # left for the career profile to tell
        institution = {"name": records.org_name(sample, spell.org), "country": spell.org.country}
        if spell.org.domains and rng.random() < mess["institution_domain"]:
            institution["domain"] = spell.org.domains[0]
        history.append(
            {
                "position": rng.choice(POSITIONS[spell.role]),
                "start": records.year(sample, spell.start),
                "end": records.year(sample, spell.end),
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
        "tmdate": records.epoch_ms(last_edit(sample, person, person_id)),
        "content": content,
    }


def last_edit(sample: Sample, person: Person, person_id: str) -> int:
    """The year the profile was last modified: no earlier than the last change it shows; most
    people edit it now and then, some never after that change (a job that began long ago
    then reads "present" on a stale record: docs/methodology.md#staleness). Drawn from the
    person's own stream, so that the world's draws stay as they were."""
    rng = random.Random(f"{sample.seed}:{person_id}")
    last_change = max(y for s in person.spells for y in (s.start, s.end) if y is not None)
    if rng.random() < sample.mess["profile_untouched_since_last_change"]:
        return last_change
    return max(last_change, sample.as_of - rng.choice((0, 0, 0, 1, 1, 2)))


def notes(sample: Sample, person: Person, person_id: str) -> list[dict]:
    notes = []
    for year in person.papers:
        sample.note_number += 1
        note_id = f"N{sample.note_number:08d}"
        authors = (
            [person_id]
            + sample.rng.sample(
                list(sample.coauthors), min(len(sample.coauthors), sample.rng.randint(0, 3))
            )
            + ([f"guest{sample.note_number}@example.com"] if sample.rng.random() < 0.2 else [])
        )
        stamp = records.epoch_ms(year)
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
