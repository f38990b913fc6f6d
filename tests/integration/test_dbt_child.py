"""talentflow-dbt (orchestration/dbt_child.py) runs dbt in the warehouse's folder, with the
warehouse named relative to it, so that every warehouse gives dbt the same vars and profile."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from orchestration.settings import DBT_CHILD_EXECUTABLE, DBT_PROJECT_DIR, relocated_dbt_vars
from tests.conftest import settings_for


def test_two_warehouses_give_dbt_the_same_vars():
    first = settings_for(Path("/srv/a"), Path("/srv/landing")).dbt_vars()
    second = settings_for(Path("/tmp/elsewhere/b"), Path("/srv/landing")).dbt_vars()
    assert first != second
    assert relocated_dbt_vars(first) == (Path("/srv/a"), relocated_dbt_vars(second)[1])
    relocated = json.loads(relocated_dbt_vars(first)[1])
    assert relocated["warehouse"] == "warehouse.duckdb"
    assert relocated["duckdb_temp_directory"] == "warehouse.duckdb.tmp"


def test_dbt_parses_for_a_warehouse_whose_folder_does_not_exist_yet(tmp_path):
    """As `make lint` does in a fresh clone, before any build made data/."""
    root = tmp_path / "not" / "yet"
    target = tmp_path / "target"
    run = subprocess.run(
        [
            DBT_CHILD_EXECUTABLE,
            "parse",
            "--quiet",
            "--vars",
            settings_for(root, tmp_path / "landing").dbt_vars(),
            "--target-path",
            str(target),
        ],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert root.is_dir() and (target / "manifest.json").exists()
    # dbt wrote its log where it was asked to (the project), not in the warehouse's folder
    assert list(root.iterdir()) == []
