"""The one DbtProject. Its manifest is generated (dbt parse), never committed."""

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

# dagster-dbt looks for `dbt` on PATH; it lives beside this interpreter, in the virtualenv,
# which need not be activated (`.venv/bin/talentflow`).
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def prepare_manifest(force: bool = False) -> None:
    """Headless runs prepare the manifest themselves: prepare_if_dev only acts under dagster dev."""
    if force or not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)


prepare_manifest()
