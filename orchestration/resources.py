"""Dagster resources. Every value comes from Settings, which reads the environment."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.settings import Settings


class TalentflowResource(dg.ConfigurableResource):
    """Paths and parameters of one warehouse (CONTRACT §2)."""

    landing_dir: str
    warehouse: str
    publish_dir: str
    as_of_year: int
    home_country: str
    max_line_bytes: int
    max_rejected_share: float

    @classmethod
    def from_settings(cls, settings: Settings) -> TalentflowResource:
        return cls(
            landing_dir=str(settings.landing_dir),
            warehouse=str(settings.warehouse),
            publish_dir=str(settings.publish_dir),
            as_of_year=settings.as_of_year,
            home_country=settings.home_country,
            max_line_bytes=settings.max_line_bytes,
            max_rejected_share=settings.max_rejected_share,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            landing_dir=Path(self.landing_dir),
            warehouse=Path(self.warehouse),
            publish_dir=Path(self.publish_dir),
            as_of_year=self.as_of_year,
            home_country=self.home_country,
            max_line_bytes=self.max_line_bytes,
            max_rejected_share=self.max_rejected_share,
        )

    @contextmanager
    def connect(self, read_only: bool = False):
        Path(self.warehouse).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.warehouse, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def export_to_dbt(self) -> None:
        """dbt runs as a subprocess that reads its settings from the environment
        (profiles.yml, macros/settings.sql): hand it this resource's values."""
        os.environ.update(self.settings.environment())
