"""The line-level landing rules of CONTRACT §1 and §6, on a DuckDB file of the test's own."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.landing.jsonl import SOURCES, land_source
from tests.landing_data import write_lines

NOTES = next(s for s in SOURCES if s.name == "openreview_notes")
CAREERS = next(s for s in SOURCES if s.name == "career_profiles")


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        yield connection


def rejected(con):
    return con.execute(
        "select file, line, reason, excerpt from raw.rejected_records order by file, line"
    ).fetchall()


def test_each_bad_line_is_rejected_with_its_reason_and_good_lines_land(tmp_path, con):
    path = write_lines(
        tmp_path / "openreview/notes/a.jsonl",
        [
            {"id": "n1", "content": {}},
            '{"id": "n2", "content": {"title": ',
            "[1, 2, 3]",
            "42",
            {"content": {"title": {"value": "no id"}}},
            {"id": "", "content": {}},
            b'{"id": "n3", "title": "\xff\xfe"}',
            "",
            {"id": "n4"},
        ],
    )
    result = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)

    assert con.execute(
        "select record_id, _line from raw.openreview_notes order by _line"
    ).fetchall() == [
        ("n1", 1),
        ("n4", 9),
    ]
    assert [(line, reason) for _, line, reason, _ in rejected(con)] == [
        (2, "not valid JSON"),
        (3, "not a JSON object (ARRAY)"),
        (4, "not a JSON object (UBIGINT)"),
        (5, 'no id: field "id" missing or empty'),
        (6, 'no id: field "id" missing or empty'),
        (7, "invalid UTF-8 at byte 23"),
    ]
    assert {file for file, *_ in rejected(con)} == {str(path)}
    assert (result.lines_read, result.rows_landed, result.rows_rejected) == (8, 2, 6)


def test_gzip_and_plain_files_land_alike_with_their_own_line_numbers(tmp_path, con):
    write_lines(tmp_path / "careers/profiles/a.jsonl", [{"public_identifier": "a1"}])
    write_lines(
        tmp_path / "careers/profiles/b.jsonl.gz",
        [{"public_identifier": "b1"}, "not json", {"public_identifier": "b3"}],
    )
    land_source(con, tmp_path, CAREERS, max_line_bytes=1 << 20)
    landed = con.execute(
        "select regexp_extract(_source_file, '[^/]+$'), _line, record_id "
        "from raw.career_profiles order by all"
    ).fetchall()
    assert landed == [("a.jsonl", 1, "a1"), ("b.jsonl.gz", 1, "b1"), ("b.jsonl.gz", 3, "b3")]
    assert [(line, reason) for _, line, reason, _ in rejected(con)] == [(2, "not valid JSON")]


def test_a_line_over_the_size_limit_is_rejected_with_a_1000_character_excerpt(tmp_path, con):
    big = {"id": "big", "content": {"abstract": "x" * 5000}}
    write_lines(tmp_path / "openreview/notes/a.jsonl", [big, {"id": "small"}])
    land_source(con, tmp_path, NOTES, max_line_bytes=4096)
    assert con.execute("select record_id from raw.openreview_notes").fetchall() == [("small",)]
    [(_, line, reason, excerpt)] = rejected(con)
    assert (line, reason) == (1, "line longer than 4096 bytes")
    assert len(excerpt) == 1000 and excerpt.startswith('{"id": "big"')


def test_a_missing_source_lands_an_empty_table_with_a_warning(tmp_path, con):
    result = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    assert con.execute("select count(*) from raw.openreview_notes").fetchone() == (0,)
    assert result.rows_landed == 0
    assert result.warnings and "landed empty" in result.warnings[0]


def test_landing_again_replaces_rows_and_rejections_of_that_source_only(tmp_path, con):
    write_lines(tmp_path / "openreview/notes/a.jsonl", [{"id": "n1"}, "bad"])
    write_lines(tmp_path / "careers/profiles/a.jsonl", ["bad too"])
    land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    land_source(con, tmp_path, CAREERS, max_line_bytes=1 << 20)
    land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    assert con.execute("select count(*) from raw.openreview_notes").fetchone() == (1,)
    assert con.execute(
        "select source, count(*) from raw.rejected_records group by all order by all"
    ).fetchall() == [("career_profiles", 1), ("openreview_notes", 1)]
    assert con.execute(
        "select source, lines_read, rows_landed, rows_rejected from raw.landing_summary "
        "order by source"
    ).fetchall() == [("career_profiles", 1, 0, 1), ("openreview_notes", 2, 1, 1)]
