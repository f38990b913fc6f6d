"""The sample world (orchestration/sample/). Its keys are unique by construction: the GitHub
login lower-cased, the career profile's public identifier and LinkedIn URL, at any world size and
whatever the random draws, as staging's uniqueness tests demand. Its focus companies are the
seed's; its comparison teams have their character, leave the rest of the world as it was and
are no organization the rest of the world draws;
experienced people's senior titles map to the role employee."""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import random
import re
import shutil
from statistics import mean

import pytest

from orchestration.sample import careers, comparison, github, registry
from orchestration.sample.generator import (
    GIVEN,
    SURNAMES,
    Organization,
    Person,
    Sample,
    Spell,
    generate,
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
def world() -> Sample:
    # every person: a career profile and a GitHub login, no line mangled or repeated
    mess = {
        "career_profile": 1.0,
        "shared_url_rate": 1.0,
        "openreview_linkedin": 0.0,
        "github_link_when_no_linkedin": 1.0,
        "malformed_line": 0.0,
        "duplicate_line": 0.0,
    }
    world = Sample(10, 1, mess=mess)
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
        logins.append(github.login(world, one, namesake).lower())
        identifiers.append(careers.identifier(world, one, namesake))
    assert len(logins) == 2 * len(names) == 63_000
    assert_unique(ids)
    assert_unique(logins)
    assert_unique(identifiers)
    # valid GitHub logins: letters, digits, single inner hyphens, at most 39 characters
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", x) and len(x) <= 39 for x in logins)


def test_career_only_identifiers_never_equal_a_drawn_one():
    """A career-only profile's tail `c<number>` is never a drawn tail: six hex digits (which
    may read `c12345`), then `-<namesake>` but for the first of a name."""
    world = Sample(10, 1)
    wei_wang = person(("Wang", "王"), [("Wei", "伟")])
    world.rng = Given([0xC12345, 0xC12345])
    assert careers.identifier(world, wei_wang, 1) == "wei-wang-c12345"
    assert careers.identifier(world, wei_wang, 2) == "wei-wang-c12345-2"
    # about the lengths where `c<number>` might read as six hex digits
    numbers = itertools.chain(range(20_000), range(90_000, 110_000), range(990_000, 1_010_000))
    career_only = [careers.career_only_identifier(wei_wang, n) for n in numbers]
    assert "wei-wang-c12345" not in career_only
    assert_unique(career_only)
    tails = [c.removeprefix("wei-wang-") for c in career_only]
    assert not [t for t in tails if re.fullmatch(r"[0-9a-f]{6}(-\d+)?", t)]


# ---------------------------------------------------------------- focus and comparison companies
def write_seed(folder, text: str) -> None:
    for name in ("organizations.csv", "organization_aliases.csv", "organization_domains.csv"):
        shutil.copy(registry.SEEDS / name, folder / name)
    (folder / "focus_companies.csv").write_text(text)


@pytest.mark.parametrize(
    "seed",
    [
        "company_id\nbytedance\nalibaba\ntencent\n",
        "company_id,kind\nbytedance,focus\nalibaba,focus\ntencent,focus\ndeepseek,comparison\n",
    ],
)
def test_the_focus_companies_are_the_seeds_rows_of_kind_focus(tmp_path, monkeypatch, seed):
    """A seed without the kind column lists focus companies only; a comparison company stays
    in the pools the world draws other organizations from unless they exclude it."""
    write_seed(tmp_path, seed)
    monkeypatch.setattr(registry, "SEEDS", tmp_path)
    organizations = registry.Registry()
    assert [org.org_id for org in organizations.focus] == ["bytedance", "alibaba", "tencent"]
    assert "deepseek" in [org.org_id for org in organizations.pools["startup"]]
    excluding = registry.Registry(excluded=["deepseek"])
    assert "deepseek" not in [org.org_id for org in excluding.pools["startup"]]
    assert "deepseek" in excluding.by_id
    assert [org.org_id for org in excluding.focus] == ["bytedance", "alibaba", "tencent"]


def test_the_worlds_pools_leave_out_the_comparison_companies():
    """The world's pools (every organization it draws for anyone but a team's own researchers)
    hold no comparison company, and none of the focus companies."""
    world = Sample(10, 1)
    teams = set(comparison.teams(world))
    assert teams == {"deepseek", "openai"}
    pooled = {org.org_id for pool in world.registry.pools.values() for org in pool}
    assert not pooled & (teams | {"bytedance", "alibaba", "tencent"})
    assert {"meituan", "google"} <= pooled


def read_lines(path) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def parsed(line: str) -> dict | None:
    """A landed line's record (None: a malformed line, cut short)."""
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None


def truth(root) -> list[dict]:
    return [json.loads(line) for line in read_lines(root / "truth/people.jsonl")]


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    """A world of 3,000 people with its comparison teams, and the same world without them."""
    root = tmp_path_factory.mktemp("worlds")
    generate(root / "with", 3000, 5)
    generate(root / "without", 3000, 5, comparison=False)
    return root / "with", root / "without"


def test_the_comparison_teams_leave_the_rest_of_the_world_as_it_was(worlds):
    """Drawn after everyone else from a stream of their own: every file of the world without
    them is the beginning of the file with them (same lines, same person ids)."""
    with_teams, without = worlds
    names = sorted(str(p.relative_to(without)) for p in without.rglob("*.json*"))
    assert "truth/people.jsonl" in names
    for name in names:
        if name.endswith("_source.json") or name == "talentflow_sample.json":
            continue
        before, after = read_lines(without / name), read_lines(with_teams / name)
        assert after[: len(before)] == before, name
    added = truth(with_teams)[len(truth(without)) :]
    assert {p["company"] for p in added} == {"deepseek", "openai"}


def test_only_a_teams_own_researchers_work_there(worlds):
    """No one of the rest of the world (researchers of the focus companies, bystanders,
    career-only people) nor of the other team has a spell at a comparison company."""
    with_teams, without = worlds
    teams = {"deepseek", "openai"}
    assert not [
        p["person_id"] for p in truth(without) if teams & {s["org_id"] for s in p["spells"]}
    ]
    for p in truth(with_teams):
        at = teams & {s["org_id"] for s in p["spells"]}
        assert at <= {p["company"]}, (p["person_id"], p["company"], at)
    # career-only people (no truth but their profile): no job at a team under any of its names
    organizations = registry.Registry().by_id
    names = {name for team in teams for name in organizations[team].names}
    unlinked = {
        link["career_profile_id"]
        for link in map(json.loads, read_lines(with_teams / "truth/links.jsonl"))
        if link["person_id"] is None
    }
    profiles = [parsed(line) for line in read_lines(with_teams / "careers/profiles/profiles.jsonl")]
    career_only = [p for p in profiles if p and p["public_identifier"] in unlinked]
    assert len(career_only) > 100
    assert not [p for p in career_only for e in p["experiences"] if e["company"] in names]


def test_the_comparison_teams_have_their_character(worlds):
    """Loosely, on 3,000 people: each team's researchers publish during their spell there; DeepSeek
    young, few PhDs, educated at home; OpenAI mostly PhDs educated abroad, leavers to startups."""
    people = truth(worlds[0])
    organizations = registry.Registry().by_id
    for team in ("deepseek", "openai"):
        members = [p for p in people if p["company"] == team]
        assert len(members) > 50
        spells = [(p, [s for s in p["spells"] if s["org_id"] == team]) for p in members]
        assert all(
            s["role"] == "employee"
            and any(s["start_year"] <= y <= (s["end_year"] or 2025) for y in p["papers"])
            for p, (s,) in spells
        )
        joins = [s["start_year"] for _, (s,) in spells]
        phd = [
            any(s["role"] == "student_phd" and s["end_year"] <= join for s in p["spells"])
            for p, join in zip(members, joins, strict=True)
        ]
        abroad = [
            any(
                s["role"].startswith("student_") and organizations[s["org_id"]].country != "CN"
                for s in p["spells"]
            )
            for p in members
        ]
        ages = [2025 - p["birth_year"] for p, (s,) in spells if s["end_year"] is None]
        character = (mean(phd), mean(abroad), mean(ages))
        if team == "deepseek":
            assert min(joins) == 2023
            assert character[0] < 0.4 and character[1] < 0.12 and character[2] < 29, character
        else:
            assert min(joins) == 2016
            assert character[0] > 0.55 and character[1] > 0.85, character
            destinations = [
                organizations[p["spells"][-1]["org_id"]].category
                for p, (s,) in spells
                if s["end_year"] is not None
            ]
            assert destinations.count("startup") / len(destinations) > 0.45


# ---------------------------------------------------------------- senior titles
def mapped_role(title: str) -> str:
    """The role int_role_mapping gives a career title: the first pattern of role_patterns.csv
    allowed for a title (intern, postdoc, faculty, or none) that matches, else employee."""
    with (registry.SEEDS / "role_patterns.csv").open(encoding="utf-8") as handle:
        patterns = sorted(csv.DictReader(handle), key=lambda r: int(r["priority"]))
    allowed = [p for p in patterns if p["role"] in ("intern", "postdoc", "faculty", "")]
    for pattern in allowed:
        if re.search(pattern["pattern"], title.strip().lower()):
            return pattern["role"] or "none"
    return "employee"


def test_every_employee_title_maps_to_employee():
    assert mapped_role("Research Intern") == "intern"  # (the check itself)
    for title in careers.TITLES["employee"] + careers.SENIOR_TITLES:
        assert mapped_role(title) == "employee", title


def test_experienced_people_get_senior_titles():
    company = Organization("c", "big_tech_cn", "CN", ["Some Company"], [])
    one = Person(
        "researcher",
        SURNAMES[0],
        [GIVEN[0]],
        1980,
        [
            Spell(UNIVERSITY, "student_bachelor", 1998, 2002),
            Spell(UNIVERSITY, "student_phd", 2002, 2007),
            Spell(company, "intern", 2006, 2006),
            Spell(company, "employee", 2008, 2011),  # first job
            Spell(company, "employee", 2012, 2015),  # 5 years after the PhD
            Spell(UNIVERSITY, "faculty", 2016, None),  # no employee job
        ],
    )
    assert [careers.senior(one, s) for s in one.spells] == [False] * 3 + [False, True, False]
    no_phd = Person("researcher", SURNAMES[0], [GIVEN[0]], 1980, one.spells[:1])
    no_phd.spells += [Spell(company, "employee", y, y) for y in (2006, 2013, 2014)]
    assert [careers.senior(no_phd, s) for s in no_phd.spells[1:]] == [False, False, True]
    world = Sample(10, 1, mess={"career_name_order_swapped": 0.0, "year_as_string": 0.0})
    titles = [e["title"] for e in careers.profile(world, one, "wei-wang-123456")["experiences"]]
    assert titles[1] in careers.SENIOR_TITLES
    assert titles[2] in careers.TITLES["employee"] and titles[3] in careers.TITLES["intern"]
