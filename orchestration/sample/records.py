"""What every writer writes with: a year as the dumps give it, an organization's name as people
write it, an OpenReview timestamp. Drawn from the world's stream (mess of targets.json)."""

from __future__ import annotations

import datetime as dt

from orchestration.sample.registry import Organization
from orchestration.sample.world import World


def year(world: World, value: int | None) -> int | str | None:
    if value is not None and world.rng.random() < world.mess["year_as_string"]:
        return str(value)
    return value


def org_name(world: World, org: Organization) -> str:
    if world.rng.random() < world.mess["organization_name_variant"]:
        return world.rng.choice(org.names)
    return org.names[0]


def epoch_ms(year: int) -> int:
    return int(dt.datetime(year, 5, 1, tzinfo=dt.UTC).timestamp() * 1000)
