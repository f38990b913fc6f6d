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
of the world nor as another team's hire or leaver. Rates a team leaves out are a focus company's
(the model's, and world.Character's defaults).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from orchestration.sample.world import Character, Person, World, comparison_team_ids

# the keys of a team's entry that make its character (the others: headcount_anchors, _doc)
CHARACTER_KEYS = {f.name for f in fields(Character)}
# the model's rates a team may leave out (the rest of a character is the team's own, or has the
# focus companies' default)
MODEL_DEFAULTS = ("yearly_leave_rate", "leaver_destination", "papers_per_researcher")


def teams(world: World) -> dict[str, dict]:
    """The comparison teams of the model (none when targets.json has no `comparison_teams`)."""
    config = world.model.get("comparison_teams", {})
    return {team_id: config[team_id] for team_id in comparison_team_ids(world.model)}


def character(world: World, team: dict) -> Character:
    """The character of a team's newcomers: its entry, with the model's rates it leaves out."""
    defaults = {key: world.model[key] for key in MODEL_DEFAULTS}
    own = {key: value for key, value in team.items() if key in CHARACTER_KEYS}
    return Character(**(defaults | own))


def people(world: World) -> Iterator[Person]:
    """The researchers of every comparison team, in a shuffled order (one at a time)."""
    characters = {team_id: character(world, team) for team_id, team in teams(world).items()}
    plan = []
    for team_id, team in teams(world).items():
        rate = characters[team_id].yearly_leave_rate
        plan += world.hiring_path(team_id, team["headcount_anchors"], rate)
    world.rng.shuffle(plan)
    while plan:
        team_id, join = plan.pop()
        yield world.newcomer(team_id, join, characters[team_id])
