"""Landing of newline-delimited JSON (plain or gzip) into DuckDB `raw`.

DuckDB reads each file as lines: `read_csv` with one VARCHAR column, no quote, no escape, newline
`\\n`, strict mode, and a delimiter (byte 0x01) that valid JSON never contains. With insertion
order preserved, the table made from that scan holds line k as row k - 1, blank lines included, so
every line keeps its exact number. DuckDB then checks every line set-wise.

Python reads a file line by line only where DuckDB's reader refuses it: invalid UTF-8, a carriage
return (the reader would split the line there), a 0x01 byte, a line far over the limit, or a
damaged gzip. DuckDB does not verify gzip checksums, so every .gz file is first decompressed once
in Python to check it. When decompression fails, the lines before the error land and the rest of
the file is one rejected record, "file unreadable from line N: <error>". The lines Python reads
are checked by the same SQL.

A non-blank line is rejected with the first reason that applies: longer than `max_line_bytes`
bytes (without its line end); not valid JSON; not an object; its id missing, null or empty; its id
neither a string nor an integer (so NaN, Infinity, 1.5, true, objects, arrays). A string id lands
trimmed, an integer id as its decimal text. DuckDB's JSON parser is lenient in the body of a
record: NaN, Infinity and trailing commas are read, and with duplicate keys the first one counts.

`record_hash` serves docs/methodology.md#bad-input ("lines whose parsed values are equal are one
record"). For a `record_id` that occurs on more than one landed line of the source, it is md5 of
DuckDB's `json_normalize(record)`: keys sorted recursively, escapes decoded, insignificant
whitespace dropped, numbers by type and value (1e2 = 100.0, 1 <> 1.0). So two lines of one id have
the same hash if and only if their parsed values are equal (duplicate keys are kept, not merged).
For an id on one line only, nothing can be its duplicate and the hash is null: the canonical form
costs as much as parsing the line again, so it is computed only where it can matter.

Landing is incremental by file (docs/methodology.md#refreshing-a-venue). raw.landed_files records
each file's size, modification time and the line limit it was checked with; a file whose three
are unchanged is not read again and keeps its rows, rejections and warnings. New and changed
files are read, the rows of changed and removed files go, and record_hash is computed again for
the ids those lines carry. So landing one new venue's files reads those files only, and the
table is the one a landing of every file gives."""

from __future__ import annotations

import codecs
import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

BATCH_LINES = 50_000
EXCERPT_CHARS = 1000
# DuckDB measures line size loosely at the end of a file: its reader gets room, SQL is exact
READER_SLACK_BYTES = 1 << 20
DECOMPRESSION_ERRORS = (OSError, EOFError, zlib.error)
LINES_SCHEMA = pa.schema({"text": pa.string(), "reason": pa.string()})
FILES_READ_SCHEMA = pa.schema(
    {
        "file": pa.string(),
        "size_bytes": pa.int64(),
        "modified_ns": pa.int64(),
        "warnings": pa.list_(pa.string()),
    }
)
FILES_GONE_SCHEMA = pa.schema({"file": pa.string()})


@dataclass(frozen=True)
class Source:
    """One input of docs/methodology.md#input: where its files lie, its raw table, its id field,
    and by default where it comes from and under what terms (a `_source.json` in its folder says
    better: provenance.py)."""

    name: str
    folder: str
    id_field: str
    description: str
    origin: str
    terms: str
    terms_url: str | None = None

    @property
    def table(self) -> str:
        return f"raw.{self.name}"


OPENREVIEW = (
    "OpenReview (openreview.net): the API or a dump of it",
    "OpenReview Terms of Use",
    "https://openreview.net/legal/terms",
)
SOURCES = (
    Source(
        "openreview_profiles",
        "openreview/profiles",
        "id",
        "OpenReview API v2 profiles",
        *OPENREVIEW,
    ),
    Source(
        "openreview_notes",
        "openreview/notes",
        "id",
        "OpenReview notes (API v1, v2, unified)",
        *OPENREVIEW,
    ),
    Source(
        "career_profiles",
        "careers/profiles",
        "public_identifier",
        "LinkedIn-style profiles",
        "a career-data vendor (LinkedIn-style person profiles)",
        "the vendor's licence, not recorded: name it in careers/profiles/_source.json",
    ),
    Source(
        "github_users",
        "careers/github",
        "login",
        "GitHub REST user objects",
        "the GitHub REST API (users endpoint)",
        "GitHub Terms of Service (API terms)",
        "https://docs.github.com/en/site-policy/github-terms/github-terms-of-service",
    ),
)


