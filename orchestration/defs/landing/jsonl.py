"""Streaming landing of newline-delimited JSON (plain or gzip) into DuckDB `raw`.

Python only splits lines, so that every line keeps its file and number and a bad one can be
rejected with its reason; DuckDB parses and validates the JSON in batches. Memory stays flat
however large the input.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

BATCH_BYTES = 64 * 1024 * 1024
BATCH_LINES = 50_000
EXCERPT_CHARS = 1000


@dataclass(frozen=True)
class Source:
    """One input of CONTRACT §1: where its files lie, its raw table and its id field."""

    name: str
    folder: str
    id_field: str
    description: str

    @property
    def table(self) -> str:
        return f"raw.{self.name}"


SOURCES = (
    Source("openreview_profiles", "openreview/profiles", "id", "OpenReview API v2 profiles"),
    Source("openreview_notes", "openreview/notes", "id", "OpenReview notes (API v1, v2, unified)"),
    Source("career_profiles", "careers/profiles", "public_identifier", "LinkedIn-style profiles"),
    Source("github_users", "careers/github", "login", "GitHub REST user objects"),
)


@dataclass
class LandingResult:
    source: Source
    files: list[str] = field(default_factory=list)
    lines_read: int = 0
    rows_landed: int = 0
    rows_rejected: int = 0
    warnings: list[str] = field(default_factory=list)


def source_files(landing_dir: Path, source: Source) -> list[Path]:
    folder = landing_dir / source.folder
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(
        """
        create table if not exists raw.rejected_records (
            source varchar, file varchar, line bigint, reason varchar, excerpt varchar,
            _loaded_at timestamp with time zone)
        """
    )
    con.execute(
        """
        create table if not exists raw.landing_summary (
            source varchar primary key, files integer, lines_read bigint, rows_landed bigint,
            rows_rejected bigint, _loaded_at timestamp with time zone)
        """
    )


def _read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            yield number, raw.rstrip(b"\r\n")


def land_source(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, source: Source, max_line_bytes: int
) -> LandingResult:
    """Replace `raw.<source>` with every good line of the source's files.

    Bad lines go to raw.rejected_records with their reason; blank lines carry no record and
    are skipped. A missing folder or no files lands an empty table and a warning.
    """
    result = LandingResult(source)
    ensure_raw_schema(con)
    con.execute("begin transaction")
    con.execute(
        f"""
        create or replace table {source.table} (
            _source_file varchar, _line bigint, _loaded_at timestamp with time zone,
            record_id varchar, record json)
        """
    )
    con.execute("delete from raw.rejected_records where source = ?", [source.name])
    files = source_files(landing_dir, source)
    if not files:
        result.warnings.append(
            f"no *.jsonl or *.jsonl.gz files in {landing_dir / source.folder}: landed empty"
        )
    batch = _Batch(con, source)
    for path in files:
        result.files.append(str(path))
        try:
            for number, raw in _read_lines(path):
                if not raw.strip():
                    continue
                result.lines_read += 1
                if len(raw) > max_line_bytes:
                    batch.reject(path, number, f"line longer than {max_line_bytes} bytes", raw)
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    batch.reject(path, number, f"invalid UTF-8 at byte {error.start}", raw)
                    continue
                batch.add(path, number, text)
        except (OSError, EOFError) as error:  # e.g. a truncated gzip stream
            batch.reject(path, None, f"file unreadable after this point: {error}", b"")
            result.warnings.append(f"{path}: {error}")
    batch.flush()
    con.execute(
        "insert or replace into raw.landing_summary "
        "select ?, ?, ?, (select count(*) from " + source.table + "), "
        "(select count(*) from raw.rejected_records where source = ?), now()",
        [source.name, len(files), result.lines_read, source.name],
    )
    con.execute("commit")
    [(result.rows_landed, result.rows_rejected)] = con.execute(
        "select rows_landed, rows_rejected from raw.landing_summary where source = ?",
        [source.name],
    ).fetchall()
    return result


class _Batch:
    """Accumulates lines and hands them to DuckDB in bounded batches."""

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source):
        self.con = con
        self.source = source
        self._clear()

    def _clear(self) -> None:
        self.files: list[str] = []
        self.lines: list[int] = []
        self.texts: list[str] = []
        self.size = 0

    def add(self, path: Path, number: int, text: str) -> None:
        self.files.append(str(path))
        self.lines.append(number)
        self.texts.append(text)
        self.size += len(text)
        if self.size >= BATCH_BYTES or len(self.texts) >= BATCH_LINES:
            self.flush()

    def reject(self, path: Path, number: int | None, reason: str, raw: bytes) -> None:
        excerpt = raw[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace")[:EXCERPT_CHARS]
        self.con.execute(
            "insert into raw.rejected_records values (?, ?, ?, ?, ?, now())",
            [self.source.name, str(path), number, reason, excerpt],
        )

    def flush(self) -> None:
        if not self.texts:
            return
        lines = pa.table({"file": self.files, "line": self.lines, "text": self.texts})
        self.con.register("landing_batch", lines)
        id_path = f"$.{self.source.id_field}"
        self.con.execute(
            f"""
            create or replace temp table checked_batch as
            with parsed as (
                select file, line, text,
                    case when json_valid(text) then text::json end as doc
                from landing_batch
            )
            select file, line, text, doc,
                nullif(trim(doc ->> '{id_path}'), '') as record_id,
                case
                    when doc is null then 'not valid JSON'
                    when json_type(doc) <> 'OBJECT'
                        then 'not a JSON object (' || json_type(doc) || ')'
                    when nullif(trim(doc ->> '{id_path}'), '') is null
                        then 'no id: field "{self.source.id_field}" missing or empty'
                end as reason
            from parsed
            """
        )
        self.con.execute(
            f"""
            insert into {self.source.table}
            select file, line, now(), record_id, doc from checked_batch where reason is null
            """
        )
        self.con.execute(
            f"""
            insert into raw.rejected_records
            select '{self.source.name}', file, line, reason, left(text, {EXCERPT_CHARS}), now()
            from checked_batch where reason is not null
            """
        )
        self.con.unregister("landing_batch")
        self.con.execute("drop table checked_batch")
        self._clear()
