"""The replay world: records from tests/fetch/data (see SOURCES.md there) and constructed ones
in the same shapes, served by a replay of the OpenReview API on 127.0.0.1."""

from __future__ import annotations

import copy
import json

import pytest

from orchestration.fetch.resource import OpenReviewResource
from tests.conftest import FIXTURES
from tests.fetch.replay import Replay, ReplayServer

# the replay server serves pages built from the project's OpenReview fixtures
DATA = FIXTURES

USERNAME = "fetch.robot@example.org"
PASSWORD = "Pa55-w0rd-8d1f-never-landed"

V2_VENUE = "ICLR.cc/2024/Conference"
UNIFIED_VENUE = "Example.cc/2026/Conference"
V1_VENUE = "NIPS.cc/2018/Workshop/CDNNRIA"
CLONES = 21  # constructed ICLR 2024 submissions beside the three examples
V1_CLONES = 5  # constructed blind submissions beside the two real ones, then two moved ones
# asked for under this id, the profile comes back as ~Advisor_Examplename2
ALIAS, ALIAS_TARGET = "~Advisor_Examplename1", "~Advisor_Examplename2"
MISSING = "~Missing_Author1"  # an author with no profile


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _clone_note(template: dict, number: int) -> dict:
    note = copy.deepcopy(template)
    note_id = f"Cl0ne{number:05d}"
    note.update(id=note_id, forum=note_id, number=6000 + number)
    note["content"]["title"] = {"value": f"A constructed submission {number}"}
    authors = [f"~Clone_Author{number}1", f"~Clone_Author{number + 1}1", "x@example.org"]
    if number % 4 == 0:
        authors.append("~Yiran_Examplechen1")
    if number % 5 == 0:
        authors.append(ALIAS)
    if number == 7:
        authors.append(MISSING)
    note["content"]["authorids"] = {"value": authors}
    note["content"]["authors"] = {"value": [f"Author {i}" for i in range(len(authors))]}
    return note


def _clone_v1_note(template: dict, number: int) -> dict:
    note = copy.deepcopy(template)
    note_id = f"V1cl0ne{number:03d}"
    note.update(id=note_id, forum=note_id, original=f"V1orig{number:03d}", number=100 + number)
    note["content"]["title"] = f"A constructed workshop paper {number}"
    note["content"]["authorids"] = [f"~Workshop_Author{number}1", "someone@example.org"]
    note["content"]["authors"] = [f"Workshop Author{number}", "Some One"]
    return note


def _clone_profile(template: dict, profile_id: str) -> dict:
    profile = copy.deepcopy(template)
    first, last = profile_id.strip("~").rstrip("0123456789").split("_", 1)
    profile["id"] = profile_id
    profile["signatures"] = [profile_id]
    profile["content"]["names"] = [
        {"fullname": f"{first} {last}", "preferred": True, "username": profile_id}
    ]
    profile["content"]["relations"] = []
    profile.pop("metaContent", None)
    return profile


def world() -> Replay:
    v2_examples = _load("constructed_example_notes_v2.json")
    iclr = [n for n in v2_examples if V2_VENUE in n["domain"]]
    rejected = next(n for n in iclr if n["id"] == "Ex4mpleRej")
    clones = [_clone_note(rejected, number) for number in range(1, CLONES + 1)]
    review = copy.deepcopy(iclr[0])  # a reply to a submission: never landed
    review.update(id="Ex4mpleRev", replyto="Ex4mpleAcc")
    review["invitations"] = [f"{V2_VENUE}/Submission1234/-/Official_Review"]
    v1_real = _load("v1_notes_nips2018_workshop_real.json")
    blind = [n for n in v1_real if n["invitation"].endswith("/-/Blind_Submission")]
    v1_clones = [_clone_v1_note(blind[0], number) for number in range(1, V1_CLONES + 1)]
    # on API v1, withdrawn and desk-rejected submissions move to invitations of their own
    for number, moved in ((6, "Withdrawn_Submission"), (7, "Desk_Rejected_Submission")):
        note = _clone_v1_note(blind[0], number)
        note["content"]["authorids"][0] = f"~Workshop_Author{number - 5}1"
        note["invitation"] = f"{V1_VENUE}/-/{moved}"
        v1_clones.append(note)

    example = _load("constructed_example_profile.json")
    profiles = {example["id"]: example}
    ids = {"~Colleague_Examplewang1", ALIAS_TARGET}
    ids |= {f"~Clone_Author{n}1" for n in range(1, CLONES + 2)}
    ids |= {f"~Workshop_Author{n}1" for n in range(1, V1_CLONES + 1)}
    for profile_id in sorted(ids):
        profiles[profile_id] = _clone_profile(example, profile_id)
    return Replay(
        v2_notes=[*v2_examples, *clones, review],
        v1_notes=[*v1_real, *v1_clones],
        v2_groups={V2_VENUE: {"id": V2_VENUE, "domain": V2_VENUE, "content": {}}},
        profiles=profiles,
        aliases={ALIAS: ALIAS_TARGET},
        users={USERNAME: PASSWORD},
    )


def expected_notes(replay: Replay, venue: str) -> set[str]:
    if venue == V1_VENUE:
        names = ("Blind_Submission", "Withdrawn_Submission", "Desk_Rejected_Submission")
        invitations = {f"{V1_VENUE}/-/{name}" for name in names}
        return {n["id"] for n in replay.v1_notes if n["invitation"] in invitations}
    invitation = f"{venue}/-/Submission"
    return {n["id"] for n in replay.v2_notes if invitation in n["invitations"]}


def expected_profiles(replay: Replay, venue: str) -> set[str]:
    """Ids of the profiles the venue's tilde authors resolve to on the replay server."""
    notes = [
        n for n in replay.v1_notes + replay.v2_notes if n["id"] in expected_notes(replay, venue)
    ]
    found = set()
    for note in notes:
        ids = note["content"].get("authorids") or []
        ids = ids.get("value", []) if isinstance(ids, dict) else ids
        authors = note["content"].get("authors") or {}
        authors = authors.get("value", []) if isinstance(authors, dict) else []
        ids = [*ids, *(a.get("username") for a in authors if isinstance(a, dict))]
        for author in ids:
            if isinstance(author, str) and author.startswith("~"):
                found |= {p["id"] for p in replay.find_profiles([author])}
    return found


@pytest.fixture
def replay():
    """A fresh world and its server on a free port of 127.0.0.1 (a thread of this process),
    stopped at the end."""
    with ReplayServer(world()) as server:
        yield server


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENREVIEW_USERNAME", USERNAME)
    monkeypatch.setenv("OPENREVIEW_PASSWORD", PASSWORD)


@pytest.fixture
def guest(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OPENREVIEW_USERNAME", raising=False)
    monkeypatch.delenv("OPENREVIEW_PASSWORD", raising=False)


def resource_for(server: ReplayServer, **overrides) -> OpenReviewResource:
    """The resource pointed at the replay, fast: no real throttle, tiny pages and batches."""
    values = dict(
        baseurl=server.url,
        baseurl_v1=f"{server.url}/v1",
        requests_per_minute=60_000,
        page_size=5,
        profile_batch_size=4,
        backoff_seconds=0.01,
    )
    return OpenReviewResource(**{**values, **overrides})
