"""Landing survives any bytes: a seeded fuzzer (tests/fuzz_lines.py) writes bad lines of many
kinds between good ones into all four sources, plain and gzip, plus damaged gzip files. Every
line must land with its id or be rejected with its reason, and the counts must add up."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.landing.jsonl import SOURCES, land_source
from tests.fuzz_lines import FuzzedLanding, Line, write_fuzzed_landing

MAX_LINE_BYTES = 600  # small, so that over-long lines are cheap to write


def land_fuzzed(tmp_path: Path, seed: int, bad_lines: int):
    landing = tmp_path / "landing"
    folders = {source.folder: source.id_field for source in SOURCES}
    fuzzed = write_fuzzed_landing(landing, folders, seed, bad_lines, MAX_LINE_BYTES)
    assert fuzzed.bad_lines >= bad_lines
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    results = [land_source(con, landing, source, MAX_LINE_BYTES) for source in SOURCES]
    return fuzzed, con, results


def check_landing(fuzzed: FuzzedLanding, con: duckdb.DuckDBPyConnection, results) -> None:
    landed = con.execute(
        " union all ".join(
            f"select _source_file, _line, 'landed', record_id from {source.table}"
            for source in SOURCES
        )
    ).fetchall()
    rejected = con.execute(
        "select file, line, 'rejected', reason from raw.rejected_records"
    ).fetchall()
    outcome = {(file, line): (what, value) for file, line, what, value in landed + rejected}
    assert len(outcome) == len(landed) + len(rejected)  # no line twice, none landed and rejected

    damaged = set(fuzzed.damaged_files)
    expected = {(line.file, line.number): line for line in fuzzed.lines}
    wrong = [
        (key, outcome.get(key), line)
        for key, line in expected.items()
        if not as_expected(outcome.get(key), line)
    ]
    wrong += [
        (key, outcome[key], None)
        for key in outcome
        if key[0] not in damaged and key not in expected
    ]
    assert not wrong, f"{len(wrong)} lines landed or rejected wrongly, e.g. {wrong[:3]}"

    # a damaged gzip: what was read before the damage is landed or rejected, then one record
    # stands for the unreadable rest
    for file in damaged:
        unreadable = {
            line: reason
            for (path, line), (what, reason) in outcome.items()
            if path == file and what == "rejected" and reason.startswith("file unreadable")
        }
        [(line, reason)] = unreadable.items()
        assert reason.startswith(f"file unreadable from line {line}: ")
        assert max(number for path, number in outcome if path == file) == line

    for source, result in zip(SOURCES, results, strict=True):
        [(landed_count,)] = con.execute(f"select count(*) from {source.table}").fetchall()
        [(rejected_count,)] = con.execute(
            "select count(*) from raw.rejected_records where source = ?", [source.name]
        ).fetchall()
        assert (result.rows_landed, result.rows_rejected) == (landed_count, rejected_count)
        assert result.lines_read == landed_count + rejected_count
        assert con.execute(
            "select lines_read, rows_landed, rows_rejected from raw.landing_summary "
            "where source = ?",
            [source.name],
        ).fetchall() == [(result.lines_read, landed_count, rejected_count)]


def as_expected(outcome: tuple[str, str] | None, line: Line) -> bool:
    if line.reason is None:
        return outcome == ("landed", line.record_id)
    return outcome is not None and outcome[0] == "rejected" and outcome[1].startswith(line.reason)


def check_record_hash(fuzzed: FuzzedLanding, con: duckdb.DuckDBPyConnection) -> None:
    """Two lines of one id share record_hash exactly when Python's json reads equal values;
    an id on one line only has none."""
    damaged = set(fuzzed.damaged_files)
    for source in SOURCES:
        rows = con.execute(
            f"select _source_file, record_id, record::varchar, record_hash, "
            f"count(*) over (partition by record_id) from {source.table}"
        ).fetchall()
        assert all((count == 1) == (digest is None) for *_, digest, count in rows)
        by_id = defaultdict(list)
        for file, record_id, record, digest, _ in rows:
            if file not in damaged:
                by_id[record_id].append((canonical(record), digest))
        pairs = [pair for lines in by_id.values() for pair in combinations(lines, 2)]
        assert all((a[0] == b[0]) == (a[1] == b[1]) for a, b in pairs)
        # the fuzzer wrote both: the same value written twice, and changed values of one id
        assert {a[0] == b[0] for a, b in pairs} == {True, False}


def canonical(text: str) -> str:
    return json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)


def test_every_fuzzed_line_lands_or_is_rejected_with_its_reason(tmp_path):
    fuzzed, con, results = land_fuzzed(tmp_path, seed=1, bad_lines=2000)
    check_landing(fuzzed, con, results)
    check_record_hash(fuzzed, con)


@pytest.mark.skipif(
    os.environ.get("TALENTFLOW_SLOW_TESTS") != "1", reason="set TALENTFLOW_SLOW_TESTS=1"
)
def test_a_larger_fuzzed_landing(tmp_path):
    fuzzed, con, results = land_fuzzed(tmp_path, seed=2, bad_lines=10_000)
    check_landing(fuzzed, con, results)
    check_record_hash(fuzzed, con)
