"""`talentflow fetch` against a replay of the OpenReview API, through the real openreview-py."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import openreview
import openreview.api
import pytest
import requests

from orchestration.defs.landing.jsonl import SOURCES, land_source
from orchestration.fetch.cli import EXIT_CREDENTIALS, EXIT_FAILED, EXIT_INTERRUPTED, run
from orchestration.fetch.client import Throttle
from orchestration.fetch.fetcher import VenueFiles, fetch_venue
from orchestration.settings import REPO_ROOT
from tests.fetch.conftest import (
    ALIAS,
    ALIAS_TARGET,
    MISSING,
    PASSWORD,
    UNIFIED_VENUE,
    USERNAME,
    V1_VENUE,
    V2_VENUE,
    expected_notes,
    expected_profiles,
    resource_for,
)
from tests.fetch.replay import Fault

FAULTS = [  # every fault openreview-py leaves to us, plus one it would retry itself
    Fault("POST", "/login", "429"),
    Fault("GET", "/notes", "429", skip=2),
    Fault("GET", "/notes", "reset", skip=4),
    Fault("GET", "/notes", "garbage", skip=6),
    Fault("GET", "/notes", "503", skip=8, retry_after=None),
    Fault("POST", "/profiles/search", "429", skip=1),
    Fault("POST", "/profiles/search", "reset", skip=3),
]


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ids(path: Path) -> list[str]:
    return [record["id"] for record in lines(path)]


def all_profile_ids(landing: Path) -> list[str]:
    folder = landing / VenueFiles(landing, V2_VENUE).profiles.parent
    return [i for path in sorted(folder.glob("*.jsonl")) for i in ids(path)]


def fetch(server, landing: Path, venues, **overrides) -> int:
    return run(venues, False, landing, resource=resource_for(server, **overrides))


def test_v2_venue_lands_every_submission_and_author_profile(replay, credentials, tmp_path):
    replay.replay.faults = [Fault(**vars(f)) for f in FAULTS]
    assert fetch(replay, tmp_path, [V2_VENUE]) == 0
    files = VenueFiles(tmp_path, V2_VENUE)
    notes = ids(files.notes)
    assert sorted(notes) == sorted(expected_notes(replay.replay, V2_VENUE))
    assert len(notes) == 24 and "Ex4mpleRev" not in notes  # a reply is not a submission
    assert {"Ex4mpleAcc", "Ex4mpleRej", "Ex4mpleWdr"} <= set(notes)  # accepted, rejected, withdrawn
    profiles = ids(files.profiles)
    assert sorted(profiles) == sorted(expected_profiles(replay.replay, V2_VENUE))
    assert len(profiles) == len(set(profiles)) == 25
    # asked as ~Advisor_Examplename1, landed under the id returned; no profile, no line
    assert ALIAS_TARGET in profiles and ALIAS not in profiles and MISSING not in profiles
    # lines are the JSON the API returned, not openreview-py's to_json() (which drops tcdate)
    served = {n["id"]: n for n in replay.replay.v2_notes}
    assert all(record == served[record["id"]] for record in lines(files.notes))
    assert lines(files.profiles)[0] == replay.replay.profiles[profiles[0]]
    every_fault_fired = [f.seen > f.skip for f in replay.replay.faults]
    assert all(every_fault_fired)
    assert not list(files.work_dir.glob("*/*.partial"))


def test_a_complete_venue_is_not_fetched_again_unless_refresh(replay, credentials, tmp_path):
    assert fetch(replay, tmp_path, [V2_VENUE]) == 0
    before = len(replay.replay.requests)
    assert fetch(replay, tmp_path, [V2_VENUE]) == 0
    assert len(replay.replay.requests) == before  # not even a login
    files = VenueFiles(tmp_path, V2_VENUE)
    first = files.notes.read_bytes(), files.profiles.read_bytes()
    assert run([V2_VENUE], True, tmp_path, resource=resource_for(replay)) == 0
    assert len(replay.replay.requests) > before
    assert (files.notes.read_bytes(), files.profiles.read_bytes()) == first


def test_v1_venue_lands_its_blind_submissions(replay, credentials, tmp_path, capsys):
    assert fetch(replay, tmp_path, [V1_VENUE]) == 0
    files = VenueFiles(tmp_path, V1_VENUE)
    notes = lines(files.notes)
    assert sorted(n["id"] for n in notes) == sorted(expected_notes(replay.replay, V1_VENUE))
    moved = ("Withdrawn_Submission", "Desk_Rejected_Submission")
    assert Counter(n["invitation"].rsplit("/", 1)[1] for n in notes) == {
        "Blind_Submission": 7,
        **dict.fromkeys(moved, 1),
    }
    assert {"HkghWScuoQ", "r1eLk2mKiX"} <= {n["id"] for n in notes}  # the real ones
    assert sorted(ids(files.profiles)) == sorted(expected_profiles(replay.replay, V1_VENUE))
    v1_paths = {r.path for r in replay.replay.requests if r.path.startswith("/v1/")}
    assert v1_paths == {"/v1/login", "/v1/notes"}
    assert "(API v1)" in capsys.readouterr().out


def test_v1_server_that_ignores_after_is_paged_by_offset(replay, credentials, tmp_path):
    replay.replay.v1_ignores_after = True
    assert fetch(replay, tmp_path, [V1_VENUE]) == 0
    assert sorted(ids(VenueFiles(tmp_path, V1_VENUE).notes)) == sorted(
        expected_notes(replay.replay, V1_VENUE)
    )


def test_profiles_landed_by_one_venue_are_not_landed_again(replay, credentials, tmp_path):
    assert fetch(replay, tmp_path, [V2_VENUE, UNIFIED_VENUE, V1_VENUE]) == 0
    # the unified-author note's two authors were landed with ICLR 2024: asked for nothing
    assert ids(VenueFiles(tmp_path, UNIFIED_VENUE).notes) == ["Ex4mpleUni"]
    assert ids(VenueFiles(tmp_path, UNIFIED_VENUE).profiles) == []
    landed = all_profile_ids(tmp_path)
    assert len(landed) == len(set(landed)) == 25 + 5
    # a refresh replaces one venue's files and still lands no profile twice
    assert run([V1_VENUE], True, tmp_path, resource=resource_for(replay)) == 0
    landed = all_profile_ids(tmp_path)
    assert len(landed) == len(set(landed)) == 30


class CrashAfter:
    """A reporter that stops the fetch like Ctrl-C once `kind` reached `count` records."""

    def __init__(self, kind: str, count: int):
        self.kind, self.count = kind, count

    def progress(self, venue, kind, done, expected):
        if kind == self.kind and done >= self.count:
            raise KeyboardInterrupt

    def message(self, text):
        pass


@pytest.mark.parametrize("kind,count", [("notes", 10), ("profiles", 8)])
def test_an_interrupted_fetch_resumes_without_duplicates_or_losses(
    replay, credentials, tmp_path, kind, count
):
    resource = resource_for(replay)
    files = VenueFiles(tmp_path, V2_VENUE)
    with pytest.raises(KeyboardInterrupt):
        fetch_venue(
            resource.connect(), V2_VENUE, tmp_path, reporter=CrashAfter(kind, count),
            page_size=5, profile_batch_size=4,
        )  # fmt: skip
    partial = files.notes_partial if kind == "notes" else files.profiles_partial
    assert len(ids(partial)) >= count
    assert not (files.notes if kind == "notes" else files.profiles).exists()  # nothing to build
    with partial.open("ab") as handle:  # a line torn by the crash
        handle.write(b'{"id":"Torn1","content":{"title":{"val')
    asked_before = [r.body["ids"] for r in replay.replay.requests if r.path == "/profiles/search"]
    first_run = len(replay.replay.requests)

    assert fetch(replay, tmp_path, [V2_VENUE]) == 0
    notes, profiles = ids(files.notes), ids(files.profiles)
    assert sorted(notes) == sorted(expected_notes(replay.replay, V2_VENUE))
    assert sorted(profiles) == sorted(expected_profiles(replay.replay, V2_VENUE))
    assert len(notes) == len(set(notes)) and len(profiles) == len(set(profiles))
    resumed = replay.replay.requests[first_run:]
    if kind == "notes":  # paging went on after the last note held
        pages = [r.query for r in resumed if r.path == "/notes"]
        assert "count" not in pages[0] and pages[0]["after"] == "Cl0ne00010"
    else:  # ids asked before the crash were not asked again
        asked_again = {i for r in resumed if r.path == "/profiles/search" for i in r.body["ids"]}
        assert not asked_again & {i for batch in asked_before for i in batch}


def _fetch_process(server, landing: Path) -> subprocess.Popen:
    """`run` in a child process with default signal handlers, as a user's shell starts it."""
    code = (
        "import sys\n"
        "from orchestration.fetch.cli import run\n"
        "from orchestration.fetch.resource import OpenReviewResource\n"
        f"resource = OpenReviewResource(baseurl={server.url!r}, requests_per_minute=60000,"
        " page_size=5, profile_batch_size=4, backoff_seconds=0.01)\n"
        f"sys.exit(run([{V2_VENUE!r}], False, {str(landing)!r}, resource=resource))\n"
    )

    def default_signals():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "OPENREVIEW_USERNAME": USERNAME, "OPENREVIEW_PASSWORD": PASSWORD},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_killed_fetch_process_resumes(replay, credentials, tmp_path, sig):
    replay.replay.stall = ("/notes", 4)  # the count, two pages, then the third page hangs
    process = _fetch_process(replay, tmp_path)
    try:
        assert replay.replay.stalled.wait(60), process.communicate(timeout=5)
        process.send_signal(sig)
        out, err = process.communicate(timeout=30)
    finally:
        replay.replay.release.set()
        if process.poll() is None:
            process.kill()
    files = VenueFiles(tmp_path, V2_VENUE)
    if sig == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert err.strip().splitlines()[-1].endswith("run again to resume")
    else:
        assert process.returncode == -signal.SIGKILL
    assert len(ids(files.notes_partial)) == 10 and not files.notes.exists()
    replay.replay.stall = None
    assert fetch(replay, tmp_path, [V2_VENUE]) == 0
    notes = ids(files.notes)
    assert len(notes) == len(set(notes)) == 24


