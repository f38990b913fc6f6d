"""Dagster resources: the Settings themselves (resource `talentflow`), the warehouse connection
they describe, and the dbt CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster_dbt import DbtCliResource, DbtProject

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


def dbt_cli(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(
        project_dir=project,
        profiles_dir=str(project.project_dir),
        dbt_executable=DBT_CHILD_EXECUTABLE,
    )
