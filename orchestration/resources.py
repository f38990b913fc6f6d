"""Dagster resources. Every value comes from Settings, which reads the environment."""

from __future__ import annotations

import dataclasses
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
    publish_identifiers: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> TalentflowResource:
        values = dataclasses.asdict(settings)
        return cls(**{k: str(v) if isinstance(v, Path) else v for k, v in values.items()})

    @property
    def settings(self) -> Settings:
        paths = {f.name for f in dataclasses.fields(Settings) if f.type in ("Path", Path)}
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(Settings)}
        return Settings(**{k: Path(v) if k in paths else v for k, v in values.items()})

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
