"""dbt models as Dagster assets (dagster-dbt), in three ops cut by the graph, so that other
steps can stand between them: the entry layer (staging and the registry seeds); everything
upstream of the splink step (organization resolution, linkage records); everything downstream
of it (links, spells, metrics, marts). Blocking checks on staging stop everything after the
first op."""

import shutil
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.progress import PROGRESS
from orchestration.resources import connect
from orchestration.settings import Settings

PREVIEW_ROWS = 5
# The three steps, as dbt selections. The splink scores are a dbt source written by Dagster.
ENTRY_LAYER = "path:models/staging resource_type:seed"
AFTER_LINKING = "source:linking.splink_link_scores+"
# Builds check the data, not the SQL: dbt's unit tests run on fixed inputs, so they run in
# `make test` (`talentflow unit-tests`), not in every build, where they cost as much as the
# models of a small world (dbt's advice: unit tests in development and CI only).
WITHOUT_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
# Tables whose materializations carry more than a preview: what a reviewer of a build needs.
EXTRA_METADATA = {
    "intermediate.int_affiliations": {
        "resolved_share": "select sum(occurrences) filter (where resolution_method <> "
        "'unresolved') / sum(occurrences) from intermediate.int_affiliations",
    },
    "intermediate.int_unresolved_organizations": {
        "unresolved_names": "select org_id, name, category, occurrences "
        "from intermediate.int_unresolved_organizations order by occurrences desc, org_id "
        "limit 100",
    },
    "intermediate.int_correction_matches": {
        "corrections_by_kind": "select kind, count(*) as corrections, "
        "count(*) filter (where matches > 0) as applied, "
        "list(line order by line) filter (where matches = 0) as lines_matching_nothing "
        "from intermediate.int_correction_matches group by kind order by kind",
    },
    "intermediate.int_rejected_spells": {
        "rejected_by_reason": "select source, rejection_reason, count(*) as spells "
        "from intermediate.int_rejected_spells group by all order by spells desc",
    },
}


class TalentflowDbtTranslator(DagsterDbtTranslator):
    """Models and seeds are keyed by their schema, as they sit in the warehouse
    (`staging/stg_openreview__profiles`, `marts/researcher_cohorts`) and grouped by layer."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dbt_resource_props["schema"]
        return super().get_group_name(dbt_resource_props)


translator = TalentflowDbtTranslator()


def run_dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, talentflow: Settings
) -> Iterator[Any]:
    """`dbt build` of the selected nodes; each materialization gets its row count and a preview.

    dbt holds the DuckDB file while it runs, so the tables are read after it has finished."""
    invocation = dbt.cli(
        ["build", *WITHOUT_UNIT_TESTS, "--vars", talentflow.dbt_vars()],
        context=context,
        raise_on_error=False,
    )
    events = []
    for event in invocation.stream():
        events.append(event)
        if isinstance(event, dg.Output | dg.AssetCheckResult):
            PROGRESS.info(f"dbt {len(events)}: {_name(event)}")
    with connect(talentflow, read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
                event = _with_table_metadata(con, key, event, context.assets_def.specs_by_key[key])
            yield event
    # failed tests and models are reported above, as check results and logs; then fail the step
    # (dbt's target folder of this call stays then, for its debug log)
    if not invocation.is_successful():
        raise invocation.get_error()
    shutil.rmtree(invocation.target_path, ignore_errors=True)


def _name(event: dg.Output | dg.AssetCheckResult) -> str:
    return event.output_name if isinstance(event, dg.Output) else event.check_name


def _with_table_metadata(con, key: dg.AssetKey, event: dg.Output, spec: dg.AssetSpec) -> dg.Output:
    relation = ".".join(key.path)
    [(rows,)] = con.execute(f"select count(*) from {relation}").fetchall()
    preview = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}").df()
    extra = {}
    for name, query in EXTRA_METADATA.get(relation, {}).items():
        frame = con.execute(query).df()
        extra[name] = (
            dg.MetadataValue.float(float(frame.iat[0, 0] or 0))
            if frame.shape == (1, 1)
            else dg.MetadataValue.md(frame.to_markdown(index=False))
        )
    schema = spec.metadata.get("dagster/column_schema")
    if key.path[0] == "marts" and schema:
        # what each column means, from the dbt docs, beside the rows (the marts readers use)
        extra["columns"] = dg.MetadataValue.md(
            "| column | meaning |\n| --- | --- |\n"
            + "\n".join(f"| {c.name} | {c.description or ''} |" for c in schema.columns)
        )
    return event.with_metadata(
        {
            **event.metadata,
            "dagster/row_count": rows,
            "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
            **extra,
        }
    )


def _dbt_step(project: DbtProject, name: str, select: str, exclude: str | None = None):
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select,
        exclude=exclude,
        dagster_dbt_translator=translator,
        name=name,
    )
    def step(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        talentflow: dg.ResourceParam[Settings],
    ):
        yield from run_dbt_build(context, dbt, talentflow)

    return step


def dbt_steps(project: DbtProject) -> list[dg.AssetsDefinition]:
    """The three dbt ops of a prepared project (the manifest must exist)."""
    return [
        _dbt_step(project, "dbt_staging", ENTRY_LAYER),
        _dbt_step(project, "dbt_before_linking", "fqn:*", f"{ENTRY_LAYER} {AFTER_LINKING}"),
        _dbt_step(project, "dbt_after_linking", AFTER_LINKING),
    ]
