"""Refreshing a venue (docs/methodology.md#refreshing-a-venue): a warehouse built before a new
venue's files landed, built again with them, holds exactly what a full rebuild of the same
landing zone holds — its published marts and every table of the warehouse — and landing read
only the new files."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import duckdb
import pytest

from tests import small_world
from tests.conftest import MARTS, build
from tests.landing_data import source_file, write_lines

KEY = {"TALENTFLOW_PSEUDONYM_KEY": "refresh-test-key"}
VENUE = "venue-2025.jsonl"
# Chen's profile as fetched again with the venue: edited since (a later tmdate)
CHEN_AGAIN = copy.deepcopy(small_world.PROFILES[2])
CHEN_AGAIN["tmdate"] = small_world.ms(2025)
CHEN_AGAIN["content"]["history"][0]["end"] = 2025
CHEN_AGAIN["content"]["history"].insert(
    0, small_world.entry("Researcher", "Alibaba Group", 2025, None, "alibaba-inc.com")
)
VENUE_NOTES = [small_world.IVY_PAPER, small_world.note_v2("ChenVenuePaper", 2025, "~Chen_Zhao1")]
# a new author, an author's profile as it was (a duplicate of a line landed before) and one
# edited since
VENUE_PROFILES = [small_world.IVY, small_world.PROFILES[0], CHEN_AGAIN]


def add_venue(landing: Path) -> None:
    write_lines(source_file(landing, "openreview_notes", VENUE), VENUE_NOTES)
    write_lines(source_file(landing, "openreview_profiles", VENUE), VENUE_PROFILES)


def tables(root: Path) -> dict[str, list]:
    """Every table of the warehouse in `root` but the time of landing, its rows in a fixed
    order; the files it names, by their path in `root`."""

    def relative(row: tuple) -> tuple:
        return tuple(v.replace(str(root), "ROOT") if isinstance(v, str) else v for v in row)

    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name not in ('main') order by all"
        ).fetchall()
        content = {}
        for schema, table in names:
            columns = [
                f'"{name}"'
                for (name,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = ? "
                    "and table_name = ? and column_name not in ('_loaded_at') "
                    "order by column_index",
                    [schema, table],
                ).fetchall()
            ]
            rows = con.execute(f"select {', '.join(columns)} from {schema}.{table}").fetchall()
            content[f"{schema}.{table}"] = sorted(map(relative, rows), key=repr)
    return content


def published(root: Path) -> dict[str, list]:
    with duckdb.connect() as con:
        return {
            mart: con.execute(
                f"select * from '{root / 'published' / 'current' / mart}.parquet' order by all"
            ).fetchall()
            for mart in MARTS
        }


def files_read(result) -> dict[str, int]:
    return {
        event.asset_key.path[1]: event.materialization.metadata["files_read"].value
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "raw" and "files_read" in event.materialization.metadata
    }


@pytest.fixture(scope="module")
def refreshed_and_rebuilt(tmp_path_factory):
    refreshed = tmp_path_factory.mktemp("refreshed")
    build(refreshed, small_world.write(refreshed / "landing"), small_world.AS_OF, **KEY)
    before = published(refreshed)
    add_venue(refreshed / "landing")
    refresh = build(refreshed, refreshed / "landing", small_world.AS_OF, **KEY)

    rebuilt = tmp_path_factory.mktemp("rebuilt")
    # the same files, at another path: the full rebuild reads them all
    shutil.copytree(refreshed / "landing", rebuilt / "landing")
    rebuild = build(rebuilt, rebuilt / "landing", small_world.AS_OF, **KEY)
    return refreshed, rebuilt, before, refresh, rebuild


def test_the_refresh_reads_only_the_new_venue_files(refreshed_and_rebuilt):
    _, _, _, refresh, rebuild = refreshed_and_rebuilt
    assert files_read(refresh) == {
        "openreview_notes": 1,
        "openreview_profiles": 1,
        "career_profiles": 0,
        "github_users": 0,
    }
    assert files_read(rebuild) == {
        "openreview_notes": 2,
        "openreview_profiles": 2,
        "career_profiles": 1,
        "github_users": 1,
    }


def test_the_refresh_publishes_exactly_the_marts_of_a_full_rebuild(refreshed_and_rebuilt):
    refreshed, rebuilt, before, _, _ = refreshed_and_rebuilt
    after = published(refreshed)
    assert after == published(rebuilt)
    # and the venue changed them: Ivy joins Tencent in 2024
    for mart in ("researcher_cohorts", "company_inflows"):
        assert after[mart] != before[mart], mart


def test_the_refreshed_warehouse_equals_a_rebuilt_one_table_by_table(refreshed_and_rebuilt):
    refreshed, rebuilt, _, _, _ = refreshed_and_rebuilt
    left, right = tables(refreshed), tables(rebuilt)
    assert left.keys() == right.keys() and "raw.openreview_profiles" in left
    assert [name for name in left if left[name] != right[name]] == []
