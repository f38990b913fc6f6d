"""The GitHub writer: a user's login, and the user record whose blog names their career
profile."""

from __future__ import annotations

from orchestration.sample.world import Person, World


def login(world: World, person: Person, namesake: int) -> str:
    """`<Given><Surname><random number below 1000>`, then `-<namesake>` but for the first."""
    login = f"{person.latin_name.replace(' ', '')}{world.rng.randrange(1000)}"
    return login if namesake == 1 else f"{login}-{namesake}"


def user(world: World, login: str, career_identifier: str) -> dict:
    blog = f"https://www.linkedin.com/in/{career_identifier}/"
    return {"login": login, "id": world.rng.randrange(10**8), "blog": blog}