@dataclass
class LandingResult:
    source: Source
    files: list[str] = field(default_factory=list)
    # the files read this time: new or changed since they were last landed (the others kept)
    files_read: list[str] = field(default_factory=list)
    lines_read: int = 0
    rows_landed: int = 0
    rows_rejected: int = 0
    warnings: list[str] = field(default_factory=list)


def source_files(landing_dir: Path, source: Source) -> list[Path]:
    folder = landing_dir / source.folder
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))


def rejected_count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """How many lines or entries of `source` the last landing rejected."""
    [(rejected,)] = con.execute(
        "select count(*) from raw.rejected_records where source = ?", [source]
    ).fetchall()
    return rejected


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
    # What each landed file was when it was read, and what landing found in it
    con.execute(
        """
        create table if not exists raw.landed_files (
            source varchar, file varchar, size_bytes bigint, modified_ns bigint,
            max_line_bytes bigint, lines_read bigint, warnings varchar[],
            _loaded_at timestamp with time zone, primary key (source, file))
        """
    )


def _fingerprint(path: Path, max_line_bytes: int) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, max_line_bytes


def land_source(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, source: Source, max_line_bytes: int
) -> LandingResult:
    """Make `raw.<source>` hold every good line of the source's files, reading only the files
    that are new or changed (size, modification time or the line limit) since they were landed:
    a new venue's file is read, the others keep their rows. Rows and rejections of changed and
    removed files go. The result is the table a landing of every file gives (record_hash
    included), in another row order.

    Bad lines go to raw.rejected_records with their reason; blank lines carry no record and
    are skipped. A missing folder or no files lands an empty table and a warning.
    """
    result = LandingResult(source)
    ensure_raw_schema(con)
    files = source_files(landing_dir, source)
    if not files:
        result.warnings.append(
            f"no *.jsonl or *.jsonl.gz files in {landing_dir / source.folder}: landed empty"
        )
    [(table_exists,)] = con.execute(
        "select count(*) > 0 from duckdb_tables() where schema_name = 'raw' and table_name = ?",
        [source.name],
    ).fetchall()
    landed = {
        file: tuple(fingerprint)
        for file, *fingerprint in con.execute(
            "select file, size_bytes, modified_ns, max_line_bytes from raw.landed_files "
            "where source = ?",
            [source.name],
        ).fetchall()
    }
    # a table of no recorded files (none landed yet, or landed before files were recorded)
    # is made anew
    fresh = not table_exists or not landed
    if fresh:
        landed = {}
    current = {str(path): _fingerprint(path, max_line_bytes) for path in files}
    to_read = [path for path in files if landed.get(str(path)) != current[str(path)]]
    gone = [file for file in landed if landed[file] != current.get(file)]

    con.execute("set preserve_insertion_order = true")  # row k of a file's scan is line k + 1
    con.execute(
        """
        create or replace temp table _landing_checked (
            file varchar, file_modified_at timestamp with time zone, line bigint, record json,
            record_id varchar, reason varchar, excerpt varchar)
        """
    )
    read_warnings: dict[str, list[str]] = {}
    # Files are read before the transaction: a file DuckDB refuses must not abort it.
    for path in to_read:
        warnings = read_warnings.setdefault(str(path), [])
        _read_file(con, path, max_line_bytes, warnings)
        _check_lines(con, path, source, max_line_bytes)
    con.execute("drop table if exists _landing_file")
    con.register(
        "_landing_files_read",
        pa.table(
            {
                "file": [str(path) for path in to_read],
                "size_bytes": [current[str(path)][0] for path in to_read],
                "modified_ns": [current[str(path)][1] for path in to_read],
                "warnings": [read_warnings[str(path)] for path in to_read],
            },
            schema=FILES_READ_SCHEMA,
        ),
    )
    con.register("_landing_files_gone", pa.table({"file": gone}, schema=FILES_GONE_SCHEMA))

    con.execute("begin transaction")
    if fresh:
        con.execute(
            f"""
            create or replace table {source.table} (
                _source_file varchar, _line bigint, _loaded_at timestamp with time zone,
                _file_modified_at timestamp with time zone, record_id varchar, record json,
                record_hash varchar)
            """
        )
        con.execute("delete from raw.rejected_records where source = ?", [source.name])
        con.execute("delete from raw.landed_files where source = ?", [source.name])
    # the ids of the lines that go or come: only theirs can start or stop repeating
    con.execute(
        f"""
        create or replace temp table _landing_ids as
        select record_id from {source.table}
        where _source_file in (select file from _landing_files_gone)
        union
        select record_id from _landing_checked where reason is null
        """
    )
    con.execute(
        f"delete from {source.table} where _source_file in (select file from _landing_files_gone)"
    )
    con.execute(
        "delete from raw.rejected_records where source = ? "
        "and file in (select file from _landing_files_gone)",
        [source.name],
    )
    con.execute(
        "delete from raw.landed_files where source = ? "
        "and file in (select file from _landing_files_gone)",
        [source.name],
    )
    con.execute(
        f"""
        insert into {source.table}
        select file, line, now(), file_modified_at, record_id, record, null
        from _landing_checked
        where reason is null
        """
    )
    _hash_repeated_ids(con, source)
    con.execute(
        """
        insert into raw.rejected_records
        select ?, file, line, reason, excerpt, now() from _landing_checked where reason is not null
        """,
        [source.name],
    )
    con.execute(
        """
        insert into raw.landed_files
        select ?, files.file, files.size_bytes, files.modified_ns, ?,
            (select count(*) from _landing_checked as lines where lines.file = files.file),
            files.warnings, now()
        from _landing_files_read as files
        """,
        [source.name, max_line_bytes],
    )
    con.execute(
        f"""
        insert or replace into raw.landing_summary
        select ?, count(*), coalesce(sum(lines_read), 0),
            (select count(*) from {source.table}), ?, now()
        from raw.landed_files
        where source = ?
        """,
        [source.name, rejected_count(con, source.name), source.name],
    )
    con.execute("commit")
    con.execute("drop table _landing_checked")
    con.execute("drop table _landing_ids")
    con.unregister("_landing_files_read")
    con.unregister("_landing_files_gone")

    result.files = [str(path) for path in files]
    result.files_read = [str(path) for path in to_read]
    result.warnings += [
        warning
        for (warnings,) in con.execute(
            "select warnings from raw.landed_files where source = ? order by file", [source.name]
        ).fetchall()
        for warning in warnings
    ]
    [(result.lines_read, result.rows_landed, result.rows_rejected)] = con.execute(
        "select lines_read, rows_landed, rows_rejected from raw.landing_summary where source = ?",
        [source.name],
    ).fetchall()
    return result


