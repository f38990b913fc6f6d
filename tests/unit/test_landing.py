"""The line-level landing rules of docs/methodology.md#input and #bad-input, on a DuckDB file of
the test's own."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.landing.jsonl import SOURCES, land_source
from tests.fuzz_lines import cut_in_half, flip_a_byte
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


def land_damaged_gzip(tmp_path, con, damage) -> tuple[int, str, Path]:
    """Land a damaged gzip of 20,000 good lines and a good file after it; return the line and
    reason of the one record that rejects the unreadable rest, and the damaged file."""
    words = ["deep", "graph", "neural", "model", "vision", "language", "learning", "robust"]
    rng = random.Random(5)
    lines = [
        json.dumps({"id": f"n{i}", "title": " ".join(rng.choices(words, k=8))}).encode()
        for i in range(1, 20_001)
    ]
    damaged = tmp_path / "openreview/notes/a.jsonl.gz"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(damage(gzip.compress(b"\n".join(lines) + b"\n", mtime=0)))
    write_lines(tmp_path / "openreview/notes/b.jsonl", [{"id": "after"}])

    result = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)

    [(line, reason, excerpt)] = con.execute(
        "select line, reason, excerpt from raw.rejected_records where reason like 'file%'"
    ).fetchall()
    assert reason.startswith(f"file unreadable from line {line}: ") and excerpt == ""
    assert con.execute(
        "select record_id from raw.openreview_notes where _source_file like '%b.jsonl'"
    ).fetchall() == [("after",)]
    assert result.lines_read == result.rows_landed + result.rows_rejected
    assert any(f"unreadable from line {line}" in warning for warning in result.warnings)
    return line, reason, damaged


def lines_of(con, path: Path) -> list[tuple[int, str]]:
    return (
        con.execute(
            "select _line, record_id from raw.openreview_notes where _source_file = ? order by 1",
            [str(path)],
        ).fetchall()
        + con.execute(
            "select line, reason from raw.rejected_records where file = ? order by 1", [str(path)]
        ).fetchall()
    )


def test_a_gzip_cut_short_lands_every_line_before_the_cut(tmp_path, con):
    line, reason, damaged = land_damaged_gzip(tmp_path, con, cut_in_half)
    assert line > 1000
    assert "Compressed file ended before the end-of-stream marker" in reason
    assert lines_of(con, damaged)[:-1] == [(i, f"n{i}") for i in range(1, line)]


def test_a_gzip_with_a_flipped_byte_lands_what_was_read_before_it(tmp_path, con):
    # broken deflate data raises zlib.error, which is no OSError
    line, reason, damaged = land_damaged_gzip(tmp_path, con, flip_a_byte)
    assert line > 1000
    assert "Error -3 while decompressing data" in reason
    # the lines before the damage, each landed or rejected once
    assert sorted(number for number, _ in lines_of(con, damaged)) == list(range(1, line + 1))


def test_a_file_named_gz_that_is_not_gzip_is_one_rejected_record(tmp_path, con):
    line, reason, _ = land_damaged_gzip(tmp_path, con, gzip.decompress)
    assert (line, reason) == (1, "file unreadable from line 1: Not a gzipped file (b'{\"')")


def test_an_id_must_be_a_string_or_an_integer(tmp_path, con):
    bad_id = "id is neither a string nor an integer"
    lines = {
        '{"id": NaN}': f"{bad_id} (DOUBLE)",  # DuckDB's JSON parser reads NaN and Infinity
        '{"id": Infinity}': f"{bad_id} (DOUBLE)",
        '{"id": -Infinity}': f"{bad_id} (DOUBLE)",
        '{"id": 1.5}': f"{bad_id} (DOUBLE)",
        '{"id": 1e400}': f"{bad_id} (DOUBLE)",
        '{"id": 18446744073709551616}': f"{bad_id} (DOUBLE)",  # beyond 64 bits
        '{"id": true}': f"{bad_id} (BOOLEAN)",
        '{"id": {"a": 1}}': f"{bad_id} (OBJECT)",
        '{"id": []}': f"{bad_id} (ARRAY)",
        '{"id": null}': 'no id: field "id" missing or empty',
        '{"id": 42}': "42",
        '{"id": -7}': "-7",
        '{"id": 18446744073709551615}': "18446744073709551615",
        '{"id": " padded "}': "padded",
    }
    write_lines(tmp_path / "openreview/notes/a.jsonl", list(lines))
    land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    outcome = dict(
        con.execute(
            "select _line, record_id from raw.openreview_notes union all "
            "select line, reason from raw.rejected_records"
        ).fetchall()
    )
    assert [outcome[number] for number in range(1, len(lines) + 1)] == list(lines.values())


@pytest.mark.parametrize("reader", ["DuckDB", "Python"])
def test_no_bytes_stop_landing_and_both_readers_agree(tmp_path, con, reader):
    lines = [
        "\ufeff" + '{"id": "bom"}',  # a BOM before the first line belongs to the file
        '{"id": "nul\\u0000"}',
        '{"id": "raw nul\x00"}',
        '{"id": "\\ud800"}',  # a lone surrogate
        '{"id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "huge", "x": 1e400, "y": -1e400}',
        '{"id": "first", "id": "second"}',
        '{"id": "nan inside", "x": NaN, "y": [1,]}',  # DuckDB's parser is lenient here
        "\ufeff" + '{"id": "bom later"}',
        "  ",
        '{"id": "last, without a newline"}',
    ]
    data = [line.encode() for line in lines]
    if reader == "Python":  # DuckDB's reader refuses CR line ends and bytes that are not UTF-8
        data = [line + b"\r" for line in data]
        data[9] = b'{"id": "\xff"}'
    for name in ("a.jsonl", "b.jsonl.gz"):
        path = tmp_path / "openreview/notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        content = b"\n".join(data)
        path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)

    result = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)

    assert bool(result.warnings) == (reader == "Python")
    not_json = "not valid JSON"
    rejected = [(3, not_json), (4, not_json), (9, not_json)]
    if reader == "Python":
        rejected.append((10, "invalid UTF-8 at byte 8"))
    for name in ("a.jsonl", "b.jsonl.gz"):
        assert con.execute(
            "select _line, record_id from raw.openreview_notes where _source_file like ? "
            "order by 1",
            [f"%{name}"],
        ).fetchall() == [
            (1, "bom"),
            (2, "nul\x00"),
            (5, "deep"),
            (6, "huge"),
            (7, "first"),
            (8, "nan inside"),
            (11, "last, without a newline"),
        ]
        assert (
            con.execute(
                "select line, reason from raw.rejected_records where file like ? order by 1",
                [f"%{name}"],
            ).fetchall()
            == rejected
        )
    assert result.lines_read == result.rows_landed + result.rows_rejected


def test_record_hash_is_equal_exactly_for_equal_values_of_a_repeated_id(tmp_path, con):
    write_lines(
        tmp_path / "openreview/notes/a.jsonl",
        [
            '{"id": "a", "x": 1, "y": {"p": [1, 2], "q": "é"}}',
            '{"y": {"q": "\\u00e9", "p": [1, 2]}, "x": 1, "id": "a"}',  # key order, escape
            '{ "id" : "a" , "x" : 1 , "y" : { "p" : [ 1 , 2 ] , "q" : "é" } }',  # spacing
            '{"id": "a", "x": 1.0, "y": {"p": [1, 2], "q": "é"}}',  # 1.0 is not 1
            '{"id": "a", "x": 1, "y": {"p": [2, 1], "q": "é"}}',  # order in a list counts
            '{"id": "b", "x": 1}',
        ],
    )
    land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    hashes = dict(con.execute("select _line, record_hash from raw.openreview_notes").fetchall())
    assert hashes[1] == hashes[2] == hashes[3]
    assert len({hashes[1], hashes[4], hashes[5]}) == 3
    assert hashes[6] is None  # an id on one line only: nothing to compare


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_line_numbers_are_exact_in_a_file_duckdb_reads_in_parallel(tmp_path, con, name):
    rng = random.Random(3)
    lines = [
        "" if rng.random() < 0.05 else json.dumps({"id": f"n{i}", "pad": "x" * rng.randrange(300)})
        for i in range(1, 200_001)
    ]
    write_lines(tmp_path / "openreview/notes" / name, lines)
    result = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    assert not result.warnings  # DuckDB read it, not Python
    assert con.execute(
        "select count(*), count(*) filter (record_id <> 'n' || _line) from raw.openreview_notes"
    ).fetchone() == (sum(1 for line in lines if line), 0)


def landed_state(con) -> dict[str, list]:
    """Everything landing leaves of the notes source, in a fixed order (not its _loaded_at)."""
    return {
        "rows": con.execute(
            "select _source_file, _line, _file_modified_at, record_id, record::varchar, "
            "record_hash from raw.openreview_notes order by all"
        ).fetchall(),
        "rejected": rejected(con),
        "summary": con.execute(
            "select files, lines_read, rows_landed, rows_rejected from raw.landing_summary "
            "where source = 'openreview_notes'"
        ).fetchall(),
    }


def test_landing_again_reads_only_new_and_changed_files_and_equals_a_fresh_landing(tmp_path, con):
    folder = tmp_path / "openreview/notes"
    write_lines(folder / "a.jsonl", [{"id": "n1", "v": 1}, "bad", {"id": "n5", "v": 5}])
    changed = write_lines(folder / "b.jsonl", [{"id": "n3"}, {"id": "n2"}])
    removed = write_lines(folder / "d.jsonl", [{"id": "n5", "v": 5}, "bad in d"])
    first = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    assert first.files_read == first.files
    assert con.execute(
        "select count(*) from raw.openreview_notes where record_id = 'n5' and record_hash "
        "is not null"
    ).fetchone() == (2,)

    added = write_lines(folder / "c.jsonl", [{"id": "n1", "v": 1}, {"id": "n4"}, "bad in c"])
    write_lines(changed, [{"id": "n3", "v": 3}, "bad in b"])
    os.utime(changed, ns=(1, 1))  # changed, whatever the clock's resolution
    removed.unlink()
    again = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)

    assert again.files_read == [str(changed), str(added)]
    with duckdb.connect(str(tmp_path / "fresh.duckdb")) as fresh:
        land_source(fresh, tmp_path, NOTES, max_line_bytes=1 << 20)
        assert landed_state(con) == landed_state(fresh)
    hashed = dict(
        con.execute(
            "select record_id, count(record_hash) from raw.openreview_notes group by 1"
        ).fetchall()
    )
    # n1 repeats now (a and c), n5 no longer (d is gone); n2 went with b's old content
    assert hashed == {"n1": 2, "n3": 0, "n4": 0, "n5": 0}
    assert (again.lines_read, again.rows_landed, again.rows_rejected) == (8, 5, 3)


def test_a_new_line_limit_reads_every_file_again(tmp_path, con):
    write_lines(tmp_path / "openreview/notes/a.jsonl", [{"id": "n1", "title": "x" * 200}])
    write_lines(tmp_path / "openreview/notes/b.jsonl", [{"id": "n2"}])
    land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    result = land_source(con, tmp_path, NOTES, max_line_bytes=100)
    assert result.files_read == result.files
    assert [reason for _, _, reason, _ in rejected(con)] == ["line longer than 100 bytes"]


def test_an_unchanged_file_keeps_its_warnings(tmp_path, con):
    path = tmp_path / "openreview/notes/a.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"id": "n1"}\r\n{"id": "n2"}\r\n')  # DuckDB's reader refuses it
    first = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    again = land_source(con, tmp_path, NOTES, max_line_bytes=1 << 20)
    assert again.files_read == [] and first.files_read == [str(path)]
    assert again.warnings == first.warnings and "line by line in Python" in first.warnings[0]
    assert again.rows_landed == 2
