"""Every setting of CONTRACT §2, read from the environment in this one place."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# The ROR subset (CC0) the organization registry is built on; see its SOURCES.md.
ROR_CSV = DBT_PROJECT_DIR / "reference" / "ror" / "ror_subset.csv"


def _path(name: str, default: str) -> Path:
    """Relative paths are taken from the repo root, so every command works from any directory."""
    path = Path(os.environ.get(name) or default).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse: Path
    publish_dir: Path
    as_of_year: int
    home_country: str
    max_line_bytes: int
    max_rejected_share: float
    publish_identifiers: bool

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            landing_dir=_path("TALENTFLOW_LANDING_DIR", "data/landing"),
            warehouse=_path("TALENTFLOW_WAREHOUSE", "data/warehouse.duckdb"),
            publish_dir=_path("TALENTFLOW_PUBLISH_DIR", "data/published"),
            as_of_year=int(os.environ.get("TALENTFLOW_AS_OF_YEAR") or dt.date.today().year),
            home_country=(os.environ.get("TALENTFLOW_HOME_COUNTRY") or "CN").upper(),
            # DuckDB's read_json default maximum_object_size; a longer line is rejected.
            max_line_bytes=int(os.environ.get("TALENTFLOW_MAX_LINE_BYTES") or 16 * 1024 * 1024),
            max_rejected_share=float(os.environ.get("TALENTFLOW_MAX_REJECTED_SHARE") or 0.05),
            publish_identifiers=os.environ.get("TALENTFLOW_PUBLISH_IDENTIFIERS") == "1",
        )

    def environment(self) -> dict[str, str]:
        """The resolved settings as the environment variables dbt reads."""
        return {
            "TALENTFLOW_LANDING_DIR": str(self.landing_dir),
            "TALENTFLOW_WAREHOUSE": str(self.warehouse),
            "TALENTFLOW_PUBLISH_DIR": str(self.publish_dir),
            "TALENTFLOW_AS_OF_YEAR": str(self.as_of_year),
            "TALENTFLOW_HOME_COUNTRY": self.home_country,
        }
