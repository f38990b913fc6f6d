"""Fetch one venue into the landing zone: its submissions, then its authors' profiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from orchestration.defs.landing.jsonl import SOURCES, source_files
from orchestration.defs.landing.provenance import record_provenance
from orchestration.fetch.client import FetchError, OpenReviewApi
from orchestration.fetch.venues import venue_slug
from orchestration.fetch.writer import (
    PartialJsonl,
    append_lines,
    locked,
    read_lines,
    read_records,
    write_atomic,
)

NOTES = next(source for source in SOURCES if source.name == "openreview_notes")
PROFILES = next(source for source in SOURCES if source.name == "openreview_profiles")


class Reporter(Protocol):
    def progress(self, venue: str, kind: str, done: int, expected: int | None) -> None: ...

    def message(self, text: str) -> None: ...


class SilentReporter:
    def progress(self, venue: str, kind: str, done: int, expected: int | None) -> None:
        pass

    def message(self, text: str) -> None:
        pass


@dataclass(frozen=True)
class VenueFiles:
    """Where one venue's files are. Landing files sit in the folders of the landing SOURCES;
    work files (partial files, state, locks) in `.fetch/` beside those folders, which no
    source reads."""

    landing_dir: Path
    venue: str

    @property
    def slug(self) -> str:
        return venue_slug(self.venue)

    @property
    def notes(self) -> Path:
        return self.landing_dir / NOTES.folder / f"{self.slug}.jsonl"

    @property
    def profiles(self) -> Path:
        return self.landing_dir / PROFILES.folder / f"{self.slug}.jsonl"

    @property
    def work_dir(self) -> Path:
        return self.landing_dir / Path(NOTES.folder).parent / ".fetch"

    @property
    def notes_partial(self) -> Path:
        return self.work_dir / "notes" / f"{self.slug}.jsonl.partial"

    @property
    def profiles_partial(self) -> Path:
        return self.work_dir / "profiles" / f"{self.slug}.jsonl.partial"

    @property
    def state(self) -> Path:
        return self.work_dir / f"{self.slug}.state.json"

    @property
    def asked(self) -> Path:
        return self.work_dir / f"{self.slug}.profiles-asked"

    @property
    def lock(self) -> Path:
        return self.work_dir / f"{self.slug}.lock"

    @property
    def profiles_lock(self) -> Path:
        return self.work_dir / "profiles.lock"

    @property
    def throttle(self) -> Path:
        """Shared by every fetch into this landing dir, whatever the venue."""
        return self.work_dir / "throttle"


def throttle_file(landing_dir: Path) -> Path:
    return VenueFiles(Path(landing_dir), "any").throttle


@dataclass
class VenueResult:
    venue: str
    api: str | None = None
    invitation: str | None = None  # the submission invitations, comma-separated
    notes_expected: int | None = None
    notes_fetched: int = 0  # new lines this run
    notes_landed: int = 0  # lines in the landing file
    notes_skipped: bool = False  # landed before: nothing asked
    profiles_expected: int = 0  # author ids to ask for (not landed by any venue before)
    profiles_asked: int = 0  # of those, asked for (this run or a run that stopped)
    profiles_fetched: int = 0  # new lines this run
    profiles_landed: int = 0
    profiles_skipped: bool = False
    requests: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        values = dataclasses.asdict(self)
        values["waited_seconds"] = round(self.waited_seconds, 1)
        values["seconds"] = round(self.seconds, 1)
        return {k: v for k, v in values.items() if v is not None}


def fetch_venue(
    api: OpenReviewApi,
    venue: str,
    landing_dir: Path,
    refresh: bool = False,
    reporter: Reporter | None = None,
    page_size: int = 1000,
    profile_batch_size: int = 1000,
) -> VenueResult:
    """Land every submission of `venue` and the profiles of its tilde authors not landed yet.
    What is landed already is not asked again, unless `refresh`; an unfinished fetch resumes."""
    reporter = reporter or SilentReporter()
    files = VenueFiles(Path(landing_dir), venue)
    result = VenueResult(venue)
    before = dataclasses.replace(api.stats)
    started = time.monotonic()
    with locked(files.lock, f"the fetch of {venue}", wait=False):
        _fetch_notes(api, files, refresh, reporter, page_size, result)
        with locked(files.profiles_lock, "the profile fetch", wait=True):
            _fetch_profiles(api, files, refresh, reporter, profile_batch_size, result)
    result.requests = api.stats.requests - before.requests
    result.retries = api.stats.retries - before.retries
    result.waited_seconds = api.stats.waited_seconds - before.waited_seconds
    result.seconds = time.monotonic() - started
    result.files = [str(files.notes), str(files.profiles)]
    for folder in (files.notes.parent, files.profiles.parent):
        record_provenance(
            folder,
            origin=f"OpenReview API ({api.baseurl_v2}), fetched by talentflow fetch",
            terms=NOTES.terms,
            terms_url=NOTES.terms_url,
            fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
    return result


def _fetch_notes(api, files: VenueFiles, refresh, reporter, page_size, result) -> None:
    """State (`<slug>.state.json`): the API and, per invitation, its count, where paging stands
    (`after` id or `offset`) and whether it is done; rewritten after every page is written."""
    state = _load_state(files.state)
    if refresh:
        files.notes_partial.unlink(missing_ok=True)
        files.state.unlink(missing_ok=True)
        state = {}
    invitations = state.get("invitations") or {}
    _describe(result, state)
    if files.notes.exists() and not files.notes_partial.exists():
        result.notes_skipped = True
        result.notes_landed = _count_lines(files.notes)
        return
    writer = PartialJsonl(files.notes_partial)
    if not invitations:
        found = api.find_submissions(files.venue)
        invitations = {
            name: {"count": count, "after": None, "offset": None, "done": False}
            for name, count in found.invitations.items()
        }
        state = {"api": found.api, "invitations": invitations}
        write_atomic(files.state, json.dumps(state))
    expected = _describe(result, state)
    reporter.progress(files.venue, "notes", writer.count, expected)
    for name, cursor in invitations.items():
        while not cursor["done"]:
            page = api.notes_page(
                state["api"], name, page_size, after=cursor["after"], offset=cursor["offset"]
            )
            result.notes_fetched += writer.append(page)
            if len(page) < page_size:
                cursor["done"] = True
            elif cursor["offset"] is not None:
                cursor["offset"] += len(page)
                if cursor["offset"] > 10 * (cursor["count"] + page_size):
                    raise FetchError(f"paging {name} does not end: the server ignores offset")
            elif cursor["after"] is not None and page[0]["id"] <= cursor["after"]:
                # The server ignored `after` and answered from the start: page by offset.
                reporter.message(f"{files.venue}: the server ignores `after`; paging by offset")
                cursor["after"], cursor["offset"] = None, page_size
            else:
                cursor["after"] = page[-1]["id"]
            write_atomic(files.state, json.dumps(state))
            reporter.progress(files.venue, "notes", writer.count, expected)
    writer.publish(files.notes)
    result.notes_landed = writer.count


def _describe(result: VenueResult, state: dict) -> int | None:
    invitations = state.get("invitations") or {}
    result.api, result.invitation = state.get("api"), ", ".join(invitations) or None
    if invitations:
        result.notes_expected = sum(cursor["count"] for cursor in invitations.values())
    return result.notes_expected


def _fetch_profiles(api, files: VenueFiles, refresh, reporter, batch_size, result) -> None:
    if refresh:
        files.profiles_partial.unlink(missing_ok=True)
        files.asked.unlink(missing_ok=True)
    elif files.profiles.exists() and not files.profiles_partial.exists():
        result.profiles_skipped = True
        result.profiles_landed = _count_lines(files.profiles)
        return
    wanted = _tilde_authors(read_records(files.notes))
    elsewhere = _landed_profile_names(files)
    writer = PartialJsonl(files.profiles_partial)
    done = set(read_lines(files.asked))
    for profile in read_records(files.profiles_partial):
        done |= _names(profile)
    wanted = [i for i in wanted if i not in elsewhere]
    todo = [i for i in wanted if i not in done]
    result.profiles_expected = len(wanted)
    result.profiles_asked = len(wanted) - len(todo)
    reporter.progress(files.venue, "profiles", result.profiles_asked, len(wanted))
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        profiles = api.search_profiles(batch)
        # A profile may come back under another id than asked: it is keyed by the id returned,
        # and skipped when another venue landed that id already.
        fresh = [p for p in profiles if not (_names(p) & elsewhere)]
        result.profiles_fetched += writer.append(fresh)
        append_lines(files.asked, batch)
        result.profiles_asked += len(batch)
        reporter.progress(files.venue, "profiles", result.profiles_asked, len(wanted))
    writer.publish(files.profiles)
    files.asked.unlink(missing_ok=True)
    result.profiles_landed = writer.count


def _tilde_authors(notes: Iterable[dict]) -> list[str]:
    """Tilde ids of every author, in order of first appearance: API v2 `authorids.value`,
    API v1 `authorids`, and the unified `authors.value[].username`."""
    seen: dict[str, None] = {}
    for note in notes:
        content = note.get("content") or {}
        ids = _unwrap(content.get("authorids"))
        authors = _unwrap(content.get("authors"))
        names = [a.get("username") for a in authors if isinstance(a, dict)]
        for author_id in [*ids, *names]:
            if isinstance(author_id, str) and author_id.strip().startswith("~"):
                seen.setdefault(author_id.strip(), None)
    return list(seen)


def _unwrap(value) -> list:
    if isinstance(value, dict):
        value = value.get("value")
    return value if isinstance(value, list) else []


def _names(profile: dict) -> set[str]:
    """The id of a profile and every username it lists (its other tilde ids)."""
    names = {profile.get("id")}
    for name in (profile.get("content") or {}).get("names") or []:
        if isinstance(name, dict):
            names.add(name.get("username"))
    return {n for n in names if isinstance(n, str) and n}


def _landed_profile_names(files: VenueFiles) -> set[str]:
    """Profile ids and usernames that other venues hold: in any landing file of the profiles
    source (this venue's own excepted) and in other venues' unfinished partial files."""
    paths = [p for p in source_files(files.landing_dir, PROFILES) if p != files.profiles]
    partials = files.profiles_partial.parent
    if partials.is_dir():
        paths += [p for p in partials.glob("*.jsonl.partial") if p != files.profiles_partial]
    names: set[str] = set()
    for path in paths:
        for profile in read_records(path):
            names |= _names(profile)
    return names


def _load_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())
