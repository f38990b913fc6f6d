"""Fetching OpenReview venues from the live API into the landing zone (`talentflow fetch`).

What is fetched. Every submission of a venue — accepted, rejected, withdrawn, desk-rejected —
through its submission invitation, never through `content.venueid` (accepted papers only). Which
API holds a venue is found by asking API v2 first: `{venue}/-/Submission` (or the submission
invitation the v2 venue group names), which keeps withdrawn and desk-rejected notes. Else API v1
(ICLR 2017–2022, NeurIPS before 2023, many workshops): `{venue}/-/Blind_Submission`, else
`…/-/Submission`, plus `…/-/Withdrawn_Submission` and `…/-/Desk_Rejected_Submission`, where v1
moves those. Then the profiles of every tilde author (`~First_Last1`) that no landed file holds
yet, 1,000 ids per `POST /profiles/search`, always from API v2. A profile can come back under
another id than the one asked for (a merged or renamed profile): it is keyed by the id returned.
Lines are the JSON the API returned (not openreview-py's `to_json()`, which drops `tcdate`,
`number` and more).

Where it lands. `<landing>/openreview/notes/<slug>.jsonl` and
`<landing>/openreview/profiles/<slug>.jsonl` (folders from the landing SOURCES; the slug is the
venue id with `/` as `_`). Work files live in `<landing>/openreview/.fetch/`, read by no build:
partial files, `<slug>.state.json` (API, invitations, counts, paging), `<slug>.profiles-asked`,
locks, and the shared throttle's clock.

Resuming. A landing file is only ever created by renaming a complete partial file, so a build
never reads a half-written line. Records are appended to `.fetch/{notes,profiles}/<slug>.jsonl
.partial` one page at a time, in one write followed by fsync; then the state file records where
paging stands (per invitation: `after` the last id, `sort=id`; or an offset where a server
ignores `after`). After a crash, kill or Ctrl-C, the next run cuts a torn last line off the
partial file and pages on from the state; a note whose id the partial file holds is never written
twice (the state lags the file by at most one page). Profile ids are recorded in
`<slug>.profiles-asked` after their batch is written, and ids held or asked are not asked again.
A venue whose two landing files exist and that has no partial file is complete: running it again
sends nothing, not even a login, unless `refresh`, which fetches it again into new partial files
and replaces the landing files when done (the old ones stay readable until then). A profile that
any other landing file (or another venue's unfinished fetch) holds is not landed again, so no
profile id is landed twice; profile phases of concurrent fetches take turns under a lock, and
two fetches of one venue at once are refused.

Faults. openreview-py's sessions get our transport: one try per request, each through a
client-side throttle (default 1.5 requests a minute, evenly spaced and shared by every process
fetching into the same landing dir through `.fetch/throttle`, as OpenReview allows about 98
requests an hour), with a timeout. 429 and 5xx (on GET, POST and login alike), connection
resets, timeouts and cut or garbled bodies are retried up to `max_attempts` times, waiting what
Retry-After (or the 429 body's `details.resetTime`) asks, else an exponential backoff; a wait
longer than `max_wait_seconds` stops the fetch with a message (run it again later: it resumes).
An anonymous caller's `403 ChallengeRequiredError` becomes `ChallengeRequired`.

Credentials. Only OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD, read with OPENREVIEW_BASEURL in
`OpenReviewSettings.from_env` and nowhere else. The password is sent to `/login` only; it is in
no file, log line, exception message we print, or Dagster metadata or config.
"""
