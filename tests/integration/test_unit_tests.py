"""The dbt unit tests (each rule of the methodology on fixed inputs) run in `make test`, through
`talentflow unit-tests` on a built warehouse, and not in builds, which test the data."""

from __future__ import annotations

import json
import re

from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import run_talentflow


def unit_tests_in_the_project() -> int:
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    return len(manifest["unit_tests"])


def test_every_unit_test_runs_and_passes_on_the_built_warehouse(small_world_build):
    root, _ = small_world_build
    run = run_talentflow(root, "unit-tests")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    [(passed, total)] = re.findall(
        r"PASS=(\d+) WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=(\d+)", run.stdout
    )
    assert int(passed) == int(total) == unit_tests_in_the_project() > 20
