"""The dbt project. Its manifest is generated (`dbt parse` with the build's `--vars`), never
committed, and prepared explicitly: by `talentflow build`, by the test session, and when the
code location loads (`dagster dev`). Parsing with the same vars as the build's dbt steps lets
each step parse partially instead of re-parsing the whole project; as dbt names the warehouse
relative to its folder (orchestration/dbt_child.py), a build of another warehouse does too."""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration.resources import dbt_cli
from orchestration.settings import DBT_PROJECT_DIR, Settings, relocated_dbt_vars

PROJECT_SOURCES = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# Beside the manifest: the vars it was parsed with.
VARS_STAMP = "talentflow_vars.json"


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR)


def prepare_manifest(settings: Settings) -> DbtProject:
    """The project, parsed for `settings` unless its manifest is current."""
    project = dbt_project()
    if not manifest_is_current(project, settings):
        dbt_cli(project).cli(
            ["parse", "--quiet", "--vars", settings.dbt_vars()],
            target_path=project.manifest_path.parent,
        ).wait()
        project.manifest_path.with_name(VARS_STAMP).write_text(_parsed_vars(settings))
    return project


def _parsed_vars(settings: Settings) -> str:
    """The vars dbt parses with (orchestration/dbt_child.py): the same for every warehouse."""
    return relocated_dbt_vars(settings.dbt_vars())[1]


def manifest_is_current(project: DbtProject, settings: Settings) -> bool:
    """Parsed with these vars, and after the last change to any file of the project."""
    stamp = project.manifest_path.with_name(VARS_STAMP)
    if not project.manifest_path.exists() or not stamp.exists():
        return False
    if stamp.read_text() != _parsed_vars(settings):
        return False
    built = project.manifest_path.stat().st_mtime
    return not any(
        path.stat().st_mtime > built
        for name in PROJECT_SOURCES
        for path in [DBT_PROJECT_DIR / name, *(DBT_PROJECT_DIR / name).rglob("*")]
        if path.is_file()
    )
