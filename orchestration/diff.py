"""What changed between two published snapshots (`talentflow diff`, and the publish asset's
metadata): per mart, the rows added and removed and the cells changed in the rows of both.

Rows are matched on the mart's key: the columns of its `unique_combination` test in
dbt_project/models/marts/_marts__models.yml, where the grain of each mart is declared and tested
(a null in a key column matches a null). Counts (integer columns) and every non-numeric value
change on any difference; floating-point values (shares, their intervals, averages) change when
they move by more than `tolerance` (absolute, default 0.005: half a percentage point of a share);
null against a value is always a change. A mart without a usable key is compared by row counts
only. The published `researchers` are keyed by pseudonym, which is stable for one pseudonym key:
builds published under another key (or one with identifiers, one without) match no rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from orchestration.defs.publish.publish import MANIFEST, SNAPSHOTS, current_snapshot
from orchestration.settings import DBT_PROJECT_DIR

MARTS_YML = DBT_PROJECT_DIR / "models" / "marts" / "_marts__models.yml"
DEFAULT_TOLERANCE = 0.005
TOP = 10
FLOATING = {"FLOAT", "DOUBLE", "DECIMAL"}  # DuckDB type names, without a DECIMAL's (p, s)
INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
INTEGERS |= {f"U{name}" for name in INTEGERS}


class NoSnapshot(ValueError):
    """A build that is not there to compare: the message is the whole explanation."""


# the summary of a diff: its name → the MartDiff field it adds up
TOTALS = {
    "added_rows": "added",
    "removed_rows": "removed",
    "changed_rows": "changed_rows",
    "changed_cells": "changed_cells",
}


@dataclass(frozen=True)
class Change:
    mart: str
    key: dict[str, object]
    column: str
    before: object
    after: object


@dataclass(frozen=True)
class MartDiff:
    mart: str
    key: tuple[str, ...]  # empty: compared by row counts only
    rows_before: int
    rows_after: int
    added: int
    removed: int
    changed_rows: int
    changed_cells: int
    top: tuple[Change, ...]  # the largest moves first
    added_keys: tuple[dict[str, object], ...] = ()  # the first in key order
    removed_keys: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class SnapshotDiff:
    before: str  # build ids
    after: str
    tolerance: float
    marts: tuple[MartDiff, ...]

    @property
    def totals(self) -> dict[str, int]:
        """Rows added and removed, rows and cells changed, over every mart."""
        return {name: sum(getattr(m, field) for m in self.marts) for name, field in TOTALS.items()}

    def first(self, what: str, n: int = TOP) -> list:
        """The first `n` of each mart's `what` (top, added_keys, removed_keys) as (mart, item),
        taken from the marts in turn, so that one mart cannot hide another."""
        lists = [(m.mart, getattr(m, what)) for m in self.marts]
        return [(mart, items[i]) for i in range(n) for mart, items in lists if i < len(items)][:n]

    def text(self) -> str:
        header = ("mart", "rows before", "rows after", "added", "removed", "changed rows", "cells")
        rows = [header, *(_counts(m) for m in self.marts)]
        rows.append(("total", "", "", *map(str, self._totals())))
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = [
            f"{self.before} -> {self.after}",
            f"changed: floating-point values moving by more than {self.tolerance:g}; counts and "
            "other values on any difference",
            "",
            *(
                "  ".join(
                    cell.ljust(w) if i == 0 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
                for row in rows
            ),
        ]
        if any(not m.key for m in self.marts):
            lines.append("* no key: compared by row counts only")
        for what, title in (("added_keys", "rows added"), ("removed_keys", "rows removed")):
            if keys := self.first(what):
                lines += ["", f"{title}:", *(f"  {mart}  {_key(key)}" for mart, key in keys)]
        if changes := self.first("top"):
            lines += ["", "largest changes:"]
            lines += [
                f"  {c.mart}  {_key(c.key)}  {c.column}: {_value(c.before)} -> {_value(c.after)}"
                for _, c in changes
            ]
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [
            f"Against `{self.before}` (tolerance {self.tolerance:g}):",
            "",
            "| mart | rows before | rows after | added | removed | changed rows | cells |",
            "|---|--:|--:|--:|--:|--:|--:|",
            *("| " + " | ".join(_counts(m)) + " |" for m in self.marts),
        ]
        if any(not m.key for m in self.marts):
            lines += ["", "\\* no key: compared by row counts only"]
        if changes := self.first("top"):
            lines += ["", "| mart | row | column | before | after |", "|---|---|---|--:|--:|"]
            lines += [
                f"| {c.mart} | {_key(c.key)} | {c.column} | {_value(c.before)} | "
                f"{_value(c.after)} |"
                for _, c in changes
            ]
        if rows := [
            f"- {word} {mart}: {_key(key)}"
            for what, word in (("added_keys", "added"), ("removed_keys", "removed"))
            for mart, key in self.first(what)
        ]:
            lines += ["", *rows]
        return "\n".join(lines)

    def _totals(self) -> tuple[int, ...]:
        return tuple(self.totals.values())


def _counts(m: MartDiff) -> tuple[str, ...]:
    changed = (str(m.changed_rows), str(m.changed_cells)) if m.key else ("-", "-")
    name = m.mart if m.key else f"{m.mart} *"
    return (name, str(m.rows_before), str(m.rows_after), str(m.added), str(m.removed), *changed)


def _key(key: dict[str, object]) -> str:
    return " ".join(f"{column}={_value(value)}" for column, value in key.items())


def _value(value: object) -> str:
    if value is None:
        return "null"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def mart_keys(models_yml: Path = MARTS_YML) -> dict[str, tuple[str, ...]]:
    """Each mart's key: the columns of its unique_combination test."""
    keys = {}
    for model in (yaml.safe_load(models_yml.read_text()) or {}).get("models", []):
        for test in model.get("data_tests", []):
            if isinstance(test, dict) and "unique_combination" in test:
                keys[model["name"]] = tuple(test["unique_combination"]["arguments"]["columns"])
    return keys