def test_the_throttle_holds_between_requests(replay, credentials, tmp_path):
    replay.replay.faults = [Fault("GET", "/v1/notes", "429", retry_after="0")]
    resource = resource_for(replay)  # 60,000 a minute, overridden as `--rpm 600` would
    assert run([V1_VENUE], False, tmp_path, requests_per_minute=600, resource=resource) == 0
    times = [r.at for r in replay.replay.requests]
    assert len(times) >= 10
    # n requests take at least (n - 1) / 10 s at 600 a minute (arrival times jitter a little)
    assert times[-1] - times[0] >= (len(times) - 1) / 10 - 0.03
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    assert gaps[len(gaps) // 2] >= 0.095, gaps


def test_fetches_sharing_a_landing_dir_share_the_rate(tmp_path):
    first, second = Throttle(600, tmp_path / "throttle"), Throttle(600, tmp_path / "throttle")
    started = time.monotonic()
    for _ in range(3):
        first.wait()
        second.wait()
    assert time.monotonic() - started >= 5 * 0.1 - 0.01


def test_retry_after_is_honoured(replay, credentials, tmp_path):
    replay.replay.faults = [Fault("POST", "/profiles/search", "429", retry_after="1")]
    started = time.monotonic()
    assert fetch(replay, tmp_path, [V1_VENUE]) == 0
    assert time.monotonic() - started >= 1.0


def test_retries_are_bounded(replay, credentials, tmp_path, capsys):
    replay.replay.faults = [Fault("GET", "/notes", "503", times=100)]
    assert fetch(replay, tmp_path, [V2_VENUE], max_attempts=3) == EXIT_FAILED
    assert replay.replay.count("GET", "/notes") == 3
    err = capsys.readouterr().err
    assert "gave up after 3 tries" in err and "run again to resume" in err


def test_a_guest_gets_one_clear_line_and_a_non_zero_exit(replay, guest, tmp_path, capsys):
    assert fetch(replay, tmp_path, [V2_VENUE, V1_VENUE]) == EXIT_CREDENTIALS
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert "403 ChallengeRequiredError" in line
    assert "set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD" in line
    assert not any(path.suffix == ".jsonl" for path in tmp_path.rglob("*"))
    assert [r.authorized for r in replay.replay.requests] == [False]


def test_the_password_is_never_written_or_logged(
    replay, credentials, tmp_path, capfd, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    replay.replay.faults = [Fault(**vars(f)) for f in FAULTS]
    assert fetch(replay, tmp_path, [V2_VENUE, V1_VENUE, UNIFIED_VENUE]) == 0
    replay.replay.echo_login_password = True  # a server that repeats it in an error
    wrong = "Wr0ng-" + PASSWORD
    monkeypatch.setenv("OPENREVIEW_PASSWORD", wrong)
    assert fetch(replay, tmp_path / "other", [V2_VENUE]) == EXIT_FAILED
    out, err = capfd.readouterr()
    assert "Invalid username or password" in err
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (PASSWORD, wrong):
        assert secret not in out + err + logged
        for path in tmp_path.rglob("*"):
            assert not path.is_file() or secret.encode() not in path.read_bytes(), path


def test_landing_what_was_fetched_rejects_no_line(replay, credentials, tmp_path):
    assert fetch(replay, tmp_path, [V2_VENUE, V1_VENUE, UNIFIED_VENUE]) == 0
    counts = {"openreview_notes": 24 + 9 + 1, "openreview_profiles": 25 + 5}
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        for source in SOURCES:
            result = land_source(con, tmp_path, source, 16 * 1024 * 1024)
            assert result.rows_rejected == 0, source.name
            assert result.rows_landed == counts.get(source.name, 0), source.name
        kinds = Counter(
            row[0]
            for row in con.execute(
                "select coalesce(record->>'invitation', 'v2') from raw.openreview_notes"
            ).fetchall()
        )
    assert kinds == {
        "v2": 25,
        f"{V1_VENUE}/-/Blind_Submission": 7,
        f"{V1_VENUE}/-/Withdrawn_Submission": 1,
        f"{V1_VENUE}/-/Desk_Rejected_Submission": 1,
    }


def test_openreview_py_leaves_these_faults_to_us(replay):
    """What the fetcher works around, measured on the installed openreview-py as it is."""
    server = replay.replay
    server.faults = [Fault("POST", "/login", "429")]
    with pytest.raises(openreview.OpenReviewException):
        openreview.api.OpenReviewClient(baseurl=replay.url, username=USERNAME, password=PASSWORD)
    assert server.count("POST", "/login") == 1  # a 429 on POST is not retried
    client = openreview.api.OpenReviewClient(
        baseurl=replay.url, username=USERNAME, password=PASSWORD
    )
    server.faults = [Fault("GET", "/notes", "reset")]
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        client.get_notes(invitation=f"{V2_VENUE}/-/Submission")
    assert server.count("GET", "/notes") == 1  # nor a reset mid-response
