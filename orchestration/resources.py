"""Dagster resources: the Settings themselves (resource `talentflow`), the warehouse connection
they describe, and the dbt CLI."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib import metadata

import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.settings import DBT_CHILD_EXECUTABLE, Settings


@contextmanager
def connect(settings: Settings, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the working warehouse, closed afterwards (DuckDB has one writer)."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        str(settings.warehouse), read_only=read_only, config=settings.duckdb_config
    )
    try:
        yield con
    finally:
        con.close()


class TalentflowDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without two start-up costs of its own (about 4 s of a build):
    - the dbt adapter it builds in-process at every call (1.5 s at the first, about 0.5 s at
      each later one, loading dbt's macros). It serves only `fetch_column_metadata` and
      `fetch_row_counts`, which the build does not use: it counts rows itself, once dbt has let
      go of the warehouse;
    - `dbt --version` in a subprocess (about 2 s, once) to learn dbt's version: our executable
      runs the installed dbt-core, whose version the package metadata gives.
    tests/unit/test_resources.py fails if dagster-dbt renames either, leaving these unused."""

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))


def dbt_cli(project: DbtProject) -> DbtCliResource:
    return TalentflowDbtCli(
        project_dir=project,
        profiles_dir=str(project.project_dir),
        dbt_executable=DBT_CHILD_EXECUTABLE,
    )
