"""A seeded writer of landing files for the landing fuzz test: good lines interleaved with bad
lines of many kinds, and gzip files damaged on purpose. Every line it writes is labelled with
what landing must do with it. The same seed writes the same bytes."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NOT_JSON = "not valid JSON"
NOT_OBJECT = "not a JSON object ("
BAD_ID = "id is neither a string nor an integer ("
WORDS = [
    "deep",
    "graph",
    "Tsinghua",
    "字节跳动",
    "Zürich",
    "naïve",
    "😀",
    'quo"te',
    "back\\slash",
    "tab\t",
]


@dataclass(frozen=True)
class Line:
    """What landing must do with one non-blank line: land it with `record_id`, or reject it
    with a reason that starts with `reason`."""

    file: str
    number: int
    record_id: str | None = None
    reason: str | None = None


@dataclass
class FuzzedLanding:
    lines: list[Line] = field(default_factory=list)
    damaged_files: list[str] = field(default_factory=list)  # the gzip files broken on purpose

    @property
    def bad_lines(self) -> int:
        return sum(line.reason is not None for line in self.lines)


def write_fuzzed_landing(
    landing: Path, folders: dict[str, str], seed: int, bad_lines: int, max_line_bytes: int
) -> FuzzedLanding:
    """Write, into each folder (folder → its id field), about `bad_lines / len(folders)` bad lines
    between as many good ones, over plain and gzip files that DuckDB reads itself and files
    only Python can read; and two damaged gzip files per folder."""
    rng = random.Random(seed)
    fuzzed = FuzzedLanding()
    for folder, id_field in folders.items():
        writer = _Writer(rng, id_field, max_line_bytes)
        per_file = bad_lines // len(folders) // 4 + 1
        for name, readable in (
            ("a_text.jsonl", True),
            ("b_bytes.jsonl", False),
            ("c_text.jsonl.gz", True),
            ("d_bytes.jsonl.gz", False),
        ):
            path = landing / folder / name
            fuzzed.lines += writer.write(path, writer.lines(per_file, readable))
        # a line over DuckDB's own line limit makes its reader refuse the whole file
        huge = b'{"' + id_field.encode() + b'": "huge", "x": "' + b"h" * (2 << 20) + b'"}'
        path = landing / folder / "e_huge.jsonl"
        fuzzed.lines += writer.write(
            path,
            [
                writer.good(),
                (huge, None, f"line longer than {max_line_bytes} bytes"),
                writer.good(),
            ],
        )
        for name, damage in (("f_flipped.jsonl.gz", flip_a_byte), ("g_cut.jsonl.gz", cut_in_half)):
            path = landing / folder / name
            content = b"".join(text + b"\n" for text, *_ in writer.lines(per_file // 4, True))
            path.write_bytes(damage(gzip.compress(content, mtime=0)))
            fuzzed.damaged_files.append(str(path))
    return fuzzed


class _Writer:
    def __init__(self, rng: random.Random, id_field: str, max_line_bytes: int):
        self.rng = rng
        self.id_field = id_field
        self.max_line_bytes = max_line_bytes
        self.records: list[dict] = []  # earlier good records, to repeat as duplicates

    def write(self, path: Path, lines: list[tuple[bytes, str | None, str | None]]) -> list[Line]:
        """Write the lines with blank lines between some, a BOM before the first one now and
        then, and no newline after the last one now and then. `lines` are (bytes, record_id,
        reason), the first one good: landing strips a BOM at the start of a file."""
        rng = self.rng
        data, labelled, number = io.BytesIO(), [], 0
        if rng.random() < 0.5:
            data.write(codecs.BOM_UTF8)
        for text, record_id, reason in lines:
            while rng.random() < 0.1:
                number += 1
                data.write(rng.choice([b"", b"  ", b"\t", b" \t "]) + b"\n")
            number += 1
            labelled.append(Line(str(path), number, record_id, reason))
            data.write(text + b"\n")
        content = data.getvalue()
        if rng.random() < 0.5:
            content = content.removesuffix(b"\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(content, mtime=0) if path.name.endswith(".gz") else content)
        return labelled

    def lines(self, bad: int, readable: bool) -> list[tuple[bytes, str | None, str | None]]:
        """`bad` bad lines of every kind, in random order, each next to a good line. In a file
        DuckDB reads itself (`readable`), no bad bytes and no carriage returns."""
        kinds = self.bad_kinds + ([] if readable else self.byte_kinds)
        out = []
        for _ in range(bad):
            out.append(self.good(crlf=not readable and self.rng.random() < 0.3))
            out.append(self.rng.choice(kinds)())
        return out

    # good lines

    def good(self, crlf: bool = False) -> tuple[bytes, str, None]:
        """A good record, or now and then an earlier one again: the same value written another
        way (key order, spacing, escapes) or with one value changed."""
        rng = self.rng
        if self.records and rng.random() < 0.2:
            record = dict(rng.choice(self.records))
            if rng.random() < 0.5:
                record["changed"] = rng.random()
        else:
            identifier = rng.choice(
                [rng.randrange(-(10**6), 10**6), self.word() + str(len(self.records))]
            )
            record = {self.id_field: identifier, "content": self.value(3)}
            while len(json.dumps(record, separators=(" , ", " : "))) > self.max_line_bytes // 2:
                record["content"] = self.value(3)  # a good line stays well within the limit
            self.records.append(record)
        text = self.dumps(record)
        if crlf:
            text = text.replace(b", ", b",\r ") + b"\r"  # CR is JSON whitespace, and a line end
        identifier = record[self.id_field]
        return text, str(identifier), None

    def dumps(self, record: dict) -> bytes:
        rng = self.rng
        items = list(record.items())
        rng.shuffle(items)
        separators = rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")])
        return json.dumps(
            dict(items), ensure_ascii=rng.random() < 0.5, separators=separators
        ).encode()

    def word(self) -> str:
        return "".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 3)))

    def value(self, depth: int):
        rng = self.rng
        kind = rng.randrange(7 if depth else 4)
        if kind == 0:
            return self.word()
        if kind == 1:
            return rng.choice([rng.randrange(-(10**12), 10**12), rng.uniform(-1e6, 1e6), 1e300])
        if kind == 2:
            return rng.choice([True, False, None])
        if kind == 3:
            return ""
        if kind in (4, 5):
            return {self.word(): self.value(depth - 1) for _ in range(rng.randint(0, 3))}
        return [self.value(depth - 1) for _ in range(rng.randint(0, 3))]

    # bad lines: each returns (bytes, None, the reason it must get)

    @property
    def bad_kinds(self) -> list[Callable[[], tuple[bytes, None, str]]]:
        missing = f'no id: field "{self.id_field}" missing or empty'
        key = json.dumps(self.id_field)
        too_long = f"line longer than {self.max_line_bytes} bytes"

        def fixed(text: str, reason: str):
            return lambda: (text.encode(), None, reason)

        def truncated():
            text = self.good()[0].decode()  # cut between characters: the rest stays UTF-8
            return text[: self.rng.randrange(1, len(text) - 1)].encode(), None, NOT_JSON

        def over_long():
            record = {
                self.id_field: "long",
                "pad": "x" * self.rng.randint(self.max_line_bytes, 3 * self.max_line_bytes),
            }
            return self.dumps(record), None, too_long

        return [
            truncated,
            over_long,
            fixed("[1, 2, 3]", NOT_OBJECT + "ARRAY"),
            fixed("[]", NOT_OBJECT + "ARRAY"),
            fixed("42", NOT_OBJECT + "UBIGINT"),
            fixed("-3", NOT_OBJECT + "BIGINT"),
            fixed("2.5", NOT_OBJECT + "DOUBLE"),
            fixed('"a string"', NOT_OBJECT + "VARCHAR"),
            fixed("true", NOT_OBJECT + "BOOLEAN"),
            fixed("null", NOT_OBJECT + "NULL"),
            fixed('{"content": {}}', missing),
            fixed(f"{{{key}: null}}", missing),
            fixed(f'{{{key}: ""}}', missing),
            fixed(f'{{{key}: "   "}}', missing),
            fixed(f"{{{key}: NaN}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: Infinity}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: -Infinity}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: 1.5}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: 1e400}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: 18446744073709551616}}", BAD_ID + "DOUBLE"),
            fixed(f"{{{key}: true}}", BAD_ID + "BOOLEAN"),
            fixed(f'{{{key}: {{"a": 1}}}}', BAD_ID + "OBJECT"),
            fixed(f'{{{key}: ["a"]}}', BAD_ID + "ARRAY"),
            fixed(f'{{{key}: "\\ud800"}}', NOT_JSON),  # a lone surrogate
            fixed(f'{{{key}: "a\x00b"}}', NOT_JSON),
            fixed(f'{{{key}: "x"}} and more', NOT_JSON),
            fixed(f'\ufeff{{{key}: "bom"}}', NOT_JSON),  # a BOM is no whitespace after line 1
            fixed("not json at all", NOT_JSON),
            fixed("{" * 200, NOT_JSON),
            fixed("[" * 200 + "]" * 200, NOT_OBJECT + "ARRAY"),
        ]

    @property
    def byte_kinds(self) -> list[Callable[[], tuple[bytes, None, str]]]:
        """Bad lines only Python can read: bytes that are not UTF-8, a raw 0x01, a raw CR."""
        key = json.dumps(self.id_field).encode()

        def not_utf8():
            good = self.good()[0]
            cut = self.rng.randrange(1, len(good))
            text = (
                good[:cut]
                + self.rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82"])
                + good[cut:]
            )
            try:
                text.decode("utf-8")
            except UnicodeDecodeError as error:
                return text, None, f"invalid UTF-8 at byte {error.start}"
            raise AssertionError("bytes meant to be invalid UTF-8 decoded")

        return [
            not_utf8,
            lambda: (b"{" + key + b': "a\x01b"}', None, NOT_JSON),
            lambda: (b"{" + key + b': "a\rb"}', None, NOT_JSON),  # a raw CR inside a string
        ]


def flip_a_byte(data: bytes) -> bytes:
    """Flip the first byte from the middle of a gzip stream on that breaks its deflate data
    (Python's gzip then raises zlib.error; most flips only fail the checksum at the end)."""
    for position in range(len(data) // 2, len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        try:
            zlib.decompress(bytes(damaged), wbits=31)
        except zlib.error as error:
            if "invalid" in str(error):
                return bytes(damaged)
    raise AssertionError("no byte flip breaks this gzip stream")


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]
