"""The Dagster resource around the official openreview-py clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dagster as dg
from pydantic import Field

from orchestration.fetch.client import DEFAULT_REQUESTS_PER_MINUTE, OpenReviewApi
from orchestration.settings import OpenReviewSettings


class OpenReviewResource(dg.ConfigurableResource):
    """OpenReview API v2, and v1 for venues that live only there. Credentials are never part of
    this configuration (the Dagster UI shows it): they are read from OPENREVIEW_USERNAME and
    OPENREVIEW_PASSWORD when a client is made."""

    baseurl: str | None = Field(
        default=None, description="API v2 URL; default OPENREVIEW_BASEURL, else api2.openreview.net"
    )
    baseurl_v1: str | None = Field(
        default=None, description="API v1 URL; default: derived from API v2's (api2. → api.)"
    )
    requests_per_minute: float = Field(
        default=DEFAULT_REQUESTS_PER_MINUTE, gt=0, description="client-side throttle"
    )
    page_size: int = Field(default=1000, ge=1, le=1000, description="notes per request")
    profile_batch_size: int = Field(default=1000, ge=1, le=1000, description="ids per search")
    max_attempts: int = Field(default=6, ge=1, description="tries per request")
    backoff_seconds: float = Field(default=2.0, ge=0, description="first wait without Retry-After")
    max_wait_seconds: float = Field(
        default=1800.0, ge=0, description="a longer Retry-After stops the fetch (it resumes later)"
    )
    timeout_seconds: float = Field(default=120.0, gt=0)

    def connect(
        self, log: Callable[[str], None] | None = None, throttle_file: Path | None = None
    ) -> OpenReviewApi:
        """A new API handle; nothing is sent until the first call. Handles given the same
        `throttle_file` (any process) share one request rate."""
        settings = OpenReviewSettings.from_env()
        if self.baseurl:
            settings = OpenReviewSettings(self.baseurl, settings.username, settings.password)
        return OpenReviewApi(
            settings,
            baseurl_v1=self.baseurl_v1,
            requests_per_minute=self.requests_per_minute,
            max_attempts=self.max_attempts,
            backoff_seconds=self.backoff_seconds,
            max_wait_seconds=self.max_wait_seconds,
            timeout_seconds=self.timeout_seconds,
            log=log,
            throttle_file=throttle_file,
        )
