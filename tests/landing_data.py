"""Writers of landing dirs (CONTRACT §1) for tests."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

FOLDERS = {
    "profiles": "openreview/profiles",
    "notes": "openreview/notes",
    "careers": "careers/profiles",
    "github": "careers/github",
}


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
    for kind, records in (
        ("profiles", profiles),
        ("notes", notes),
        ("careers", careers),
        ("github", github),
    ):
        records = list(records)
        if records:
            write_lines(landing / FOLDERS[kind] / f"{kind}.jsonl", records)
    return landing
