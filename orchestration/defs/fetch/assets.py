"""OpenReview venues fetched into the landing zone: one partition per venue id, a weekly schedule
and a sensor that materialize new venue partitions (both stopped until turned on)."""

import datetime as dt
from collections.abc import Callable, Sequence

import dagster as dg

from orchestration.fetch.client import ChallengeRequired, FetchError
from orchestration.fetch.fetcher import fetch_venue, throttle_file
from orchestration.fetch.resource import OpenReviewResource
from orchestration.fetch.venues import default_venues
from orchestration.settings import Settings

venue_partitions = dg.DynamicPartitionsDefinition(name="openreview_venues")


class FetchConfig(dg.Config):
    refresh: bool = False  # fetch the venue again, replacing its files


class _DagsterReporter:
    """Progress in the run's log and, live, as observations of the partition."""

    def __init__(self, context: dg.AssetExecutionContext):
        self.context = context

    def progress(self, venue: str, kind: str, done: int, expected: int | None) -> None:
        self.context.log.info(f"{venue} {kind}: {done:,} of {expected or 0:,}")
        self.context.log_event(
            dg.AssetObservation(
                asset_key=self.context.asset_key,
                partition=venue,
                metadata={f"{kind}_done": done, f"{kind}_expected": expected or 0},
            )
        )

    def message(self, text: str) -> None:
        self.context.log.warning(text)


@dg.asset(
    key=["openreview", "fetched_venue"],
    group_name="fetch",
    partitions_def=venue_partitions,
    description="Every submission of one OpenReview venue (API v2, or v1 for older venues) and "
    "the profiles of its authors not landed yet, written as JSONL into the landing zone. "
    "Landed records are not fetched again unless `refresh`; an interrupted fetch resumes.",
)
def openreview_venue(
    context: dg.AssetExecutionContext,
    config: FetchConfig,
    openreview: OpenReviewResource,
    talentflow: dg.ResourceParam[Settings],
) -> dg.MaterializeResult:
    venue = context.partition_key
    reporter = _DagsterReporter(context)
    api = openreview.connect(
        log=reporter.message, throttle_file=throttle_file(talentflow.landing_dir)
    )
    try:
        result = fetch_venue(
            api,
            venue,
            talentflow.landing_dir,
            refresh=config.refresh,
            reporter=reporter,
            page_size=openreview.page_size,
            profile_batch_size=openreview.profile_batch_size,
        )
    except ChallengeRequired as error:
        raise dg.Failure(
            description=f"OpenReview refused the request ({error}): set OPENREVIEW_USERNAME and "
            "OPENREVIEW_PASSWORD where Dagster runs",
            allow_retries=False,
        ) from None
    except (FetchError, BlockingIOError) as error:
        raise dg.Failure(description=f"{venue}: {error} (materialize again to resume)") from None
    finally:
        api.close()
    metadata = result.metadata()
    files = metadata.pop("files")
    return dg.MaterializeResult(
        metadata={
            **metadata,
            "dagster/row_count": result.notes_landed,
            "notes_file": dg.MetadataValue.path(files[0]),
            "profiles_file": dg.MetadataValue.path(files[1]),
        }
    )


def _plan(instance: dg.DagsterInstance, venues: Sequence[str]) -> tuple[list[str], list[str]]:
    """Venues to add as partitions, and partitions (old and new) never materialized."""
    existing = list(instance.get_dynamic_partitions(venue_partitions.name))
    new = [venue for venue in dict.fromkeys(venues) if venue not in existing]
    done = instance.get_materialized_partitions(openreview_venue.key)
    return new, [venue for venue in [*existing, *new] if venue not in done]


def build_automation(
    venues: Callable[[], Sequence[str]],
) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    """A weekly schedule and an hourly sensor over the venue list `venues()`: each adds the
    listed venues as partitions and requests a run for every partition not materialized yet
    (the sensor once per venue, the schedule again every week until one succeeds)."""

    @dg.schedule(
        name="openreview_weekly_fetch",
        cron_schedule="0 4 * * 1",
        execution_timezone="UTC",
        target=openreview_venue,
        default_status=dg.DefaultScheduleStatus.STOPPED,
    )
    def weekly(context: dg.ScheduleEvaluationContext):
        new, pending = _plan(context.instance, venues())
        if new:  # schedules cannot return partition requests: add them directly
            context.instance.add_dynamic_partitions(venue_partitions.name, new)
        week = context.scheduled_execution_time.strftime("%G-W%V")
        if not pending:
            return dg.SkipReason("every venue partition is materialized")
        return [dg.RunRequest(partition_key=v, run_key=f"{v}@{week}") for v in pending]

    @dg.sensor(
        name="openreview_new_venues",
        target=openreview_venue,
        minimum_interval_seconds=3600,
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    def new_venues(context: dg.SensorEvaluationContext):
        new, pending = _plan(context.instance, venues())
        return dg.SensorResult(
            run_requests=[dg.RunRequest(partition_key=v, run_key=v) for v in pending],
            dynamic_partitions_requests=[venue_partitions.build_add_request(new)] if new else [],
        )

    return weekly, new_venues


openreview_weekly_fetch, openreview_new_venues = build_automation(
    lambda: default_venues(dt.date.today().year)
)
