"""`talentflow fetch`: land OpenReview venues from the live API, with progress on the terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from orchestration.fetch.client import ChallengeRequired, FetchError
from orchestration.fetch.fetcher import fetch_venue, throttle_file
from orchestration.fetch.resource import OpenReviewResource

EXIT_FAILED = 1
EXIT_CREDENTIALS = 2
EXIT_INTERRUPTED = 130


class TerminalReporter:
    """One progress bar per venue and kind on a terminal; nothing but messages elsewhere."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.enabled = stream.isatty()
        self.bars: dict[tuple[str, str], tqdm] = {}

    def progress(self, venue: str, kind: str, done: int, expected: int | None) -> None:
        if not self.enabled:
            return
        bar = self.bars.get((venue, kind))
        if bar is None:
            unit = "notes" if kind == "notes" else "ids"
            desc = f"{venue} {kind}"
            bar = tqdm(total=expected, desc=desc, unit=unit, file=self.stream, leave=True)
            self.bars[(venue, kind)] = bar
        bar.total = max(expected or 0, done)
        bar.n = done
        bar.refresh()

    def message(self, text: str) -> None:
        if self.enabled:
            tqdm.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def run(
    venues: Sequence[str],
    refresh: bool,
    landing_dir: Path | str,
    requests_per_minute: float | None = None,
    resource: OpenReviewResource | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Fetch `venues` into `landing_dir` (give Settings.landing_dir); `refresh` fetches landed
    venues again. Returns 0 when every venue landed, 2 when OpenReview wants a logged-in user,
    130 on Ctrl-C, 1 on any other failure (running the same command again resumes)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    resource = resource or OpenReviewResource()
    if requests_per_minute:
        values = {**resource.model_dump(), "requests_per_minute": requests_per_minute}
        resource = OpenReviewResource(**values)
    reporter = TerminalReporter(stderr)
    api = resource.connect(log=reporter.message, throttle_file=throttle_file(Path(landing_dir)))
    venue = None
    try:
        for venue in venues:
            result = fetch_venue(
                api,
                venue,
                Path(landing_dir),
                refresh=refresh,
                reporter=reporter,
                page_size=resource.page_size,
                profile_batch_size=resource.profile_batch_size,
            )
            reporter.close()
            notes = "landed before" if result.notes_skipped else f"{result.notes_fetched:,} new"
            profiles = (
                "landed before" if result.profiles_skipped else f"{result.profiles_fetched:,} new"
            )
            print(
                f"{venue} (API {result.api or '?'}): {result.notes_landed:,} notes ({notes}), "
                f"{result.profiles_landed:,} profiles ({profiles}); {result.requests} requests "
                f"in {result.seconds:.0f}s",
                file=stdout,
            )
    except ChallengeRequired as error:
        reporter.close()
        what = " ".join(str(error).split())
        if api.settings.has_credentials:
            line = (
                f"talentflow fetch: OpenReview answered {what} although logged in as "
                f"{api.settings.username}; sign in at openreview.net once, then run again"
            )
        else:
            line = (
                f"talentflow fetch: OpenReview refused an anonymous request ({what}); set "
                "OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD to fetch as a logged-in user"
            )
        print(line, file=stderr)
        return EXIT_CREDENTIALS
    except (FetchError, BlockingIOError) as error:
        reporter.close()
        what = " ".join(str(error).split())
        print(f"talentflow fetch: {venue}: {what} (run again to resume)", file=stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        reporter.close()
        print(f"talentflow fetch: interrupted during {venue}; run again to resume", file=stderr)
        return EXIT_INTERRUPTED
    finally:
        api.close()
    return 0
