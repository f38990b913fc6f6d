"""The opt-out list (docs/methodology.md#opt-outs) into `raw.opt_outs`.

Each line of the CSV names one person by one id: `id_kind` (openreview, career_profile or github),
`id`, and the date and channel of the request. A line that cannot be applied (an unknown kind, no
id) goes to raw.rejected_records with its reason, like any bad input; a line with a missing or
malformed date or channel is still honoured: leaving someone in because of a typo in the ledger
would be the worse error. Staging (stg_privacy__opt_outs) matches the entries to the records.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.defs.landing.jsonl import ensure_raw_schema, rejected_count

SOURCE = "opt_outs"
ID_KINDS = ("openreview", "career_profile", "github")
COLUMNS = ("id_kind", "id", "requested_on", "channel")


def land_opt_outs(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
    """Replace raw.opt_outs with the entries of `path` (none when it does not exist); return the
    numbers of entries landed and rejected."""
    ensure_raw_schema(con)
    columns = ", ".join(f"'{name}': 'varchar'" for name in COLUMNS)
    lines = (
        # header on line 1; DuckDB keeps the file order
        "select row_number() over () + 1 as line, * from read_csv(?, header = true, "
        f"auto_detect = false, columns = {{{columns}}})"
        if path.exists()
        else f"select null::bigint as line, {', '.join(f'null::varchar as {c}' for c in COLUMNS)} "
        "where false"
    )
    kinds = ", ".join(f"'{kind}'" for kind in ID_KINDS)
    con.execute("begin transaction")
    con.execute(
        f"""
        create or replace temp table _opt_out_lines as
        select *, case
            when lower(trim(id_kind)) not in ({kinds}) or id_kind is null
                then 'id_kind is not one of {"/".join(ID_KINDS)}'
            when nullif(trim(id), '') is null then 'no id'
        end as reason
        from ({lines})
        """,
        [str(path)] if path.exists() else [],
    )
    con.execute(
        f"""
        create or replace table raw.{SOURCE} as
        select ? as _source_file, line as _line, lower(trim(id_kind)) as id_kind, trim(id) as id,
            trim(requested_on) as requested_on, trim(channel) as channel
        from _opt_out_lines where reason is null
        """,
        [str(path)],
    )
    con.execute("delete from raw.rejected_records where source = ?", [SOURCE])
    con.execute(
        """
        insert into raw.rejected_records
        select ?, ?, line, reason, concat_ws(',', id_kind, id, requested_on, channel), now()
        from _opt_out_lines where reason is not null
        """,
        [SOURCE, str(path)],
    )
    con.execute("commit")
    [(landed, rejected)] = con.execute(
        "select count(*) filter (reason is null), count(*) filter (reason is not null) "
        "from _opt_out_lines"
    ).fetchall()
    con.execute("drop table _opt_out_lines")
    return landed, rejected


def opt_out_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """How many entries the build applied, how many it rejected, how many people it dropped,
    and which entries matched nobody (by their line in the opt-out file, so that an analyst can
    fix them): counts and line numbers, never who."""
    [(entries, matched, unmatched_lines)] = con.execute(
        """
        with entries as (
            select entry_line, bool_or(matches_landed_record) as matched
            from staging.stg_privacy__opt_outs group by entry_line
        )
        select count(*), count(*) filter (matched),
            coalesce(list(entry_line order by entry_line) filter (not matched), [])
        from entries
        """
    ).fetchall()
    rejected = rejected_count(con, SOURCE)
    return {
        "entries": entries,
        "entries_rejected": rejected,
        "people_dropped": matched,
        "entries_matching_nobody": len(unmatched_lines),
        "unmatched_lines": unmatched_lines,
    }
