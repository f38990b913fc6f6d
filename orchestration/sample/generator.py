"""A realistic sample world (talentflow sample): researchers of the focus companies and the
people around them, their careers, papers, profiles and the mess real dumps carry.

The simulation draws from the rates in targets.json (one data file) and streams: each person is
generated, written and forgotten, so a million people need no more memory than ten. The same
seed gives byte-identical output. Besides the landing dir (docs/methodology.md#input) it writes
`truth/`: each person's true career and papers, and the true career-profile → person links.

The modules: world.py draws the people (the plan of hires, spells, papers) from the
organizations of registry.py (the seeds); one writer per source shape writes them down
(openreview.py: profiles and notes; careers.py: career profiles; github.py: GitHub users), with
records.py's shared helpers; comparison.py draws the comparison teams, after everyone else;
this module streams people through the writers (Sample) and `generate()`.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections import defaultdict, deque
from contextlib import ExitStack
from pathlib import Path

from orchestration.defs.landing.jsonl import SOURCES
from orchestration.defs.landing.provenance import record_provenance
from orchestration.sample import careers, comparison, github, openreview
from orchestration.sample.careers import DEGREES, TITLES
from orchestration.sample.openreview import POSITIONS
from orchestration.sample.registry import SEEDS, Organization, Registry
from orchestration.sample.world import (
    EDUCATION,
    GIVEN,
    NAME_VARIANTS,
    STUDY_YEARS,
    SURNAMES,
    TARGETS,
    WESTERN_GIVEN,
    Person,
    Spell,
    World,
)
from orchestration.settings import SAMPLE_INFO

__all__ = [
    "DEGREES",
    "EDUCATION",
    "GIVEN",
    "NAMESAKE_WORLD",
    "NAME_VARIANTS",
    "POSITIONS",
    "SAMPLE_FILES",
    "SEEDS",
    "STUDY_YEARS",
    "SURNAMES",
    "TARGETS",
    "TITLES",
    "WESTERN_GIVEN",
    "Organization",
    "Person",
    "Registry",
    "Sample",
    "Spell",
    "World",
    "generate",
]

# The file of each landed source (in its folder of the landing layout, SOURCES).
SAMPLE_FILES = {
    "openreview_profiles": "profiles.jsonl",
    "openreview_notes": "notes.jsonl.gz",
    "career_profiles": "profiles.jsonl",
    "github_users": "users.jsonl",
}
# A world of namesakes without shared URLs (`generate(..., mess=NAMESAKE_WORLD)`): half the
# people share a recent person's name, 40% write it another way on one side, and no profile
# names a LinkedIn URL or GitHub login, so linking must tell people apart by their dated
# employers and schools alone (tests/integration/test_linking.py).
NAMESAKE_WORLD = {"namesake_rate": 0.5, "shared_url_rate": 0.0, "name_variant": 0.4}


class Sample(World):
    """The world written down: each person drawn, written by every writer, then forgotten.
    The comparison teams (comparison.py) come last, from a stream of their own: without them
    (`comparison=False`) the files hold the same lines but theirs."""

    def __init__(
        self,
        people: int,
        seed: int,
        targets: dict | None = None,
        mess: dict | None = None,
        comparison: bool = True,
    ):
        super().__init__(people, seed, targets, mess)
        self.comparison = comparison
        # people per name so far (the name lower-cased, without its space): namesakes' number
        self.name_counts: dict[str, int] = defaultdict(int)
        self.coauthors: deque[str] = deque(maxlen=500)
        self.note_number = 0

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
                identifier = careers.career_only_identifier(person, counts["career_profiles"])
                emit("career_profiles", careers.profile(self, person, identifier))
                emit("truth_links", {"career_profile_id": identifier, "person_id": None}, False)
            if self.comparison:  # on top of --people, drawn from their own stream
                self.rng = random.Random(f"{self.seed}-comparison")
                for person in comparison.people(self):
                    self.emit_person(person, emit)
        return dict(counts)

    def emit_person(self, person: Person, emit) -> None:
        rng, mess = self.rng, self.mess
        person_id, namesake = self.person_id(person)
        identifier = None
        linkedin = login = None
        if rng.random() < mess["career_profile"]:
            identifier = careers.identifier(self, person, namesake)
            # (a rate of 1 draws nothing: the default sample stays as it was)
            shared = mess["shared_url_rate"] >= 1 or rng.random() < mess["shared_url_rate"]
            if shared and rng.random() < mess["openreview_linkedin"]:
                linkedin = f"https://www.linkedin.com/in/{identifier}"
            elif shared and rng.random() < mess["github_link_when_no_linkedin"]:
                login = github.login(self, person, namesake)
        openreview_name, career_name = self.written_names(person)
        emit(
            "openreview_profiles",
            openreview.profile(self, person, person_id, linkedin, login, openreview_name),
        )
        for note in openreview.notes(self, person, person_id):
            emit("openreview_notes", note)
        if identifier:
            emit("career_profiles", careers.profile(self, person, identifier, career_name))
            emit("truth_links", {"career_profile_id": identifier, "person_id": person_id}, False)
            if login:
                emit("github_users", github.user(self, login, identifier))
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


def _open(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):  # mtime 0: the same seed gives the same bytes
        return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")
    return path.open("w", encoding="utf-8")


def generate(
    out: Path, people: int, seed: int, mess: dict | None = None, comparison: bool = True
) -> dict[str, int]:
    """Write a sample world of `people` to `out`; `mess` overrides rates of targets.json's
    `mess` (NAMESAKE_WORLD: namesakes, name variants and no shared URLs). The comparison teams'
    researchers come on top of `people` (none with `comparison=False`)."""
    world = Sample(people, seed, mess=mess, comparison=comparison)
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