def kept_snapshots(publish_dir: Path) -> list[Path]:
    """The finished snapshots, oldest first (build ids sort by time)."""
    snapshots = publish_dir / SNAPSHOTS
    if not snapshots.is_dir():
        return []
    return sorted(p for p in snapshots.iterdir() if p.is_dir() and not p.name.startswith("."))


def resolve(
    publish_dir: Path, from_build: str | None = None, to_build: str | None = None
) -> tuple[Path, Path]:
    """The two snapshots to compare: `to_build` (default: current) and `from_build` (default:
    the newest kept build before it). A build id may be shortened to a unique prefix."""
    kept = kept_snapshots(publish_dir)
    after = _find(kept, to_build, publish_dir) if to_build else current_snapshot(publish_dir)
    if after is None:
        raise NoSnapshot(f"nothing published yet in {publish_dir}: run talentflow build")
    if from_build:
        return _find(kept, from_build, publish_dir), after
    earlier = [snapshot for snapshot in kept if snapshot.name < after.name]
    if not earlier:
        raise NoSnapshot(
            f"no build before {after.name} in {publish_dir}: nothing to compare it with"
        )
    return earlier[-1], after


def _find(kept: list[Path], build_id: str, publish_dir: Path) -> Path:
    found = [snapshot for snapshot in kept if snapshot.name.startswith(build_id)]
    if len(found) != 1:
        names = ", ".join(s.name for s in kept) or "none"
        problem = "matches several builds" if found else "is not a kept build"
        raise NoSnapshot(f"{build_id} {problem} in {publish_dir} (kept: {names})")
    return found[0]


def diff_snapshots(
    before: Path,
    after: Path,
    tolerance: float = DEFAULT_TOLERANCE,
    keys: dict[str, tuple[str, ...]] | None = None,
    top: int = TOP,
) -> SnapshotDiff:
    """Compare the marts of two snapshot directories (each with marts.duckdb), keeping the
    `top` largest changes and first added and removed rows of each mart."""
    keys = mart_keys() if keys is None else keys
    # a person_id of a build with identifiers is no pseudonym of one without
    same_ids = _identifiers(before) == _identifiers(after)
    with duckdb.connect() as con:
        con.execute("attach ? as snap_a (read_only)", [str(before / "marts.duckdb")])
        con.execute("attach ? as snap_b (read_only)", [str(after / "marts.duckdb")])
        columns: dict[tuple[str, str], dict[str, str]] = {}  # (database, mart): {column: type}
        for database, mart, column, data_type in con.execute(
            "select database_name, table_name, column_name, data_type from duckdb_columns() "
            "where database_name in ('snap_a', 'snap_b') and schema_name = 'main' "
            "and not starts_with(table_name, '_') order by column_index"
        ).fetchall():
            columns.setdefault((database, mart), {})[column] = data_type
        results = []
        for mart in sorted({mart for _, mart in columns}):
            a, b = columns.get(("snap_a", mart)), columns.get(("snap_b", mart))
            key = keys.get(mart, ())
            present = [side for side in (a, b) if side is not None]
            if not all(k in side for k in key for side in present) or (
                not same_ids and "person_id" in key
            ):
                key = ()
            results.append(_diff_mart(con, mart, a, b, key, tolerance, top))
    return SnapshotDiff(before.name, after.name, tolerance, tuple(results))


