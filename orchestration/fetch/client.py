"""The official openreview-py clients (API v2 and v1) behind one throttle and one retry policy.

openreview-py retries 429 and 5xx on GET only (urllib3), with no bound on a Retry-After of
half an hour; a 429 on POST (`/login`, `/profiles/search`) raises at once; a connection reset
mid-response (`ChunkedEncodingError`) is never retried; and when GET retries run out it may raise
`JSONDecodeError`. So its sessions get our transport instead: one request per attempt, each one
through the throttle, and every retry is made here, bounded, honouring Retry-After.

The library turns API objects into its own classes, whose `to_json()` drops fields (`tcdate`,
`number`, `domain`, `version`): the transport keeps the last response, and the raw JSON the API
returned is what we hand on.
"""

from __future__ import annotations

import email.utils
import fcntl
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import openreview
import openreview.api
import requests
from requests.adapters import HTTPAdapter

from orchestration.fetch.urls import derive_v1_baseurl
from orchestration.settings import OpenReviewSettings

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
TRANSIENT_ERRORS = (
    requests.exceptions.ConnectionError,  # refused, reset before a response
    requests.exceptions.ChunkedEncodingError,  # reset mid-response
    requests.exceptions.ContentDecodingError,
    requests.exceptions.Timeout,
    json.JSONDecodeError,  # a cut or garbled body (requests' JSONDecodeError is one too)
)
# v1 venues name their public submission invitation in one of these ways (ICLR 2017: lower case)
V1_SUBMISSION_NAMES = ("Blind_Submission", "Submission", "submission")
# on API v1, withdrawn and desk-rejected submissions move to invitations of their own
V1_MOVED_SUBMISSIONS = ("Withdrawn_Submission", "Desk_Rejected_Submission")
# OpenReview counts requests per user and window and answers "You have made 102 requests,
# surpassing the limit of 98 … try again in 30 minutes": windows of about an hour. 1.5 requests a
# minute is 90 an hour.
DEFAULT_REQUESTS_PER_MINUTE = 1.5
# a login token lasts an hour unless asked otherwise; a large venue at the throttle takes longer
TOKEN_SECONDS = 7 * 24 * 3600
MAX_SHARED_BACKLOG_SECONDS = 3600.0


class FetchError(Exception):
    """A fetch that cannot go on; the message is safe to print (no credentials)."""


class ChallengeRequired(FetchError):
    """OpenReview answered 403 ChallengeRequiredError: it serves logged-in users only."""


class RateLimited(FetchError):
    """OpenReview asks for a longer wait than we are willing to sleep."""


class NotFound(FetchError):
    """404, or 403 for something this user may not read."""


@dataclass
class RequestStats:
    requests: int = 0
    retries: int = 0
    waited_seconds: float = 0.0


@dataclass(frozen=True)
class Submissions:
    """Where a venue's submissions are: the API ('v2' or 'v1') and its invitations, each with
    the number of notes it had when asked."""

    api: str
    invitations: dict[str, int]

    @property
    def count(self) -> int:
        return sum(self.invitations.values())


