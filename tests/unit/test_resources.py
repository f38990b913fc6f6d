"""The dbt CLI resource skips two start-up costs of dagster-dbt (orchestration/resources.py)."""

import inspect
import re
import subprocess

from dagster_dbt import DbtCliResource

from orchestration.project import dbt_project
from orchestration.resources import dbt_cli
from orchestration.settings import DBT_CHILD_EXECUTABLE


def test_the_skipped_start_up_steps_are_still_dagster_dbts():
    """An upgrade of dagster-dbt that renamed these would leave the overrides unused."""
    source = inspect.getsource(DbtCliResource.cli)
    assert "self._initialize_dbt_core_adapter(" in source
    assert "self._cli_version" in source


def test_no_adapter_is_built_in_process():
    assert dbt_cli(dbt_project())._initialize_dbt_core_adapter(["build"]) is None


def test_the_dbt_version_is_the_one_the_executable_reports():
    reported = subprocess.check_output([DBT_CHILD_EXECUTABLE, "--version"], text=True)
    core = re.search(r"installed: (\d+\.\d+\.\d+)", reported).group(1)
    assert str(dbt_cli(dbt_project())._cli_version) == core
