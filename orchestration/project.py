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


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any file of the dbt project."""
    if not dbt_project.manifest_path.exists():
        return True
    built = dbt_project.manifest_path.stat().st_mtime
    sources = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
    return any(
        path.stat().st_mtime > built
        for name in sources
        for path in [DBT_PROJECT_DIR / name, *(DBT_PROJECT_DIR / name).rglob("*")]
        if path.is_file()
    )


def prepare_manifest() -> None:
    """Headless runs prepare the manifest themselves: prepare_if_dev only acts under dagster dev."""
    if manifest_is_stale():
        dbt_project.preparer.prepare(dbt_project)


prepare_manifest()
