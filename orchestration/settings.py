"""Every setting of talentflow, read from the environment in this one place and passed down.

The methodology's constants (the earliest plausible year, the start of the LLM era, the link
threshold) live here too, so that dbt (as `--vars`), splink and the GX suites read one value.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# The ROR subset (CC0) the organization registry is built on; see its SOURCES.md.
ROR_CSV = DBT_PROJECT_DIR / "reference" / "ror" / "ror_subset.csv"
# dbt lives beside this interpreter, in the virtualenv, which need not be activated.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def _path(value: str | None, default: str) -> Path:
    """Relative paths are taken from the repo root, so every command works from any directory."""
    path = Path(value or default).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse: Path
    publish_dir: Path
    as_of_year: int
    # The Dagster instance that records headless builds and that `make dev` serves.
    dagster_home: Path = REPO_ROOT / "data" / "dagster"
    home_country: str = "CN"
    # DuckDB's read_json default maximum_object_size; a longer line is rejected.
    max_line_bytes: int = 16 * 1024 * 1024
    max_rejected_share: float = 0.05
    publish_identifiers: bool = False
    # Key of the pseudonyms in published files; None: a random key kept beside the warehouse.
    pseudonym_key: str | None = field(default=None, repr=False)
    # A year outside earliest_plausible_year..as_of_year + 1 is out of range (docs/methodology.md#bad-input).
    earliest_plausible_year: int = 1950
    # is_llm_era and the `llm` era start in this year (docs/methodology.md#metrics).
    llm_era_start_year: int = 2023
    # splink pairs at or above this match probability are link candidates (docs/methodology.md#organizations).
    link_threshold: float = 0.9

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        optional = {  # field: (variable, parser); unset variables keep the field's default
            "home_country": ("TALENTFLOW_HOME_COUNTRY", str.upper),
            "max_line_bytes": ("TALENTFLOW_MAX_LINE_BYTES", int),
            "max_rejected_share": ("TALENTFLOW_MAX_REJECTED_SHARE", float),
            "publish_identifiers": ("TALENTFLOW_PUBLISH_IDENTIFIERS", lambda v: v == "1"),
            "pseudonym_key": ("TALENTFLOW_PSEUDONYM_KEY", str),
        }
        return cls(
            landing_dir=_path(env.get("TALENTFLOW_LANDING_DIR"), "data/landing"),
            warehouse=_path(env.get("TALENTFLOW_WAREHOUSE"), "data/warehouse.duckdb"),
            publish_dir=_path(env.get("TALENTFLOW_PUBLISH_DIR"), "data/published"),
            as_of_year=int(env.get("TALENTFLOW_AS_OF_YEAR") or dt.date.today().year),
            dagster_home=_path(env.get("DAGSTER_HOME"), "data/dagster"),
            **{name: parse(env[var]) for name, (var, parse) in optional.items() if env.get(var)},
        )

    @property
    def min_year(self) -> int:
        return self.earliest_plausible_year

    @property
    def max_year(self) -> int:
        return self.as_of_year + 1

    def dbt_vars(self) -> str:
        """What dbt reads with var(), as the JSON of `--vars` (profiles.yml and the models)."""
        return json.dumps(
            {
                "warehouse": str(self.warehouse),
                "as_of_year": self.as_of_year,
                "home_country": self.home_country,
                "earliest_plausible_year": self.earliest_plausible_year,
                "llm_era_start_year": self.llm_era_start_year,
                "link_threshold": self.link_threshold,
            },
            sort_keys=True,
        )
