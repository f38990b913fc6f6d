"""Runs every asset in-process through Dagster: shared by `talentflow build` and the tests."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import BUILD_JOB, build_definitions
from orchestration.project import prepare_manifest
from orchestration.settings import Settings


def run_build(
    settings: Settings, instance: dg.DagsterInstance | None = None, progress: bool = False
) -> dg.ExecuteInProcessResult:
    """Materialize every asset (and run every check) of the code location for `settings`,
    recording the run in `instance` (an ephemeral one when None). With `progress`, a live bar
    stands in for the console log."""
    prepare_manifest(settings)
    job = build_definitions(settings).resolve_job_def(BUILD_JOB)
    loggers = (
        {"progress": {"config": {"steps": len(job.graph.nodes)}}}
        if progress
        else {"console": {"config": {"log_level": "INFO"}}}
    )
    return job.execute_in_process(
        instance=instance, raise_on_error=False, run_config={"loggers": loggers}
    )


def failures(result: dg.ExecuteInProcessResult) -> list[str]:
    """One entry per failed step and per failed check, with what failed and sample rows."""
    steps = [
        f"step {event.step_key}: {event.event_specific_data.error.message.strip()}"
        for event in result.all_events
        if event.is_step_failure
    ]
    checks = [
        f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed:\n"
        + "\n".join(f"  {key}: {value.value}" for key, value in evaluation.metadata.items())
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]
    return steps + checks


def landing_warnings(result: dg.ExecuteInProcessResult) -> list[str]:
    """What landing warned of, and every source that landed no rows, one line each."""
    lines = []
    for event in result.get_asset_materialization_events():
        if event.asset_key.path[0] != "raw":
            continue
        metadata = event.materialization.metadata
        source = event.asset_key.to_user_string()
        if "rows_landed" in metadata and metadata["rows_landed"].value == 0:
            lines.append(f"{source}: landed no rows")
        warnings = metadata.get("warnings", dg.MetadataValue.md("")).value
        lines += [f"{source}: {w[2:]}" for w in str(warnings).splitlines() if w.startswith("- ")]
    return lines
