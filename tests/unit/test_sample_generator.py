"""The sample world's keys are unique by construction (orchestration/sample/generator.py): the
GitHub login lower-cased, the career profile's public identifier and LinkedIn URL, at any world
size and whatever the random draws, as staging's uniqueness tests demand."""

from __future__ import annotations

import itertools
import json
import random
import re

import pytest

from orchestration.sample import generator
from orchestration.sample.generator import (
    GIVEN,
    SURNAMES,
    Organization,
    Person,
    Spell,
    World,
)

UNIVERSITY = Organization("u", "academia", "CN", ["Some University"], ["some.edu.cn"])


class Cramped(random.Random):
    """Draws every `randrange(n)` from three values: the random tails of namesakes' keys collide,
    as they do by chance in large worlds."""

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            return super().randrange(min(start, 3))
        return super().randrange(start, stop, step)


class Given(random.Random):
    """Draws `randrange(n)` from the given values, in order."""

    def __init__(self, values):
        super().__init__(0)
        self.values = iter(values)

    def randrange(self, start, stop=None, step=1):
        return next(self.values) if stop is None else super().randrange(start, stop, step)


def person(surname, given) -> Person:
    return Person(
        "external", surname, list(given), 1990, [Spell(UNIVERSITY, "faculty", 2015, None)]
    )


@pytest.fixture
def world() -> World:
    # every person: a career profile and a GitHub login, no line mangled or repeated
    mess = {
        "career_profile": 1.0,
        "shared_url_rate": 1.0,
        "openreview_linkedin": 0.0,
        "github_link_when_no_linkedin": 1.0,
        "malformed_line": 0.0,
        "duplicate_line": 0.0,
    }
    world = World(10, 1, mess=mess)
    world.rng = Cramped(1)
    return world


def assert_unique(keys: list[str]) -> None:
    repeated = [k for k, n in itertools.groupby(sorted(keys)) if len(list(n)) > 1]
    assert not repeated, repeated[:5]


def test_namesakes_written_as_records_get_unique_keys(world):
    """Through emit_person, as the world writes them: 600 people of each of three names."""
    records: dict[str, list[dict]] = {}

    def emit(name, record, messy=True):
        records.setdefault(name, []).append(json.loads(json.dumps(record)))

    for surname, given in [
        (SURNAMES[0], GIVEN[:1]),
        (SURNAMES[1], GIVEN[:2]),
        (SURNAMES[0], GIVEN[1:2]),
    ]:
        for _ in range(600):
            world.emit_person(person(surname, given), emit)
    users, profiles = records["github_users"], records["career_profiles"]
    assert len(users) == len(profiles) == 1800
    assert_unique([u["login"].lower() for u in users])
    assert_unique([p["public_identifier"] for p in profiles])
    assert_unique([p["profile_url"].lower().rstrip("/") for p in profiles])
    assert_unique([p["id"] for p in records["openreview_profiles"]])
    # each OpenReview profile names its own GitHub account, which links back to its profile
    named = [
        p["content"]["github"].removeprefix("https://github.com/")
        for p in records["openreview_profiles"]
    ]
    assert named == [u["login"] for u in users]
    assert [u["blog"] for u in users] == [p["profile_url"] for p in profiles]


def test_every_name_twice_gives_unique_keys(world):
    """All names of the lists, two people each, whatever the random draws."""
    names = [(s, g) for s in SURNAMES for n in (1, 2) for g in itertools.product(GIVEN, repeat=n)]
    ids, logins, identifiers = [], [], []
    for surname, given in names * 2:
        one = person(surname, given)
        person_id, namesake = world.person_id(one)
        ids.append(person_id)
        logins.append(world.github_login(one, namesake).lower())
        identifiers.append(world.career_identifier(one, namesake))
    assert len(logins) == 2 * len(names) == 63_000
    assert_unique(ids)
    assert_unique(logins)
    assert_unique(identifiers)
    # valid GitHub logins: letters, digits, single inner hyphens, at most 39 characters
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", x) and len(x) <= 39 for x in logins)


def test_career_only_identifiers_never_equal_a_drawn_one():
    """A career-only profile's tail `c<number>` is never a drawn tail: six hex digits (which
    may read `c12345`), then `-<namesake>` but for the first of a name."""
    world = World(10, 1)
    wei_wang = person(("Wang", "王"), [("Wei", "伟")])
    world.rng = Given([0xC12345, 0xC12345])
    assert world.career_identifier(wei_wang, 1) == "wei-wang-c12345"
    assert world.career_identifier(wei_wang, 2) == "wei-wang-c12345-2"
    # about the lengths where `c<number>` might read as six hex digits
    numbers = itertools.chain(range(20_000), range(90_000, 110_000), range(990_000, 1_010_000))
    career_only = [generator._career_only_identifier(wei_wang, n) for n in numbers]
    assert "wei-wang-c12345" not in career_only
    assert_unique(career_only)
    tails = [c.removeprefix("wei-wang-") for c in career_only]
    assert not [t for t in tails if re.fullmatch(r"[0-9a-f]{6}(-\d+)?", t)]