def _hash_repeated_ids(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """record_hash (module docstring) of the lines whose id comes or goes this time: the hash
    of the value where the id is on several lines, else null."""
    con.execute(
        f"""
        update {source.table} as lines
        set record_hash = if(ids.lines > 1, md5(json_normalize(lines.record)), null)
        from (
            select record_id, count(*) as lines
            from {source.table}
            where record_id in (select record_id from _landing_ids)
            group by record_id
        ) as ids
        where lines.record_id = ids.record_id
            and (ids.lines > 1 or lines.record_hash is not null)
        """
    )


def _read_file(
    con: duckdb.DuckDBPyConnection, path: Path, max_line_bytes: int, warnings: list[str]
) -> None:
    """Fill temp table _landing_file (text, reason) with the file's lines, line k as row k - 1."""
    try:
        if path.name.endswith(".gz"):
            _check_gzip(path)
        con.execute(
            """
            create or replace temp table _landing_file as
            select text, null::varchar as reason
            from read_csv(?, columns = {'text': 'varchar'}, header = false, auto_detect = false,
                delim = chr(1), quote = '', escape = '', new_line = '\\n', strict_mode = true,
                max_line_size = ?)
            """,
            [str(path), max_line_bytes + READER_SLACK_BYTES],
        )
    except DECOMPRESSION_ERRORS:  # a damaged gzip: Python lands what it can decompress
        _read_file_in_python(con, path, warnings)
    except (duckdb.InvalidInputException, duckdb.IOException) as error:
        warnings.append(f"{path}: read line by line in Python ({str(error).splitlines()[0]})")
        _read_file_in_python(con, path, warnings)


def _check_gzip(path: Path) -> None:
    """Raise if the file does not decompress: DuckDB's reader verifies no gzip checksum."""
    with gzip.open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass


def _read_file_in_python(con: duckdb.DuckDBPyConnection, path: Path, warnings: list[str]) -> None:
    """The fallback reader. A line that is not UTF-8, and the unreadable rest of a damaged file,
    get their reason here and an excerpt as their text."""
    con.execute("create or replace temp table _landing_file (text varchar, reason varchar)")
    texts: list[str] = []
    reasons: list[str | None] = []

    def flush() -> None:
        con.register("_landing_batch", pa.table([texts, reasons], schema=LINES_SCHEMA))
        con.execute("insert into _landing_file select * from _landing_batch")
        con.unregister("_landing_batch")
        texts.clear()
        reasons.clear()

    number = 0
    try:
        with gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                raw = raw.rstrip(b"\r\n")
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)  # as DuckDB's reader does
                try:
                    texts.append(raw.decode("utf-8"))
                    reasons.append(None)
                except UnicodeDecodeError as error:
                    texts.append(raw[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace"))
                    reasons.append(f"invalid UTF-8 at byte {error.start}")
                if len(texts) >= BATCH_LINES:
                    flush()
    except DECOMPRESSION_ERRORS as error:
        texts.append("")
        reasons.append(f"file unreadable from line {number + 1}: {error}")
        warnings.append(f"{path}: unreadable from line {number + 1} ({error}), rest rejected")
    flush()


def _check_lines(
    con: duckdb.DuckDBPyConnection, path: Path, source: Source, max_line_bytes: int
) -> None:
    """Append every non-blank line of _landing_file to _landing_checked with its record, id and
    reason, set-wise."""
    id_field = source.id_field
    con.execute(
        f"""
        insert into _landing_checked
        with lines as (
            select rowid + 1 as line, text, reason, strlen(text) > {max_line_bytes} as too_long
            from _landing_file
            where reason is not null or not regexp_full_match(text, '[ \\t\\r]*')
        ),
        parsed as (
            select *, if(too_long, null, try_cast(text as json)) as doc from lines
        ),
        identified as (
            select *, json_extract(doc, '$.{id_field}') as id,
                nullif(trim(id ->> '$'), '') as record_id
            from parsed
        ),
        checked as (
            select line, text, doc, record_id, coalesce(reason, case
                when too_long then 'line longer than {max_line_bytes} bytes'
                when doc is null then 'not valid JSON'
                -- valid JSON that starts with a brace is an object: no need to parse it again
                when not regexp_matches(text, '^[ \\t\\r]*\\{{')
                    then 'not a JSON object (' || json_type(doc) || ')'
                when record_id is null then 'no id: field "{id_field}" missing or empty'
                when json_type(id) not in ('VARCHAR', 'BIGINT', 'UBIGINT')
                    then 'id is neither a string nor an integer (' || json_type(id) || ')'
            end) as reason
            from identified
        )
        select ?, to_timestamp(?), line, if(reason is null, doc, null),
            if(reason is null, record_id, null), reason,
            if(reason is null, null, left(text, {EXCERPT_CHARS}))
        from checked
        """,
        [str(path), path.stat().st_mtime],
    )
