"""Every setting of talentflow, read from the environment in this one place and passed down.
What each one means for the numbers: docs/methodology.md.

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
# dbt lives beside this interpreter, in the virtualenv, which need not be activated; builds
# start it through talentflow-dbt (orchestration/dbt_child.py), which dies with them.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
DBT_CHILD_EXECUTABLE = str(Path(sys.executable).parent / "talentflow-dbt")
DEFAULT_OPENREVIEW_BASEURL = "https://api2.openreview.net"
# Who asked to be left out of the data (docs/methodology.md#opt-outs); a setting, so that tests
# and forks can point elsewhere.
OPT_OUTS_CSV = REPO_ROOT / "opt_outs.csv"
# The analysts' corrections (docs/methodology.md#corrections), likewise.
CORRECTIONS_YML = REPO_ROOT / "corrections.yml"
# Written by `talentflow sample` into the landing dir: the as-of year the sample is calibrated for.
SAMPLE_INFO = "talentflow_sample.json"


def _path(value: str | None, default: str) -> Path:
    """Relative paths are taken from the repo root, so every command works from any directory."""
    path = Path(value or default).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def _sample_year(landing_dir: Path) -> int:
    info = landing_dir / SAMPLE_INFO
    return json.loads(info.read_text())["as_of_year"] if info.exists() else dt.date.today().year


def _flag(value: str) -> bool:
    return value == "1"


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
    # Published snapshots kept (the current one always stays).
    keep_snapshots: int = 5
    # A mart losing more than this share of its rows against the current snapshot, or a
    # source landing empty that the current snapshot had rows from, blocks the publish...
    max_shrink_share: float = 0.5
    # ...unless the user accepts it (talentflow build --accept-shrink).
    accept_shrink: bool = False
    # Published aggregate cells counting fewer people than this are suppressed.
    min_cell_size: int = 5
    # DuckDB's memory limit in every process that opens the warehouse (dbt, landing, splink);
    # larger steps spill to a temp directory beside the warehouse instead of growing.
    duckdb_memory_limit: str = "3GB"
    # Tests only: "before_current" kills the build between the two halves of a publish.
    publish_fault: str | None = None
    # A year outside earliest_plausible_year..as_of_year + 1 is out of range.
    earliest_plausible_year: int = 1950
    # is_llm_era and the `llm` era start in this year (docs/methodology.md#metrics).
    llm_era_start_year: int = 2023
    # splink pairs at or above this match probability are link candidates.
    link_threshold: float = 0.9
    # The calendar year of the build: marts mark it (and later years) as partial.
    current_year: int = field(default_factory=lambda: dt.date.today().year)
    # An open-ended spell whose record was last modified more than this many years before
    # AS_OF_YEAR is stale (docs/methodology.md#staleness).
    stale_after_years: int = 3
    # `talentflow sensitivity` only: stale open spells end at their record's last edit.
    cut_stale_spells: bool = False
    # moves.seniority_is_senior: a senior title, or this many years since the first job, or
    # since the PhD (docs/methodology.md#moves).
    senior_after_job_years: int = 10
    senior_after_phd_years: int = 5
    opt_outs_file: Path = OPT_OUTS_CSV
    corrections_file: Path = CORRECTIONS_YML

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of the environment. AS_OF_YEAR, when unset, is the year a generated
        sample in the landing dir was calibrated for, else the current year."""
        env = os.environ if environ is None else environ
        landing_dir = _path(env.get("TALENTFLOW_LANDING_DIR"), "data/landing")
        optional = {  # field: (variable, parser); unset variables keep the field's default
            "home_country": ("TALENTFLOW_HOME_COUNTRY", str.upper),
            "max_line_bytes": ("TALENTFLOW_MAX_LINE_BYTES", int),
            "max_rejected_share": ("TALENTFLOW_MAX_REJECTED_SHARE", float),
            "publish_identifiers": ("TALENTFLOW_PUBLISH_IDENTIFIERS", _flag),
            "pseudonym_key": ("TALENTFLOW_PSEUDONYM_KEY", str),
            "keep_snapshots": ("TALENTFLOW_KEEP_SNAPSHOTS", int),
            "max_shrink_share": ("TALENTFLOW_MAX_SHRINK_SHARE", float),
            "accept_shrink": ("TALENTFLOW_ACCEPT_SHRINK", _flag),
            "min_cell_size": ("TALENTFLOW_MIN_CELL_SIZE", int),
            "publish_fault": ("TALENTFLOW_PUBLISH_FAULT", str),
            "duckdb_memory_limit": ("TALENTFLOW_DUCKDB_MEMORY_LIMIT", str),
            "stale_after_years": ("TALENTFLOW_STALE_AFTER_YEARS", int),
            "opt_outs_file": ("TALENTFLOW_OPT_OUTS", lambda value: _path(value, "")),
            "corrections_file": ("TALENTFLOW_CORRECTIONS", lambda value: _path(value, "")),
        }
        return cls(
            landing_dir=landing_dir,
            warehouse=_path(env.get("TALENTFLOW_WAREHOUSE"), "data/warehouse.duckdb"),
            publish_dir=_path(env.get("TALENTFLOW_PUBLISH_DIR"), "data/published"),
            as_of_year=int(env.get("TALENTFLOW_AS_OF_YEAR") or _sample_year(landing_dir)),
            dagster_home=_path(env.get("DAGSTER_HOME"), "data/dagster"),
            **{name: parse(env[var]) for name, (var, parse) in optional.items() if env.get(var)},
        )

    @property
    def duckdb_config(self) -> dict[str, str]:
        """DuckDB settings of every connection to the warehouse."""
        return {
            "memory_limit": self.duckdb_memory_limit,
            "temp_directory": str(self.warehouse.parent / f"{self.warehouse.name}.tmp"),
        }

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
                "duckdb_memory_limit": self.duckdb_config["memory_limit"],
                "duckdb_temp_directory": self.duckdb_config["temp_directory"],
                "as_of_year": self.as_of_year,
                "home_country": self.home_country,
                "earliest_plausible_year": self.earliest_plausible_year,
                "llm_era_start_year": self.llm_era_start_year,
                "link_threshold": self.link_threshold,
                "current_year": self.current_year,
                "stale_after_years": self.stale_after_years,
                "cut_stale_spells": self.cut_stale_spells,
                "senior_after_job_years": self.senior_after_job_years,
                "senior_after_phd_years": self.senior_after_phd_years,
            },
            sort_keys=True,
        )


