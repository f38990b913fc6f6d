"""Crash-safe JSONL: a partial file appended one fsync'ed batch at a time, published by rename.

A landing file (`*.jsonl`) is only ever made by `os.replace` of a complete partial file, so a
build never reads a half-written line. A partial file may end in a torn line after a crash: on
opening, everything after its last newline (and a last line that is not a JSON object with an
id) is cut off, and the ids it holds say what was already fetched.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def dumps(record: dict) -> bytes:
    """One line: the record as the API returned it, compact, UTF-8; JSON escapes every control
    character, so the line holds no newline or carriage return."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PartialJsonl:
    """An append-only partial file keyed by `id`."""

    def __init__(self, path: Path, fresh: bool = False):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            path.unlink(missing_ok=True)
        self.ids: set[str] = set()
        self.last_id: str | None = None
        self.count = 0
        self._recover()

    def _recover(self) -> None:
        if not self.path.exists():
            self.path.touch()
            return
        data = self.path.read_bytes()
        keep = data.rfind(b"\n") + 1  # a torn last line has no newline yet
        lines = data[:keep].splitlines(keepends=True)
        while lines and _record_id(lines[-1]) is None:  # defensive: a damaged last line
            keep -= len(lines.pop())
        if keep < len(data):
            with open(self.path, "r+b") as handle:
                handle.truncate(keep)
                handle.flush()
                os.fsync(handle.fileno())
        for line in lines:
            record_id = _record_id(line)
            if record_id is not None:
                self.ids.add(record_id)
                self.last_id = record_id
                self.count += 1

    def append(self, records: Iterable[dict]) -> int:
        """Write records whose id is new, in one write, and fsync; returns how many."""
        fresh: list[dict] = []
        for record in records:
            record_id = record.get("id")
            if isinstance(record_id, str) and record_id and record_id not in self.ids:
                self.ids.add(record_id)
                fresh.append(record)
        if fresh:
            with open(self.path, "ab") as handle:
                handle.write(b"".join(dumps(record) for record in fresh))
                handle.flush()
                os.fsync(handle.fileno())
            self.last_id = fresh[-1]["id"]
            self.count += len(fresh)
        return len(fresh)

    def publish(self, final: Path) -> None:
        """Make the partial file the landing file `final`, atomically."""
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.path, final)
        _fsync_dir(final.parent)
        _fsync_dir(self.path.parent)


def _record_id(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    record_id = record.get("id") if isinstance(record, dict) else None
    return record_id if isinstance(record_id, str) and record_id else None


def read_records(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSONL file (plain or gzip); other lines are skipped."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def append_lines(path: Path, lines: Iterable[str]) -> None:
    data = "".join(f"{line}\n" for line in lines)
    if data:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def read_lines(path: Path) -> list[str]:
    """Whole lines only: a torn last line (no newline) is ignored."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text[: text.rfind("\n") + 1].splitlines() if line]


@contextlib.contextmanager
def locked(path: Path, what: str, wait: bool) -> Iterator[None]:
    """An exclusive lock on `path` (released when the process dies). Without `wait`, a lock
    held by another process raises BlockingIOError naming `what`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BlockingIOError(f"{what} is held by another process ({path})") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
