"""Where each landed source came from, when it was fetched, and under what terms
(docs/methodology.md#sources-and-terms).

A source's folder may hold `_source.json`: {"origin", "terms", "terms_url", "fetched_at"}, any
of them. `talentflow fetch` writes it for OpenReview; a user who lands a vendor's export writes
it for that export's licence. What it does not say comes from the source's defaults (SOURCES),
and fetched_at from the newest file's modification time. Every published manifest carries this.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from orchestration.defs.landing.jsonl import Source, source_files

PROVENANCE_FILE = "_source.json"
FIELDS = ("origin", "terms", "terms_url", "fetched_at")
# The registry's base, shipped in the repo (dbt_project/reference/ror/SOURCES.md).
ROR = {
    "source": "ror_organizations",
    "origin": "the Research Organization Registry (ror.org): ror-community/ror-records at "
    "commit d93fc66, subset in dbt_project/reference/ror",
    "terms": "CC0 1.0 (public domain dedication)",
    "terms_url": "https://creativecommons.org/publicdomain/zero/1.0/",
    "fetched_at": None,
}


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def provenance(landing_dir: Path, source: Source) -> dict:
    """The source's origin, terms, terms_url and fetched_at (null when nothing landed)."""
    files = source_files(landing_dir, source)
    described = {}
    sidecar = landing_dir / source.folder / PROVENANCE_FILE
    if sidecar.exists():
        described = {k: v for k, v in json.loads(sidecar.read_text()).items() if k in FIELDS}
    return {
        "source": source.name,
        "origin": source.origin,
        "terms": source.terms,
        "terms_url": source.terms_url,
        "fetched_at": _iso(max(p.stat().st_mtime for p in files)) if files else None,
        **described,
    }


def record_provenance(folder: Path, **described: str | None) -> None:
    """Write `folder/_source.json` (used by `talentflow fetch` and the sample generator)."""
    folder.mkdir(parents=True, exist_ok=True)
    values = {k: v for k, v in described.items() if k in FIELDS}
    (folder / PROVENANCE_FILE).write_text(json.dumps(values, indent=2) + "\n")