def relocated_dbt_vars(dbt_vars: str) -> tuple[Path, str]:
    """The folder of the warehouse that `dbt_vars` names, and the vars with the warehouse and
    its temp directory relative to that folder (orchestration/dbt_child.py runs dbt there)."""
    values = json.loads(dbt_vars)
    warehouse = Path(values["warehouse"])
    values["warehouse"] = warehouse.name
    values["duckdb_temp_directory"] = os.path.relpath(
        values["duckdb_temp_directory"], warehouse.parent
    )
    return warehouse.parent, json.dumps(values, sort_keys=True)


@dataclass(frozen=True)
class OpenReviewSettings:
    """Where the API is and who logs in. The password never appears in repr() or str()."""

    baseurl: str = DEFAULT_OPENREVIEW_BASEURL
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> OpenReviewSettings:
        """OPENREVIEW_USERNAME, OPENREVIEW_PASSWORD and OPENREVIEW_BASEURL (default api2), read
        when a client connects: credentials live in no configuration and no file."""
        env = os.environ if environ is None else environ
        return cls(
            baseurl=(env.get("OPENREVIEW_BASEURL") or DEFAULT_OPENREVIEW_BASEURL).rstrip("/"),
            username=env.get("OPENREVIEW_USERNAME") or None,
            password=env.get("OPENREVIEW_PASSWORD") or None,
        )

    @property
    def has_credentials(self) -> bool:
        return bool(self.username and self.password)
