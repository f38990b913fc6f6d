"""The comparison teams of the sample world: companies the study compares the focus companies with
(targets.json `model.comparison_teams`, e.g. DeepSeek and OpenAI), each with its own character.

Their researchers are drawn after the rest of the world, from a stream of their own
(`<seed>-comparison`, set by generator.Sample before it calls `people`), so the world of the focus
companies is the same with or without them: its people, records and lines, and its person ids.
Each researcher holds an employee spell at the team with at least one paper inside it, as the
project's rule for a researcher demands.

A team's entry reads as the model's own rates do, for one company:
  headcount_anchors: {year: researchers}, scaled by the world's size (--people / reference_people)
  yearly_leave_rate: the share of the team that leaves every year
  cohort_shares: [{years, phd, fresh, fresh_phd}]: newcomers with a PhD, fresh graduates, fresh PhDs
  overseas_education: share of newcomers educated abroad; every_stage_abroad: all their studies
    abroad (else one stage of them)
  internship: the pool of an internship while studying (at internship_rate)
  experienced_source: {pool: weight} of an experienced newcomer's prior job (`focus`: one of the
    focus companies)
  leaver_destination: {pool: weight} of a leaver's next spell
Pools are those of registry.Registry (startup, foreign_company, academia_abroad, ...), which leave
out the comparison companies: no one works at a team but its own researchers, neither in the rest
of the world nor as another team's hire or leaver. Rates a team leaves out are the model's.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.sample.registry import Organization
from orchestration.sample.world import (
    Person,
    Spell,
    World,
    comparison_team_ids,
    weighted_choice,
)


def teams(world: World) -> dict[str, dict]:
    """The comparison teams of the model (none when targets.json has no `comparison_teams`)."""
    config = world.model.get("comparison_teams", {})
    return {team_id: config[team_id] for team_id in comparison_team_ids(world.model)}


def people(world: World) -> Iterator[Person]:
    """The researchers of every comparison team, in a shuffled order (one at a time)."""
    plan = []
    for team_id, team in teams(world).items():
        rate = team.get("yearly_leave_rate", world.model["yearly_leave_rate"])
        plan += world.hiring_path(team_id, team["headcount_anchors"], rate)
    world.rng.shuffle(plan)
    while plan:
        team_id, join = plan.pop()
        yield researcher(world, team_id, teams(world)[team_id], join)


def pool(world: World, name: str) -> list[Organization]:
    """A pool of the registry (without the comparison companies); `focus`: the focus companies."""
    return world.registry.focus if name == "focus" else world.registry.pools[name]


def researcher(world: World, team_id: str, team: dict, join: int) -> Person:
    rng, model = world.rng, world.model
    company = world.registry.by_id[team_id]
    shares = next(s for s in team["cohort_shares"] if s["years"][0] <= join <= s["years"][1])
    fresh = rng.random() < shares["fresh"]
    if fresh:
        phd = rng.random() < shares["fresh_phd"] / shares["fresh"]
    else:
        phd = rng.random() < (shares["phd"] - shares["fresh_phd"]) / (1 - shares["fresh"])
    overseas = rng.random() < team["overseas_education"]
    highest = "student_phd" if phd else rng.choice(["student_master", "student_bachelor"])
    spells: list[Spell] = []
    if fresh:
        graduation = join - rng.choice([0, 1])
    else:
        prior_start = join - rng.randint(1, 4)
        graduation = prior_start - rng.choice([0, 1])
        source = weighted_choice(rng, team["experienced_source"])
        org = rng.choice(pool(world, source))
        role = rng.choice(["postdoc", "faculty"]) if source.startswith("academia") else "employee"
        if role == "postdoc" and not phd:
            role = "faculty"
        spells.append(Spell(org, role, prior_start, join - 1))
    spells += world.education(highest, graduation, overseas, team.get("every_stage_abroad", False))
    if rng.random() < team.get("internship_rate", 0.3):  # an internship while studying
        internship = pool(world, team.get("internship", "big_tech_cn"))
        spells.append(Spell(rng.choice(internship), "intern", graduation - 1, graduation - 1))
    tenure = 0
    while rng.random() > team.get("yearly_leave_rate", model["yearly_leave_rate"]):
        tenure += 1
    end = join + tenure if join + tenure < world.as_of else None
    spells.append(Spell(company, "employee", join, end))
    if end is not None:
        destination = weighted_choice(
            rng, team.get("leaver_destination", model["leaver_destination"])
        )
        start = end + (1 if rng.random() < 0.7 else 0)
        org = rng.choice(pool(world, destination))
        role = "employee"
        if destination.startswith("academia"):
            role = rng.choice(["faculty", "faculty", "postdoc", "student_phd"])
        spells.append(Spell(org, role, start, None))
    bachelor = min(s.start for s in spells if s.role == "student_bachelor")
    person = world.new_person("researcher", bachelor - 18)
    person.spells, person.company = spells, team_id
    low, high = team.get("papers_per_researcher", model["papers_per_researcher"])
    last = end or world.as_of  # an end is always before AS_OF_YEAR
    person.papers = sorted(rng.randint(join, last) for _ in range(rng.randint(low, high)))
    return person