def _identifiers(snapshot: Path) -> str | None:
    manifest = snapshot / MANIFEST
    return json.loads(manifest.read_text()).get("identifiers") if manifest.exists() else None


def _diff_mart(
    con: duckdb.DuckDBPyConnection,
    mart: str,
    a: dict[str, str] | None,
    b: dict[str, str] | None,
    key: tuple[str, ...],
    tolerance: float,
    top: int,
) -> MartDiff:
    def count(database: str, columns: dict | None) -> int:
        if columns is None:
            return 0
        return con.execute(f'select count(*) from {database}.main."{mart}"').fetchone()[0]

    before, after = count("snap_a", a), count("snap_b", b)
    if a is None or b is None or not key:
        # a mart new or gone: all its rows; a mart without key: the difference in rows
        added, removed = max(after - before, 0), max(before - after, 0)
        return MartDiff(mart, key, before, after, added, removed, 0, 0, ())
    pairs = (
        f'(select *, true as _in from snap_a.main."{mart}") a full join '
        f'(select *, true as _in from snap_b.main."{mart}") b on '
        + " and ".join(f'a."{k}" is not distinct from b."{k}"' for k in key)
    )

    def row_key(side: str) -> str:
        return "struct_pack(" + ", ".join(f'"{k}" := {side}."{k}"' for k in key) + ")"

    def keys_only_in(side: str, other: str) -> tuple[dict, ...]:
        return tuple(
            k
            for (k,) in con.execute(
                f"select {row_key(side)} as k from {pairs} where {other}._in is null "
                "order by k limit ?",
                [top],
            ).fetchall()
        )

    added, removed = con.execute(
        f"select count(*) filter (where a._in is null), count(*) filter (where b._in is null) "
        f"from {pairs}"
    ).fetchone()
    only = {"added_keys": keys_only_in("b", "a"), "removed_keys": keys_only_in("a", "b")}
    compared = [c for c in b if c in a and c not in key]
    if not compared:
        return MartDiff(mart, key, before, after, added, removed, 0, 0, (), **only)
    con.execute(
        "create or replace temp table changes as "
        + " union all ".join(
            f"select {row_key('b')} as row_key, '{c}' as column_name, "
            f"coalesce(to_json(a.\"{c}\")::varchar, 'null') as before, "
            f"coalesce(to_json(b.\"{c}\")::varchar, 'null') as after, "
            f"{_delta(c, b[c])} as delta from {pairs} where a._in and b._in and "
            f"{_changed(c, b[c], tolerance)}"
            for c in compared
        )
    )
    changed_rows, changed_cells = con.execute(
        "select count(distinct row_key), count(*) from changes"
    ).fetchone()
    largest = con.execute(
        "select row_key, column_name, before, after from changes "
        "order by abs(delta) desc nulls last, column_name, row_key limit ?",
        [top],
    ).fetchall()
    return MartDiff(
        mart,
        key,
        before,
        after,
        added,
        removed,
        changed_rows,
        changed_cells,
        tuple(Change(mart, k, c, json.loads(x), json.loads(y)) for k, c, x, y in largest),
        **only,
    )


def _changed(column: str, data_type: str, tolerance: float) -> str:
    a, b = f'a."{column}"', f'b."{column}"'
    if data_type.split("(")[0] in FLOATING:
        return f"(({a} is null) <> ({b} is null) or abs({b} - {a}) > {tolerance!r})"
    return f"{a} is distinct from {b}"


def _delta(column: str, data_type: str) -> str:
    """How far a number moved, to rank the changes; null for other values."""
    if data_type.split("(")[0] in FLOATING | INTEGERS:
        return f'b."{column}"::double - a."{column}"::double'
    return "null::double"
