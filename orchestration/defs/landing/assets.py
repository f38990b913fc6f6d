"""One landing asset per source of docs/methodology.md#input: JSONL files into DuckDB `raw`."""

import dagster as dg

from orchestration.defs.landing.corrections import land_corrections
from orchestration.defs.landing.jsonl import SOURCES, Source, land_source
from orchestration.defs.landing.opt_outs import land_opt_outs
from orchestration.defs.landing.provenance import ROR, provenance
from orchestration.resources import connect
from orchestration.settings import ROR_CSV, Settings


def _raw_asset(name: str, description: str):
    """The decorator of the landing asset of table raw.<name>."""
    return dg.asset(
        key=["raw", name], group_name="landing", kinds={"duckdb"}, description=description
    )


def _landing_asset(source: Source) -> dg.AssetsDefinition:
    @_raw_asset(
        source.name,
        f"{source.description}, landed from `{source.folder}/*.jsonl[.gz]` into raw; bad lines "
        "go to raw.rejected_records with their reason.",
    )
    def land(context: dg.AssetExecutionContext, talentflow: dg.ResourceParam[Settings]):
        with connect(talentflow) as con:
            result = land_source(con, talentflow.landing_dir, source, talentflow.max_line_bytes)
            preview = con.execute(
                f"select _source_file, _line, record_id from {source.table} limit 5"
            ).df()
            reasons = con.execute(
                "select reason, count(*) as lines from raw.rejected_records "
                "where source = ? group by reason order by lines desc",
                [source.name],
            ).df()
        for warning in result.warnings:
            context.log.warning(warning)
        origin = provenance(talentflow.landing_dir, source)
        return dg.MaterializeResult(
            metadata={
                **{k: origin[k] or "unknown" for k in ("origin", "terms", "fetched_at")},
                "dagster/row_count": result.rows_landed,
                "rows_landed": result.rows_landed,
                "rows_rejected": result.rows_rejected,
                "lines_read": result.lines_read,
                "files": len(result.files),
                # the others are unchanged since they were landed: their rows stay
                "files_read": len(result.files_read),
                "warnings": dg.MetadataValue.md(
                    "\n".join(f"- {w}" for w in result.warnings) or "none"
                ),
                "rejected_by_reason": dg.MetadataValue.md(
                    reasons.to_markdown(index=False) if len(reasons) else "none"
                ),
                "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
            }
        )

    return land


@_raw_asset(
    "ror_organizations",
    "The ROR subset shipped in dbt_project/reference/ror/ (CC0), the base of the organization "
    "registry (docs/methodology.md#organizations). Loaded with DuckDB: 51k rows would be slow "
    "as a seed.",
)
def ror_organizations(talentflow: dg.ResourceParam[Settings]):
    with connect(talentflow) as con:
        con.execute("create schema if not exists raw")
        con.execute(
            "create or replace table raw.ror_organizations as "
            "select * from read_csv(?, header = true, all_varchar = true)",
            [str(ROR_CSV)],
        )
        [(rows,)] = con.execute("select count(*) from raw.ror_organizations").fetchall()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "file": str(ROR_CSV),
            "origin": ROR["origin"],
            "terms": ROR["terms"],
        }
    )


@_raw_asset(
    "opt_outs",
    "Who asked to be left out (opt_outs.csv; docs/methodology.md#opt-outs): staging drops "
    "them everywhere. Lines that cannot be applied go to raw.rejected_records with the reason.",
)
def opt_outs(talentflow: dg.ResourceParam[Settings]):
    with connect(talentflow) as con:
        landed, rejected = land_opt_outs(con, talentflow.opt_outs_file)
    # counts only: the entries name people, and build metadata is not the place for them
    return dg.MaterializeResult(
        metadata={"dagster/row_count": landed, "entries": landed, "entries_rejected": rejected}
    )


@_raw_asset(
    "corrections",
    "The analysts' corrections (corrections.yml; docs/methodology.md#corrections): links forced "
    "or forbidden, spells fixed or dropped, organization names mapped. The models apply them; "
    "corrections that cannot be applied go to raw.rejected_records with the reason.",
)
def corrections(talentflow: dg.ResourceParam[Settings]):
    with connect(talentflow) as con:
        landed, rejected = land_corrections(con, talentflow.corrections_file)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": landed,
            "file": str(talentflow.corrections_file),
            "entries": landed,
            "entries_rejected": rejected,
        }
    )


landing_assets = [
    *(_landing_asset(source) for source in SOURCES),
    ror_organizations,
    opt_outs,
    corrections,
]
