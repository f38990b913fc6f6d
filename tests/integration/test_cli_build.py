"""Issue 13: a build as a person runs it — clean output that ends with the result, and runs the
Dagster UI shows afterwards (the instance `make dev` serves)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from tests import small_world
from tests.conftest import MARTS, environment


def test_a_build_prints_no_noise_ends_with_its_result_and_shows_in_the_ui(tmp_path):
    env = environment(tmp_path, small_world.write(tmp_path / "landing"), small_world.AS_OF)
    built = subprocess.run(
        [str(Path(sys.executable).parent / "talentflow"), "build"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    output = built.stdout + built.stderr
    assert "nanobind" not in output and "leaked" not in output
    lines = built.stderr.rstrip().splitlines()
    [start] = [i for i, line in enumerate(lines) if line.startswith("build succeeded: snapshot ")]
    result = lines[start + 1 :]
    assert [line.split()[0] for line in result[: len(MARTS)]] == sorted(MARTS)
    assert result[len(MARTS)].startswith("  rejected lines: career_profiles 0")
    assert result[-1] == f"  report:    {tmp_path / 'published' / 'current' / 'report.html'}"

    # the instance under DAGSTER_HOME holds the run: every mart materialized, every check passed
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        [run] = instance.get_runs()
        assert run.is_success
        for key in (
            ["marts", "researcher_cohorts"],
            ["published", "marts"],
            ["raw", "github_users"],
        ):
            assert instance.get_latest_materialization_event(dg.AssetKey(key)) is not None
        evaluations = [
            event.dagster_event.event_specific_data
            for event in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
        ]
        assert len(evaluations) > 50 and all(e.passed for e in evaluations)
        assert {"gx_researcher_cohorts", "not_shrunk", "not_emptied"} <= {
            e.check_name for e in evaluations
        }
