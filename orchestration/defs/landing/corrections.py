"""The analysts' corrections (docs/methodology.md#corrections) into `raw.corrections`.

`corrections.yml` lists corrections applied on top of the sources, never by editing them: force
or forbid a link, fix or drop a spell, map an organization name to an org. Each says who made
it, when and why. A correction that cannot be applied (an unknown kind, a missing field, a year
that is not one) goes to raw.rejected_records with its reason and its line, like any bad input;
the models apply the rest, and intermediate.int_correction_matches says what each one matched.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import yaml

from orchestration.defs.landing.jsonl import ensure_raw_schema, rejected_count

SOURCE = "corrections"
# kind: the fields that say what it applies to (all required)
KINDS = {
    "force_link": ("person_id", "career_profile_id"),
    "forbid_link": ("person_id", "career_profile_id"),
    "fix_spell": ("person_id", "org_id", "role", "start_year"),
    "drop_spell": ("person_id", "org_id", "role", "start_year"),
    "map_organization": ("name", "org_id"),
}
ROLES = (
    "employee",
    "intern",
    "postdoc",
    "faculty",
    "student_bachelor",
    "student_master",
    "student_phd",
)
# what fix_spell may set: a year, or null (for end_year: still there)
FIXABLE = ("start_year", "end_year")
COLUMNS = {
    "_source_file": "varchar",
    "_line": "bigint",
    "kind": "varchar",
    "person_id": "varchar",
    "career_profile_id": "varchar",
    "org_id": "varchar",
    "role": "varchar",
    "start_year": "integer",
    "name": "varchar",
    "sets_start_year": "boolean",
    "new_start_year": "integer",
    "sets_end_year": "boolean",
    "new_end_year": "integer",
    "who": "varchar",
    "made_on": "varchar",
    "why": "varchar",
}


def read_corrections(path: Path) -> tuple[list[dict], list[tuple[int, str, str]]]:
    """The valid corrections of `path` as rows of raw.corrections, and the rejected ones as
    (line, reason, excerpt). No file: none."""
    if not path.exists():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 1
        return [], [(line, "not valid YAML: the whole file is ignored", text[:200])]
    if data is None or data == {} or data == {"corrections": None}:
        return [], []
    if not isinstance(data, dict) or not isinstance(data.get("corrections"), list):
        return [], [(1, "expected a mapping with a list `corrections`", text[:200])]
    nodes = next(value for key, value in document.value if key.value == "corrections").value
    valid, rejected = [], []
    for node, entry in zip(nodes, data["corrections"], strict=True):
        line = node.start_mark.line + 1
        try:
            valid.append({"_source_file": str(path), "_line": line, **_row(entry)})
        except ValueError as error:
            rejected.append((line, str(error), json.dumps(entry, default=str)[:200]))
    return valid, rejected


def _row(entry: object) -> dict:
    """The row of one correction, or ValueError with the reason it cannot be applied."""
    if not isinstance(entry, dict):
        raise ValueError("a correction must be a mapping")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ValueError(f"kind is not one of {'/'.join(KINDS)}")
    for field in ("who", "why"):
        if not str(entry.get(field) or "").strip():
            raise ValueError(f"no {field}")
    made_on = entry.get("when")
    if isinstance(made_on, str):
        try:
            made_on = dt.date.fromisoformat(made_on)
        except ValueError:
            made_on = None
    if not isinstance(made_on, dt.date):
        raise ValueError("when is not a date (YYYY-MM-DD)")
    row = {column: None for column in COLUMNS if not column.startswith("_")}
    row |= {"kind": kind, "who": str(entry["who"]).strip(), "why": str(entry["why"]).strip()}
    row["made_on"] = made_on.isoformat()
    for field in KINDS[kind]:
        value = entry.get(field)
        if field == "start_year":
            if field not in entry:
                raise ValueError("no start_year (null for a spell without one)")
            row[field] = _year(value, field)
        elif not str(value or "").strip():
            raise ValueError(f"no {field}")
        else:
            row[field] = str(value).strip()
    if row["role"] is not None and row["role"] not in ROLES:
        raise ValueError(f"role is not one of {'/'.join(ROLES)}")
    if kind == "fix_spell":
        changes = entry.get("set")
        if not isinstance(changes, dict) or not changes or set(changes) - set(FIXABLE):
            raise ValueError(f"set must give {' and/or '.join(FIXABLE)}")
        for field in FIXABLE:
            row[f"sets_{field}"] = field in changes
            row[f"new_{field}"] = _year(changes.get(field), field)
        start = row["new_start_year"] if row["sets_start_year"] else row["start_year"]
        end = row["new_end_year"]
        if row["sets_end_year"] and None not in (start, end) and end < start:
            raise ValueError("the fixed spell would end before it starts")
    return row


def _year(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field} is not a year")
    return value


def land_corrections(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
    """Replace raw.corrections with the corrections of `path`; return the numbers landed and
    rejected."""
    ensure_raw_schema(con)
    valid, rejected = read_corrections(path)
    con.execute("begin transaction")
    con.execute(
        "create or replace table raw.corrections ("
        + ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS.items())
        + ")"
    )
    if valid:
        con.executemany(
            f"insert into raw.corrections values ({', '.join('?' * len(COLUMNS))})",
            [[row[name] for name in COLUMNS] for row in valid],
        )
    con.execute("delete from raw.rejected_records where source = ?", [SOURCE])
    if rejected:
        con.executemany(
            "insert into raw.rejected_records values (?, ?, ?, ?, ?, now())",
            [[SOURCE, str(path), line, reason, excerpt] for line, reason, excerpt in rejected],
        )
    con.execute("commit")
    return len(valid), len(rejected)


def correction_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """How many corrections the build applied and rejected, and which matched nothing (by their
    line in the corrections file, so that an analyst can fix or remove them)."""
    [(entries, unmatched_lines)] = con.execute(
        """
        select count(*), coalesce(list(line order by line) filter (matches = 0), [])
        from intermediate.int_correction_matches
        """
    ).fetchall()
    rejected = rejected_count(con, SOURCE)
    return {
        "entries": entries,
        "entries_rejected": rejected,
        "applied": entries - len(unmatched_lines),
        "matching_nothing": len(unmatched_lines),
        "unmatched_lines": unmatched_lines,
    }
