"""Publishing the checked marts for BI readers, as whole snapshots.

    TALENTFLOW_PUBLISH_DIR/
      current -> snapshots/<build_id>    the one path readers use
      snapshots/<build_id>/              marts.duckdb, <mart>.parquet, manifest.json,
                                         report.html (the study's charts)

A build writes its snapshot under a temporary name, renames the finished directory into
place, then makes it current by renaming a new `current` symlink over the old one: one atomic
step, so a reader that resolves `current` once sees one build, whole. Every file of a snapshot
carries its build id (a `_build` table in marts.duckdb, Parquet key-value metadata), so a
mixed read can be detected. The last `keep_snapshots` snapshots stay; a reader holding files of
an older one keeps reading them (POSIX keeps unlinked open files). A build that fails before
this step, or is killed inside it, leaves `current` as it was; its leftovers are removed by the
next publish. Person identifiers are replaced by a keyed hash unless publish_identifiers, and
cells counting fewer than min_cell_size people are suppressed (suppression.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.defs.landing.corrections import correction_summary
from orchestration.defs.landing.jsonl import SOURCES, source_files
from orchestration.defs.landing.opt_outs import opt_out_summary
from orchestration.defs.landing.provenance import ROR, provenance
from orchestration.defs.publish.suppression import suppress
from orchestration.report import dbt_descriptions, write_report
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, ROR_CSV, Settings

SNAPSHOTS = "snapshots"
CURRENT = "current"
MANIFEST = "manifest.json"
REPORT = "report.html"
# The marts of people (microdata): person_id is pseudonymized, the same person getting the same
# pseudonym in each, and these direct identifiers are left out.
PSEUDONYMIZED = {"researchers": ("display_name", "career_profile_id"), "moves": ()}


def pseudonym_key(settings: Settings) -> bytes:
    """TALENTFLOW_PSEUDONYM_KEY, else a random key generated once and kept beside the
    warehouse (never in the publish dir), readable by its owner only from the first byte."""
    if settings.pseudonym_key:
        return settings.pseudonym_key.encode()
    path = settings.warehouse.parent / f"{settings.warehouse.name}.pseudonym_key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def pseudonym(key: bytes, person_id: str) -> str:
    return hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()[:24]


def current_snapshot(publish_dir: Path) -> Path | None:
    """The directory `current` resolves to, or None before the first publish."""
    current = publish_dir / CURRENT
    return current.resolve() if current.is_symlink() else None


def current_manifest(publish_dir: Path) -> dict | None:
    snapshot = current_snapshot(publish_dir)
    return json.loads((snapshot / MANIFEST).read_text()) if snapshot else None


def publish(settings: Settings, marts: list[str]) -> dict:
    """Write a snapshot of `marts` and make it current; returns its manifest."""
    snapshots = settings.publish_dir / SNAPSHOTS
    snapshots.mkdir(parents=True, exist_ok=True)
    remove_leftovers(settings.publish_dir)
    build_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"
    staging = snapshots / f".{build_id}.tmp"
    staging.mkdir()
    rows = _write_marts(settings, marts, staging, build_id)
    manifest = {
        "build_id": build_id,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "as_of_year": settings.as_of_year,
        "home_country": settings.home_country,
        "llm_era_start_year": settings.llm_era_start_year,
        "identifiers": "published" if settings.publish_identifiers else "pseudonymized",
        "min_cell_size": settings.min_cell_size,
        "rows": rows,
        "sources": _sources(settings),
        **_ledgers(settings),
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    _write_report(settings, staging)
    snapshot = snapshots / build_id
    staging.rename(snapshot)
    _fault_point(settings, "before_current")
    link = settings.publish_dir / f".{CURRENT}.{build_id}.tmp"
    link.symlink_to(Path(SNAPSHOTS) / build_id)  # relative: the publish dir may move
    link.replace(settings.publish_dir / CURRENT)
    _prune(snapshots, settings.keep_snapshots)
    return manifest


def write_current_report(settings: Settings) -> Path:
    """Render report.html again in the current snapshot (talentflow report)."""
    snapshot = current_snapshot(settings.publish_dir)
    if snapshot is None:
        raise SystemExit(f"nothing published yet in {settings.publish_dir}: run talentflow build")
    return _write_report(settings, snapshot)


def _write_report(settings: Settings, snapshot: Path) -> Path:
    return write_report(
        snapshot / "marts.duckdb",
        snapshot / REPORT,
        dbt_descriptions(DBT_PROJECT_DIR / "models" / "marts" / "_marts__models.yml"),
        k=settings.min_cell_size,
        home_country=settings.home_country,
    )


def remove_leftovers(publish_dir: Path) -> None:
    """What a publish killed half-way left: temporary snapshots and links."""
    for leftover in [
        *publish_dir.glob(f".{CURRENT}.*.tmp"),
        *(publish_dir / SNAPSHOTS).glob(".*.tmp"),  # with the DuckDB WAL file inside
    ]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def _write_marts(settings: Settings, marts: list[str], target: Path, build_id: str) -> dict:
    rows: dict[str, int] = {}
    with duckdb.connect(str(target / "marts.duckdb")) as con:
        con.execute("attach ? as warehouse (read_only)", [str(settings.warehouse)])
        pseudonymized = (
            [] if settings.publish_identifiers else [m for m in PSEUDONYMIZED if m in marts]
        )
        if pseudonymized:
            key = pseudonym_key(settings)
            ids = [
                person_id
                for (person_id,) in con.execute(
                    " union ".join(
                        f"select person_id from warehouse.marts.{mart}" for mart in pseudonymized
                    )
                ).fetchall()
            ]
            con.register(
                "pseudonyms",
                pa.table({"person_id": ids, "pseudonym": [pseudonym(key, i) for i in ids]}),
            )
        con.execute("create table main._build as select ? as build_id", [build_id])
        for mart in marts:
            query = f"select * from warehouse.marts.{mart}"
            if mart in pseudonymized:
                dropped = ", ".join(("person_id", *PSEUDONYMIZED[mart]))
                query = (
                    f"select pseudonyms.pseudonym as person_id, people.* exclude ({dropped}) "
                    f"from warehouse.marts.{mart} as people "
                    "join pseudonyms on people.person_id = pseudonyms.person_id"
                )
            con.execute(f"create table main.{mart} as {query}")
            suppress(con, mart, settings.min_cell_size)
            _copy_comments(con, mart, settings.min_cell_size)
            con.execute(
                f"copy main.{mart} to '{target / f'{mart}.parquet'}' "
                f"(format parquet, kv_metadata {{build_id: '{build_id}'}})"
            )
            [(rows[mart],)] = con.execute(f"select count(*) from main.{mart}").fetchall()
        con.execute("detach warehouse")
    return rows


def _copy_comments(con: duckdb.DuckDBPyConnection, mart: str, k: int) -> None:
    """The dbt docs (persisted as comments in the warehouse) as the published tables' comments,
    so that DBeaver, Metabase or Evidence show what a column means."""
    comments = con.execute(
        "select null, comment from duckdb_tables() where database_name = 'warehouse' "
        "and schema_name = 'marts' and table_name = $mart union all "
        "select column_name, comment from duckdb_columns() where database_name = 'warehouse' "
        "and schema_name = 'marts' and table_name = $mart",
        {"mart": mart},
    ).fetchall()
    comments.append(
        (
            "suppressed",
            f"True when a cell of this row counts fewer than {k} people: it and the "
            "values computed from it are null (docs/methodology.md#publishing-and-privacy).",
        )
    )
    published = {
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'marts' "
            "and table_name = ?",
            [mart],
        ).fetchall()
    }
    for column, comment in comments:
        if not comment:
            continue
        text = comment.replace("'", "''")
        if column is None:
            con.execute(f"comment on table main.{mart} is '{text}'")
        elif column in published:
            con.execute(f"comment on column main.{mart}.{column} is '{text}'")


def _sources(settings: Settings) -> list[dict]:
    """Each landed source: where it came from, when and under what terms, its files with their
    sizes, and the rows it landed; then the registry's base, ROR."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        landed = dict(con.execute("select source, rows_landed from raw.landing_summary").fetchall())
        [(ror_rows,)] = con.execute("select count(*) from raw.ror_organizations").fetchall()
    return [
        {
            **provenance(settings.landing_dir, source),
            "rows_landed": landed.get(source.name, 0),
            "files": [
                {"path": str(path), "bytes": path.stat().st_size}
                for path in source_files(settings.landing_dir, source)
            ],
        }
        for source in SOURCES
    ] + [
        {
            **ROR,
            "rows_landed": ror_rows,
            "files": [{"path": str(ROR_CSV), "bytes": ROR_CSV.stat().st_size}],
        }
    ]


def _ledgers(settings: Settings) -> dict:
    """What the opt-outs and the corrections did in this build: counts and line numbers."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return {"opt_outs": opt_out_summary(con), "corrections": correction_summary(con)}


def _prune(snapshots: Path, keep: int) -> None:
    """Remove all but the newest `keep` snapshots (build ids sort by time); never current."""
    current = (snapshots.parent / CURRENT).resolve()
    finished = sorted(p for p in snapshots.iterdir() if not p.name.startswith("."))
    for old in finished[: max(len(finished) - keep, 0)]:
        if old != current:
            shutil.rmtree(old)


def code_version() -> str:
    """The git commit of the code (with -dirty for uncommitted changes), else unknown."""
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _fault_point(settings: Settings, name: str) -> None:
    """Tests kill the process here (kill -9 between the two halves of a publish)."""
    if settings.publish_fault == name:
        os.kill(os.getpid(), signal.SIGKILL)
