"""Writers of landing dirs (docs/methodology.md#input) for tests."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from orchestration.defs.landing.jsonl import SOURCES

# The landing layout has one definition: the SOURCES of landing.
FOLDERS = {source.name: source.folder for source in SOURCES}


def source_file(landing: Path, source: str, name: str) -> Path:
    """The path of file `name` of `source` (e.g. "openreview_notes") in a landing dir."""
    return landing / FOLDERS[source] / name


def write_lines(path: Path, lines: Iterable[str | bytes | dict]) -> Path:
    """Write one line per item: dicts as JSON, bytes as they are (to plant bad bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(
        (item if isinstance(item, bytes) else _text(item).encode("utf-8")) + b"\n" for item in lines
    )
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def _text(item: str | dict) -> str:
    return item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)


def write_landing(
    landing: Path,
    profiles: Iterable = (),
    notes: Iterable = (),
    careers: Iterable = (),
    github: Iterable = (),
) -> Path:
    for source, records in (
        ("openreview_profiles", profiles),
        ("openreview_notes", notes),
        ("career_profiles", careers),
        ("github_users", github),
    ):
        records = list(records)
        if records:
            write_lines(source_file(landing, source, f"{source}.jsonl"), records)
    return landing
