"""Shared fixtures: the dbt manifest is prepared once; every test gets its own temporary
landing dir, warehouse and publish dir, and never writes into the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.settings import REPO_ROOT, Settings

# Real and constructed OpenReview records; provenance in tests/fixtures/openreview_real/SOURCES.md.
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "openreview_real"


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest():
    """Importing the project prepares the manifest, once, before any test loads definitions."""
    import orchestration.project  # noqa: F401


def environment(root: Path, landing: Path, as_of_year: int = 2025, **extra: str) -> dict:
    """The settings of a warehouse and publish dir in `root` for `landing`, as variables."""
    return {
        "TALENTFLOW_LANDING_DIR": str(landing),
        "TALENTFLOW_WAREHOUSE": str(root / "warehouse.duckdb"),
        "TALENTFLOW_PUBLISH_DIR": str(root / "published"),
        "TALENTFLOW_AS_OF_YEAR": str(as_of_year),
        "TALENTFLOW_HOME_COUNTRY": "CN",
        **extra,
    }


def set_environment(monkeypatch: pytest.MonkeyPatch, variables: dict) -> Settings:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def build(root: Path, landing: Path, as_of_year: int = 2025):
    """Build `landing` into `root` through the real assets (for module-scoped fixtures)."""
    from orchestration.runner import failures, run_build

    with pytest.MonkeyPatch.context() as monkeypatch:
        result = run_build(set_environment(monkeypatch, environment(root, landing, as_of_year)))
    assert result.success, failures(result)
    return result


@pytest.fixture
def make_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings for a fresh warehouse in tmp_path, exported to the environment as dbt needs."""

    def make(landing_dir: Path, as_of_year: int = 2025, **extra: str) -> Settings:
        return set_environment(monkeypatch, environment(tmp_path, landing_dir, as_of_year, **extra))

    return make
