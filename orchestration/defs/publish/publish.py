"""Publishing the checked marts for BI readers (the README).

New files are written beside the old ones and renamed into place, so a reader that holds
`marts.duckdb` open read-only keeps its snapshot, never blocks a build, and never sees half a
mart; a build that fails before this step leaves the last published files as they were.
Person identifiers are replaced by a keyed hash unless TALENTFLOW_PUBLISH_IDENTIFIERS=1.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.settings import Settings

# Direct identifiers left out of the published `researchers` (person_id is pseudonymized).
DIRECT_IDENTIFIERS = ("display_name", "career_profile_id")


def pseudonym_key(settings: Settings) -> bytes:
    """TALENTFLOW_PSEUDONYM_KEY, else a random key generated once and kept beside the
    warehouse (never in the publish dir)."""
    if settings.pseudonym_key:
        return settings.pseudonym_key.encode()
    path = settings.warehouse.parent / f"{settings.warehouse.name}.pseudonym_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def pseudonym(key: bytes, person_id: str) -> str:
    return hmac.new(key, person_id.encode(), hashlib.sha256).hexdigest()[:24]


def publish(settings: Settings, marts: list[str]) -> dict[str, int]:
    """Write marts.duckdb and one Parquet file per mart into publish_dir, atomically per file."""
    warehouse, publish_dir = settings.warehouse, settings.publish_dir
    with_identifiers = settings.publish_identifiers
    publish_dir.mkdir(parents=True, exist_ok=True)
    for leftover in publish_dir.glob(".*.tmp"):  # from a build killed while publishing
        leftover.unlink()
    token = uuid.uuid4().hex[:8]
    staged: list[tuple[Path, Path]] = []
    rows: dict[str, int] = {}
    new_database = publish_dir / f".marts.duckdb.{token}.tmp"
    with duckdb.connect(str(new_database)) as con:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        if not with_identifiers:
            key = pseudonym_key(settings)
            ids = [
                person_id
                for (person_id,) in con.execute(
                    "select distinct person_id from warehouse.marts.researchers"
                ).fetchall()
            ]
            con.register(
                "pseudonyms",
                pa.table({"person_id": ids, "pseudonym": [pseudonym(key, i) for i in ids]}),
            )
        for mart in marts:
            query = f"select * from warehouse.marts.{mart}"
            if mart == "researchers" and not with_identifiers:
                query = (
                    "select pseudonyms.pseudonym as person_id, researchers.* exclude "
                    f"(person_id, {', '.join(DIRECT_IDENTIFIERS)}) "
                    "from warehouse.marts.researchers as researchers "
                    "join pseudonyms on researchers.person_id = pseudonyms.person_id"
                )
            con.execute(f"create table main.{mart} as {query}")
            parquet = publish_dir / f".{mart}.parquet.{token}.tmp"
            con.execute(f"copy main.{mart} to '{parquet}' (format parquet)")
            staged.append((parquet, publish_dir / f"{mart}.parquet"))
            [(rows[mart],)] = con.execute(f"select count(*) from main.{mart}").fetchall()
        con.execute("detach warehouse")
    staged.append((new_database, publish_dir / "marts.duckdb"))
    for temporary, final in staged:
        os.replace(temporary, final)
    return rows