class Throttle:
    """At most `requests_per_minute` requests, evenly spaced: n requests take at least
    (n - 1) * 60 / requests_per_minute seconds. With `path`, every process that throttles on
    the same file shares the one rate (the next free time is kept there, under a file lock)."""

    def __init__(self, requests_per_minute: float, path: Path | None = None):
        if requests_per_minute <= 0:
            raise ValueError("requests_per_minute must be positive")
        self.interval = 60.0 / requests_per_minute
        self.path = path
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Sleep until the next request may go; returns the seconds slept."""
        with self._lock:
            delay = self._reserve_shared() if self.path else self._reserve(time.monotonic())
        if delay:
            time.sleep(delay)
        return delay

    def _reserve(self, now: float) -> float:
        delay = max(0.0, self._next - now)
        self._next = max(now, self._next) + self.interval
        return delay

    def _reserve_shared(self) -> float:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="ascii") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                try:
                    self._next = float(handle.read().strip() or 0)
                except ValueError:
                    self._next = 0.0
                now = time.time()
                # a time far ahead (a clock set back) must not stall every later fetch
                self._next = min(self._next, now + MAX_SHARED_BACKLOG_SECONDS)
                delay = self._reserve(now)
                handle.seek(0)
                handle.truncate()
                handle.write(repr(self._next))
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return delay


class _Transport(HTTPAdapter):
    """One try per request (retries are made by OpenReviewApi), through the throttle, with a
    timeout; remembers the last response so that its status and raw JSON can be read."""

    def __init__(self, throttle: Throttle, stats: RequestStats, timeout: float):
        super().__init__(max_retries=0)
        self.throttle = throttle
        self.stats = stats
        self.timeout = timeout
        self.last_response: requests.Response | None = None

    def send(self, request, **kwargs):
        self.stats.waited_seconds += self.throttle.wait()
        self.stats.requests += 1
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        response = super().send(request, **kwargs)
        self.last_response = response
        return response


def _deferred_login(base: type) -> type:
    """The client class `base`, whose constructor does not log in: the library's constructor
    logs in at once (reading OPENREVIEW_USERNAME/PASSWORD by itself when none are given),
    before a throttle or retry can be put around it. We log in explicitly afterwards."""

    class Client(base):
        _login_ready = False

        def login_user(self, *args, **kwargs):
            if not self._login_ready:
                return None
            return super().login_user(*args, **kwargs)

    Client.__name__ = f"Deferred{base.__name__}"
    return Client


_V2Client = _deferred_login(openreview.api.OpenReviewClient)
_V1Client = _deferred_login(openreview.Client)
# Non-empty credentials keep the library's constructor from reading the environment itself.
_NO_LOGIN_YET = "login-deferred"


class OpenReviewApi:
    """API v2 and, for older venues, API v1 of one OpenReview deployment, for one user (or a
    guest). Nothing is sent before the first call; each client logs in when first used."""

    def __init__(
        self,
        settings: OpenReviewSettings,
        baseurl_v1: str | None = None,
        requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE,
        max_attempts: int = 6,
        backoff_seconds: float = 2.0,
        max_wait_seconds: float = 1800.0,
        timeout_seconds: float = 120.0,
        log: Callable[[str], None] | None = None,
        throttle_file: Path | None = None,
    ):
        self.settings = settings
        self.baseurl_v2 = settings.baseurl.rstrip("/")
        self.baseurl_v1 = (baseurl_v1 or derive_v1_baseurl(self.baseurl_v2)).rstrip("/")
        self.throttle = Throttle(requests_per_minute, throttle_file)
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_wait_seconds = max_wait_seconds
        self.timeout_seconds = timeout_seconds
        self.stats = RequestStats()
        self.log = log or (lambda message: None)
        self._clients: dict[str, tuple[Any, _Transport]] = {}

    # -- clients ---------------------------------------------------------------------------

    def _client(self, api: str) -> tuple[Any, _Transport]:
        if api not in self._clients:
            cls, url = (_V2Client, self.baseurl_v2) if api == "v2" else (_V1Client, self.baseurl_v1)
            try:
                client = cls(baseurl=url, username=_NO_LOGIN_YET, password=_NO_LOGIN_YET)
            except openreview.OpenReviewException as error:  # e.g. a v1 URL given for v2
                raise FetchError(f"API {api} at {url}: {self._describe(error)}") from None
            transport = _Transport(self.throttle, self.stats, self.timeout_seconds)
            for prefix in list(client.session.adapters):
                client.session.mount(prefix, transport)
            client._login_ready = True
            self._clients[api] = (client, transport)
            if self.settings.has_credentials:
                try:
                    self._call(
                        api,
                        f"log in to API {api} at {url} as {self.settings.username}",
                        lambda c: c.login_user(
                            self.settings.username, self.settings.password, expiresIn=TOKEN_SECONDS
                        ),
                    )
                except NotFound as error:  # 403 on /login: refused credentials
                    del self._clients[api]
                    raise FetchError(str(error)) from None
                except BaseException:
                    del self._clients[api]
                    raise
        return self._clients[api]

    def close(self) -> None:
        for client, _ in self._clients.values():
            client.session.close()
        self._clients.clear()

    # -- the calls -------------------------------------------------------------------------

    def find_submissions(self, venue: str) -> Submissions:
        """Which API holds the venue's submissions, and under which invitations: API v2's
        `{venue}/-/Submission` (or the submission invitation the v2 venue group names), which
        keeps withdrawn and desk-rejected ones; else API v1's blind-submission invitation (else
        its submission invitation) with its withdrawn and desk-rejected invitations."""
        default = f"{venue}/-/Submission"
        if count := self._count("v2", default):
            return Submissions("v2", {default: count})
        named = self._v2_submission_invitation(venue)
        if named and named != default and (count := self._count("v2", named)):
            return Submissions("v2", {named: count})
        for name in V1_SUBMISSION_NAMES:
            invitation = f"{venue}/-/{name}"
            if count := self._count("v1", invitation):
                found = {invitation: count}
                for moved in V1_MOVED_SUBMISSIONS:
                    if count := self._count("v1", f"{venue}/-/{moved}"):
                        found[f"{venue}/-/{moved}"] = count
                return Submissions("v1", found)
        raise FetchError(
            f"no submissions of {venue} on API v2 ({self.baseurl_v2}) or API v1 "
            f"({self.baseurl_v1}); check the venue id (e.g. ICLR.cc/2024/Conference)"
        )

    def _v2_submission_invitation(self, venue: str) -> str | None:
        try:
            group = self._call("v2", f"read group {venue}", lambda c: c.get_group(venue))
        except NotFound:
            return None
        value = (group.content or {}).get("submission_id", {})
        return value.get("value") if isinstance(value, dict) else None

    def _count(self, api: str, invitation: str) -> int:
        try:
            _, count = self._call(
                api,
                f"count {invitation} on API {api}",
                lambda c: c.get_notes(invitation=invitation, limit=1, with_count=True),
            )
        except NotFound:
            return 0
        return int(count or 0)

    def notes_page(
        self,
        api: str,
        invitation: str,
        limit: int,
        after: str | None = None,
        offset: int | None = None,
    ) -> list[dict]:
        """One page of the invitation's notes, sorted by id, as the API returned them."""
        where = f"after {after}" if after else f"offset {offset or 0}"
        self._call(
            api,
            f"read {invitation} ({where}) on API {api}",
            lambda c: c.get_notes(
                invitation=invitation, limit=limit, after=after, offset=offset, sort="id"
            ),
        )
        return self._raw(api, "notes")

    def search_profiles(self, ids: list[str]) -> list[dict]:
        """The profiles of `ids` (at most 1,000: one POST /profiles/search), as returned; a
        profile may come back under another id than the one asked for."""
        if len(ids) > 1000:
            raise ValueError("at most 1,000 ids per search")
        self._call("v2", f"search {len(ids)} profiles", lambda c: c.search_profiles(ids=ids))
        return self._raw("v2", "profiles")

    def _raw(self, api: str, key: str) -> list[dict]:
        response = self._clients[api][1].last_response
        assert response is not None
        return list(response.json().get(key) or [])

    # -- retries ---------------------------------------------------------------------------

    def _call(self, api: str, what: str, call: Callable[[Any], T]) -> T:
        """`call(client)`, retried on 429, 5xx, resets, timeouts and cut bodies: at most
        max_attempts tries, waiting Retry-After (else exponential backoff) in between."""
        client, transport = self._client(api)
        for attempt in range(1, self.max_attempts + 1):
            transport.last_response = None
            try:
                return call(client)
            except openreview.OpenReviewException as error:
                response = transport.last_response
                status = response.status_code if response is not None else None
                problem = f"{status} {self._describe(error)}"
                if status == 403 and "challenge" in problem.lower():
                    raise ChallengeRequired(problem) from None
                if status in (403, 404):
                    raise NotFound(f"{what}: {problem}") from None
                if status not in RETRY_STATUSES:
                    raise FetchError(f"{what}: {problem}") from None
                delay = _retry_after(response)
            except TRANSIENT_ERRORS as error:
                problem = self._scrub(f"{type(error).__name__}: {error}")
                delay = None
            if attempt == self.max_attempts:
                raise FetchError(f"{what}: gave up after {attempt} tries, last: {problem}")
            if delay is None:
                delay = self.backoff_seconds * 2 ** (attempt - 1) * (1 + random.random() / 4)
            if delay > self.max_wait_seconds:
                raise RateLimited(
                    f"{what}: OpenReview asks to wait {delay / 60:.0f} min ({problem}); "
                    "run again later: the fetch resumes where it stopped"
                )
            self.stats.retries += 1
            self.stats.waited_seconds += delay
            self.log(f"{what}: {problem}; retry {attempt}/{self.max_attempts - 1} in {delay:.1f}s")
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _describe(self, error: Exception) -> str:
        """The API's error name and message, with any credential cut out."""
        detail = error.args[0] if error.args else error
        if isinstance(detail, dict):
            text = f"{detail.get('name', 'Error')}: {detail.get('message', '')}".strip()
        else:
            text = str(detail)
        return self._scrub(text[:500])

    def _scrub(self, text: str) -> str:
        password = self.settings.password
        return text.replace(password, "***") if password else text


def _retry_after(response: requests.Response | None) -> float | None:
    """Seconds to wait from Retry-After (seconds or an HTTP date), else from OpenReview's
    `details.resetTime` in a JSON 429 body; None when neither says."""
    if response is None:
        return None
    header = response.headers.get("Retry-After")
    try:
        if header:
            try:
                return max(0.0, float(header))
            except ValueError:
                when = email.utils.parsedate_to_datetime(header)
        else:
            reset = response.json().get("details", {}).get("resetTime")
            when = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (ValueError, AttributeError, TypeError):  # no date, a naive one, or no JSON body
        return None
