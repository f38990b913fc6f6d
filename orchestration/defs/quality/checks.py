"""Every GX suite as a blocking Dagster asset check: a failure stops all that is downstream of
the checked table, so nothing half-checked reaches the marts or the published files."""

import json

import dagster as dg
import pandas as pd

from orchestration.defs.quality.suites import Suite, load_suites, validate
from orchestration.settings import Settings


def _check(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(suite.asset_key)),
        name=f"gx_{suite.name}",
        description=f"Great Expectations suite {suite.name}: {suite.description}",
        blocking=True,
    )
    def run_suite(talentflow: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        failures = validate(suite, talentflow)
        metadata = {"suite": suite.name}
        if failures:
            metadata["failed_expectations"] = dg.MetadataValue.md(
                pd.DataFrame(
                    [
                        {
                            "expectation": f.expectation,
                            "column": f.column,
                            "unexpected_count": f.unexpected_count,
                            "sample_failing_rows": json.dumps(f.sample, default=str)[:2000],
                        }
                        for f in failures
                    ]
                ).to_markdown(index=False)
            )
        return dg.AssetCheckResult(
            passed=not failures,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=metadata,
        )

    return run_suite


gx_checks = [_check(suite) for suite in load_suites()]
