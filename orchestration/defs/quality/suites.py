"""The Great Expectations suites, run on the DuckDB warehouse in place, through SQL.

GX owns what dbt tests cannot say cleanly: parameterised year ranges, sums of shares, coverage
and the rejected share of each landed source; dbt tests (in the yml beside each model) own keys,
not-null and accepted values. The suites are the JSON files of expectations/ (one per checked
table or query) and one rejected-share suite per landed source, generated from SOURCES.

A suite's `meta` says what it checks: `asset_key` (the table, or the asset a `query` belongs
to) and `index_columns` (how failing rows are named). Parameters ($PARAMETER) come from the
settings: min_year, max_year, max_rejected_share.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

from orchestration.defs.landing.jsonl import SOURCES, Source
from orchestration.defs.quality.gx_duckdb import DuckDBDatasource  # noqa: F401 (registers add_duckdb)
from orchestration.settings import EXPECTATIONS_DIR, Settings

SAMPLE_ROWS = 10


@dataclass(frozen=True)
class Suite:
    name: str
    asset_key: tuple[str, ...]
    description: str
    index_columns: tuple[str, ...]
    query: str
    definition: dict

    @classmethod
    def load(cls, path: Path) -> Suite:
        definition = json.loads(path.read_text())
        meta = definition["meta"]
        asset_key = tuple(meta["asset_key"])
        return cls(
            name=definition["name"],
            asset_key=asset_key,
            description=meta["description"],
            index_columns=tuple(meta["index_columns"]),
            query=meta.get("query") or f"select * from {'.'.join(asset_key)}",
            definition=definition,
        )


@dataclass(frozen=True)
class Failure:
    expectation: str
    column: str
    unexpected_count: int | None
    sample: list


def load_suites(folder: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [Suite.load(path) for path in sorted(folder.glob("*.json"))] + [
        rejected_share_suite(source) for source in SOURCES
    ]


def rejected_share_suite(source: Source) -> Suite:
    """More than max_rejected_share of a source's lines rejected: the dump, not a line, is bad."""
    name = f"raw_{source.name}_rejected_share"
    return Suite(
        name=name,
        asset_key=("raw", source.name),
        description=f"At most TALENTFLOW_MAX_REJECTED_SHARE (default 5%) of the lines of "
        f"{source.name} may be rejected.",
        index_columns=("source",),
        query="select source, lines_read, rows_rejected, "
        "coalesce(rows_rejected::double / nullif(lines_read, 0), 0) as rejected_share "
        f"from raw.landing_summary where source = '{source.name}'",
        definition={
            "name": name,
            "expectations": [
                {
                    "type": "expect_column_values_to_be_between",
                    "kwargs": {
                        "column": "rejected_share",
                        "min_value": 0,
                        "max_value": {"$PARAMETER": "max_rejected_share"},
                    },
                }
            ],
        },
    )


def _context():
    """An ephemeral GX context without progress bars (one per validation floods build logs)."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def parameters(settings: Settings) -> dict[str, float]:
    return {
        "min_year": settings.min_year,
        "max_year": settings.max_year,
        "max_rejected_share": settings.max_rejected_share,
    }


@contextmanager
def warehouse_datasource(context, settings: Settings) -> Iterator:
    """The warehouse as a GX datasource, opened read-only and released afterwards."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    datasource = context.data_sources.add_duckdb(
        name="warehouse",
        connection_string=f"duckdb:///{settings.warehouse}",
        kwargs={"connect_args": {"read_only": True}},
    )
    try:
        yield datasource
    finally:
        # GX holds two engines (the execution engine's and the datasource's): release both, or
        # the file stays locked for the next dbt step
        datasource.get_execution_engine().close()
        datasource.get_engine().dispose()


def _batch_definition(datasource, suite: Suite):
    asset = datasource.add_query_asset(name=suite.name, query=suite.query)
    return asset.add_batch_definition_whole_table("whole")


def _gx_suite(suite: Suite) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=suite.name, expectations=suite.definition["expectations"])


def validate(suite: Suite, settings: Settings) -> list[Failure]:
    """Run the suite on the warehouse (read-only); return the failed expectations."""
    context = _context()
    with warehouse_datasource(context, settings) as datasource:
        result = (
            _batch_definition(datasource, suite)
            .get_batch()
            .validate(
                _gx_suite(suite),
                expectation_parameters=parameters(settings),
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": list(suite.index_columns),
                },
            )
        )
    return [
        Failure(
            expectation=outcome.expectation_config.type,
            column=str(
                outcome.expectation_config.kwargs.get("column")
                or outcome.expectation_config.kwargs.get("column_list")
                or ""
            ),
            unexpected_count=outcome.result.get("unexpected_count"),
            sample=_sample(outcome),
        )
        for outcome in result.results
        if not outcome.success
    ]


def _sample(outcome) -> list:
    if outcome.exception_info.get("raised_exception"):
        return [outcome.exception_info.get("exception_message")]
    rows = outcome.result.get("unexpected_index_list") or outcome.result.get(
        "partial_unexpected_list"
    )
    if rows is None:
        return [{"observed_value": outcome.result.get("observed_value")}]
    return list(rows)[:SAMPLE_ROWS]


def build_data_docs(settings: Settings, site_dir: Path, suites: list[Suite]) -> Path:
    """Validate every suite through a GX checkpoint and render GX Data Docs into site_dir."""
    context = _context()
    context.add_data_docs_site(
        site_name="talentflow",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(site_dir),
            },
        },
    )
    with warehouse_datasource(context, settings) as datasource:
        definitions = [
            context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=suite.name,
                    data=_batch_definition(datasource, suite),
                    suite=context.suites.add(_gx_suite(suite)),
                )
            )
            for suite in suites
        ]
        checkpoint = gx.Checkpoint(
            name="talentflow",
            validation_definitions=definitions,
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "SUMMARY"},
        )
        checkpoint.run(expectation_parameters=parameters(settings))
    return site_dir / "index.html"
