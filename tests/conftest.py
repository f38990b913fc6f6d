"""Shared fixtures: the dbt manifest is prepared once; every test gets its own temporary
landing dir, warehouse and publish dir, and never writes into the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.settings import REPO_ROOT, Settings

# shared/ sits beside the repo, on a developer's machine and in CI alike.
FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "openreview_real"


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest():
    from orchestration.project import prepare_manifest

    prepare_manifest()


@pytest.fixture
def make_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings for a fresh warehouse in tmp_path, exported to the environment as dbt needs."""

    def make(landing_dir: Path, as_of_year: int = 2025, **env: str) -> Settings:
        values = {
            "TALENTFLOW_LANDING_DIR": str(landing_dir),
            "TALENTFLOW_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
            "TALENTFLOW_PUBLISH_DIR": str(tmp_path / "published"),
            "TALENTFLOW_AS_OF_YEAR": str(as_of_year),
            "TALENTFLOW_HOME_COUNTRY": "CN",
            **env,
        }
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return Settings.from_env()

    return make
