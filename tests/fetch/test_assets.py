"""The partitioned Dagster asset, its schedule and sensor, and the small pure parts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import pytest
import requests

from orchestration.defs.fetch.assets import (
    build_automation,
    openreview_new_venues,
    openreview_venue,
    openreview_weekly_fetch,
    venue_partitions,
)
from orchestration.fetch.client import _retry_after
from orchestration.fetch.fetcher import VenueFiles
from orchestration.fetch.resource import OpenReviewResource
from orchestration.fetch.urls import derive_v1_baseurl
from orchestration.fetch.venues import default_venues, venue_slug
from orchestration.settings import OpenReviewSettings, Settings
from tests.fetch.conftest import PASSWORD, V1_VENUE, V2_VENUE, resource_for


def settings_for(tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "TALENTFLOW_LANDING_DIR": str(tmp_path / "landing"),
            "TALENTFLOW_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
            "TALENTFLOW_PUBLISH_DIR": str(tmp_path / "published"),
            "DAGSTER_HOME": str(tmp_path / "dagster"),
        }
    )


def test_the_asset_materializes_one_venue_partition(replay, credentials, tmp_path):
    settings = settings_for(tmp_path)
    resource = resource_for(replay)
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(venue_partitions.name, [V2_VENUE, V1_VENUE])
        result = dg.materialize(
            [openreview_venue],
            partition_key=V2_VENUE,
            instance=instance,
            resources={"openreview": resource, "talentflow": settings},
        )
        assert result.success
        [materialization] = result.asset_materializations_for_node(openreview_venue.op.name)
        assert materialization.partition == V2_VENUE
        metadata = {k: v.value for k, v in materialization.metadata.items()}
        assert metadata["notes_landed"] == metadata["notes_expected"] == 24
        assert metadata["profiles_landed"] == 25 and metadata["api"] == "v2"
        observations = [
            e.event_specific_data.asset_observation
            for e in result.all_events
            if e.event_type == dg.DagsterEventType.ASSET_OBSERVATION
        ]
        assert observations and observations[-1].metadata["profiles_done"].value == 26  # ids asked
        # the password is in no event, metadata or log of the run, nor in the resource config
        records = instance.all_logs(result.run_id)
        assert records and not any(PASSWORD in str(record) for record in records)
        assert PASSWORD not in repr(resource) + str(resource.model_dump())
        assert instance.get_materialized_partitions(openreview_venue.key) == {V2_VENUE}
    files = VenueFiles(settings.landing_dir, V2_VENUE)
    assert files.notes.exists() and files.profiles.exists()


def test_a_guest_run_fails_with_the_credentials_hint(replay, guest, tmp_path):
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(venue_partitions.name, [V2_VENUE])
        result = dg.materialize(
            [openreview_venue],
            partition_key=V2_VENUE,
            instance=instance,
            resources={"openreview": resource_for(replay), "talentflow": settings_for(tmp_path)},
            raise_on_error=False,
        )
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert "OPENREVIEW_USERNAME" in str(failure.event_specific_data.error)


def test_schedule_and_sensor_are_stopped_and_request_new_venues(tmp_path):
    assert openreview_weekly_fetch.default_status == dg.DefaultScheduleStatus.STOPPED
    assert openreview_new_venues.default_status == dg.DefaultSensorStatus.STOPPED
    weekly, sensor = build_automation(lambda: [V2_VENUE, V1_VENUE])
    defs = dg.Definitions(
        assets=[openreview_venue],
        schedules=[weekly],
        sensors=[sensor],
        resources={"openreview": OpenReviewResource(), "talentflow": settings_for(tmp_path)},
    )
    dg.Definitions.validate_loadable(defs)
    with dg.instance_for_test() as instance:  # schedules need an instance ref
        result = sensor(dg.build_sensor_context(instance=instance))
        [add] = result.dynamic_partitions_requests
        assert list(add.partition_keys) == [V2_VENUE, V1_VENUE]
        assert [r.partition_key for r in result.run_requests] == [V2_VENUE, V1_VENUE]
        # the schedule adds venues itself, and asks again for what is not materialized
        instance.add_dynamic_partitions(venue_partitions.name, [V2_VENUE])
        instance.report_runless_asset_event(
            dg.AssetMaterialization(openreview_venue.key, partition=V2_VENUE)
        )
        when = dt.datetime(2026, 11, 30, 4, tzinfo=dt.UTC)
        requests_ = weekly(dg.build_schedule_context(instance, scheduled_execution_time=when))
        requests_ = requests_ if isinstance(requests_, list) else [requests_]
        assert [(r.partition_key, r.run_key) for r in requests_] == [
            (V1_VENUE, f"{V1_VENUE}@2026-W49")
        ]
        assert set(instance.get_dynamic_partitions(venue_partitions.name)) == {V2_VENUE, V1_VENUE}


def test_default_venues():
    venues = default_venues(2026)
    assert venues[0] == "ICLR.cc/2017/conference" and len(venues) == len(set(venues))
    assert {"ICLR.cc/2022/Conference", "NeurIPS.cc/2025/Conference"} <= set(venues)
    assert "ICML.cc/2023/Conference" in venues and "ICML.cc/2022/Conference" not in venues


def test_venue_slug_and_v1_url():
    assert venue_slug("ICLR.cc/2024/Conference") == "ICLR.cc_2024_Conference"
    assert venue_slug("NeurIPS.cc/2023/Track/Datasets_and_Benchmarks") == (
        "NeurIPS.cc_2023_Track_Datasets_and_Benchmarks"
    )
    with pytest.raises(ValueError):
        venue_slug("../")
    assert derive_v1_baseurl("https://api2.openreview.net") == "https://api.openreview.net"
    assert derive_v1_baseurl("https://api2.dev.openreview.net/") == "https://api.dev.openreview.net"
    assert derive_v1_baseurl("http://127.0.0.1:9000") == "http://127.0.0.1:9000"


def test_settings_come_from_the_three_variables_and_hide_the_password():
    settings = OpenReviewSettings.from_env(
        {"OPENREVIEW_USERNAME": "u", "OPENREVIEW_PASSWORD": PASSWORD, "HOME": "/x"}
    )
    assert settings.baseurl == "https://api2.openreview.net" and settings.has_credentials
    assert PASSWORD not in repr(settings) + str(settings)
    assert OpenReviewSettings.from_env({"OPENREVIEW_BASEURL": "http://h/"}).baseurl == "http://h"


def _response(status: int, headers: dict, body: bytes = b"") -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, body
    response.headers.update(headers)
    return response


def test_retry_after_reads_seconds_dates_and_reset_times():
    assert _retry_after(_response(429, {"Retry-After": "7"})) == 7
    in_a_minute = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    date = in_a_minute.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 50 < _retry_after(_response(429, {"Retry-After": date})) <= 60
    reset = in_a_minute.isoformat().replace("+00:00", "Z")
    body = f'{{"name": "RateLimitError", "details": {{"resetTime": "{reset}"}}}}'.encode()
    assert 50 < _retry_after(_response(429, {}, body)) <= 60
    assert _retry_after(_response(429, {}, b"not json")) is None
