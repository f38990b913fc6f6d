"""talentflow diff: what changed between two published builds, worked out by hand.

The small world (tests/small_world.py) is published, then built again with one more person:
Ivy, a researcher at Tencent from 2024 (paper 2024), with no education or earlier job known.
By docs/methodology.md#metrics that changes exactly
  researcher_cohorts  tencent 2024: headcount 1 -> 2, new_researchers 0 -> 1, and the cohort
                      shares over new_researchers (0 of 0: null) become 0 of 1: 0, with a 95%
                      Wilson interval [0, 0.7935]; the shares of known stay null (Ivy's
                      education is unknown)
                      tencent 2025: headcount 1 -> 2
  company_inflows, company_inflow_categories: a row added, tencent 2024 from `unknown`
  researchers: a row added (Ivy, under her pseudonym)
  unit_headcounts     tencent's own unit (tencent.com names no lab), 2024 and 2025: headcount
                      1 -> 2 (Hao's, from 2022)
and nothing else: no one moved or left (moves, company_flows, unit_leaver_destinations).
Every cell is published (TALENTFLOW_MIN_CELL_SIZE=1), so none is suppressed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.publish.assets import PUBLISHED_MARTS
from orchestration.defs.publish.publish import (
    current_snapshot,
    pseudonym,
    pseudonym_key,
    publish,
)
from orchestration.diff import Change, NoSnapshot, diff_snapshots, resolve
from tests import small_world
from tests.conftest import MARTS, build, run_talentflow, settings_for
from tests.landing_data import write_landing

K1 = {"TALENTFLOW_MIN_CELL_SIZE": "1"}
IVY, IVY_PAPER = small_world.IVY, small_world.IVY_PAPER
Z = 1.959963984540054
WILSON_HIGH_0_OF_1 = Z**2 / (1 + Z**2)  # 0.7935
# mart: (rows before, rows after, added, removed, changed rows, changed cells)
COUNTS = {
    "company_flows": (5, 5, 0, 0, 0, 0),
    "company_inflow_categories": (8, 9, 1, 0, 0, 0),
    "company_inflows": (8, 9, 1, 0, 0, 0),
    "education_backgrounds": (8, 8, 0, 0, 0, 0),
    "leaver_destination_categories": (4, 4, 0, 0, 0, 0),
    "leaver_destinations": (4, 4, 0, 0, 0, 0),
    "moves": (5, 5, 0, 0, 0, 0),
    "researcher_cohorts": (26, 26, 0, 0, 2, 15),
    "researchers": (8, 9, 1, 0, 0, 0),
    "unit_headcounts": (23, 23, 0, 0, 2, 2),
    "unit_leaver_destinations": (4, 4, 0, 0, 0, 0),
}


@pytest.fixture(scope="module")
def two_builds(small_world_build, tmp_path_factory):
    """The small world's warehouse published as it is, then Ivy's world built and published
    through Dagster: (root, the first manifest, the second build's result)."""
    root = tmp_path_factory.mktemp("diff")
    for name in ("warehouse.duckdb", "warehouse.duckdb.pseudonym_key"):
        shutil.copy2(small_world_build[0] / name, root / name)
    first = publish(settings_for(root, root / "landing", small_world.AS_OF, **K1), MARTS)
    landing = write_landing(
        root / "landing",
        [*small_world.PROFILES, IVY],
        [*small_world.NOTES, IVY_PAPER],
        small_world.CAREERS,
        small_world.GITHUB,
    )
    return root, first, build(root, landing, small_world.AS_OF, **K1)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_talentflow(root, "diff", *args, timeout=300)


def cohort_changes() -> set[tuple]:
    """Ivy's changes to researcher_cohorts, as (year, column, before, after)."""
    shares = ("phd_share", "fresh_grad_share", "fresh_phd_share", "overseas_education_share")
    return {
        (2024, "headcount", 1, 2),
        (2025, "headcount", 1, 2),
        (2024, "new_researchers", 0, 1),
        *((2024, share, None, 0.0) for share in shares),
        *((2024, f"{share}_ci_low", None, 0.0) for share in shares),
        *((2024, f"{share}_ci_high", None, round(WILSON_HIGH_0_OF_1, 12)) for share in shares),
    }


def test_the_diff_of_one_more_researcher(two_builds):
    root, first, _ = two_builds
    before, after = resolve(root / "published")
    assert before.name == first["build_id"] and after == current_snapshot(root / "published")
    diff = diff_snapshots(before, after, top=20)

    by_mart = {m.mart: m for m in diff.marts}
    assert {
        mart: (m.rows_before, m.rows_after, m.added, m.removed, m.changed_rows, m.changed_cells)
        for mart, m in by_mart.items()
    } == COUNTS
    assert (
        diff.totals["added_rows"],
        diff.totals["removed_rows"],
        diff.totals["changed_rows"],
    ) == (3, 0, 4)

    ivy = pseudonym(pseudonym_key(settings_for(root, root / "landing")), "~Ivy_Qi1")
    assert {mart: m.added_keys for mart, m in by_mart.items() if m.added_keys} == {
        "company_inflows": (
            {
                "company_id": "tencent",
                "join_year": 2024,
                "source_category": "unknown",
                "source_org_id": None,
            },
        ),
        "company_inflow_categories": (
            {"company_id": "tencent", "join_year": 2024, "source_category": "unknown"},
        ),
        "researchers": ({"person_id": ivy, "company_id": "tencent"},),
    }
    cohorts = by_mart["researcher_cohorts"]
    assert {
        (c.key["year"], c.column, c.before, None if c.after is None else round(c.after, 12))
        for c in cohorts.top
    } == cohort_changes()
    assert all(c.key["company_id"] == "tencent" for c in cohorts.top)
    # the largest moves first: the counts
    assert cohorts.top[:3] == (
        Change("researcher_cohorts", {"company_id": "tencent", "year": 2024}, "headcount", 1, 2),
        Change("researcher_cohorts", {"company_id": "tencent", "year": 2025}, "headcount", 1, 2),
        Change(
            "researcher_cohorts",
            {"company_id": "tencent", "year": 2024},
            "new_researchers",
            0,
            1,
        ),
    )


def test_the_cli_prints_the_table_and_names_any_two_builds(two_builds):
    root, first, _ = two_builds
    current = current_snapshot(root / "published").name

    done = cli(root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{first['build_id']} -> {current}"
    end = 4 + len(COUNTS)
    table = {line.split()[0]: tuple(map(int, line.split()[1:])) for line in lines[4:end]}
    assert table == COUNTS
    assert lines[end].split() == ["total", "3", "0", "4", "17"]
    assert (
        "  company_inflows  company_id=tencent join_year=2024 source_category=unknown "
        "source_org_id=null" in lines
    )
    assert "  researcher_cohorts  company_id=tencent year=2024  headcount: 1 -> 2" in lines
    assert (
        "  researcher_cohorts  company_id=tencent year=2024  fresh_grad_share_ci_high: null -> "
        "0.7935" in lines
    )
    assert len(lines) - lines.index("largest changes:") - 1 == 10  # the first 10 of 17

    # backwards, named by unique prefixes: Ivy's rows are removed, her cells move back
    backwards = cli(root, "--from", current[:22], "--to", first["build_id"], "--tolerance", "0.1")
    assert backwards.returncode == 0, backwards.stderr
    lines = backwards.stdout.splitlines()
    assert lines[0] == f"{current} -> {first['build_id']}"
    assert "more than 0.1;" in lines[1]
    assert lines[end].split() == ["total", "0", "3", "4", "17"]
    assert "  researcher_cohorts  company_id=tencent year=2025  headcount: 2 -> 1" in lines


def test_the_cli_says_in_one_line_when_there_is_nothing_to_compare(two_builds, tmp_path):
    root, first, _ = two_builds
    oldest = cli(root, "--to", first["build_id"])
    assert oldest.returncode == 1 and oldest.stdout == ""
    assert oldest.stderr == (
        f"talentflow diff: no build before {first['build_id']} in {root / 'published'}: "
        "nothing to compare it with\n"
    )
    unknown = cli(root, "--from", "1999")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("talentflow diff: 1999 is not a kept build in ")
    assert unknown.stderr.count("\n") == 1

    (tmp_path / "landing").mkdir()
    empty = cli(tmp_path)
    assert empty.returncode == 1
    assert empty.stderr == (
        f"talentflow diff: nothing published yet in {tmp_path / 'published'}: "
        "run talentflow build\n"
    )


def published_metadata(result) -> dict:
    [event] = [
        e for e in result.get_asset_materialization_events() if e.asset_key == PUBLISHED_MARTS
    ]
    return {key: value.value for key, value in event.materialization.metadata.items()}


def test_the_publish_materialization_carries_the_diff(two_builds, small_world_build):
    _, first, result = two_builds
    metadata = published_metadata(result)
    assert metadata["changed_from"] == first["build_id"]
    assert (
        metadata["added_rows"],
        metadata["removed_rows"],
        metadata["changed_rows"],
        metadata["changed_cells"],
    ) == (3, 0, 4, 17)
    assert "| researcher_cohorts | 26 | 26 | 0 | 0 | 2 | 15 |" in metadata["changes"]
    assert (
        "| researcher_cohorts | company_id=tencent year=2024 | headcount | 1 | 2 |"
        in (metadata["changes"])
    )
    # the small world's own build was the first into its publish dir
    first_build = published_metadata(small_world_build[1])
    assert first_build["changes"] == "No earlier snapshot to compare with."
    assert "added_rows" not in first_build


# Hand-made snapshots: one mart with a key that may be null, one without a key.
INFLOWS = (
    "company_id varchar, join_year integer, source_org_id varchar, researchers integer, "
    "share double"
)
KEYS = {"inflows": ("company_id", "join_year", "source_org_id")}


def snapshot(directory: Path, inflows: list[tuple], other_rows: int) -> Path:
    directory.mkdir(parents=True)
    with duckdb.connect(str(directory / "marts.duckdb")) as con:
        con.execute("create table _build as select 'x' as build_id")  # not a mart
        con.execute(f"create table inflows ({INFLOWS})")
        con.executemany("insert into inflows values (?, ?, ?, ?, ?)", inflows)
        con.execute("create table other as select range as n from range(?)", [other_rows])
    (directory / "manifest.json").write_text(json.dumps({"identifiers": "pseudonymized"}))
    return directory


def test_counts_change_on_any_difference_and_fractions_beyond_the_tolerance(tmp_path):
    before = snapshot(
        tmp_path / "a",
        [
            ("t", 2024, None, 2, 0.5),  # a null in the key matches a null
            ("t", 2024, "mit", 2, 0.5),
            ("t", 2023, "mit", 1, 0.25),
            ("t", 2022, "mit", 1, 0.25),
        ],
        other_rows=3,
    )
    after = snapshot(
        tmp_path / "b",
        [
            ("t", 2024, None, 3, 0.504),  # the count moved; the share by less than 0.005
            ("t", 2024, "mit", 2, 0.506),  # the share by more
            ("t", 2023, "mit", 1, None),  # a value against null
            ("t", 2025, "mit", 1, 1.0),  # 2022 removed, 2025 added
        ],
        other_rows=5,
    )

    def cells(diff):
        [inflows, other] = diff.marts
        assert (inflows.mart, other.mart, other.key) == ("inflows", "other", ())
        assert (other.added, other.removed) == (2, 0)  # no key: by row counts
        assert (inflows.added, inflows.removed) == (1, 1)
        assert inflows.added_keys == (
            {"company_id": "t", "join_year": 2025, "source_org_id": "mit"},
        )
        return {(c.key["join_year"], c.key["source_org_id"], c.column) for c in inflows.top}

    assert cells(diff_snapshots(before, after, keys=KEYS)) == {
        (2024, None, "researchers"),
        (2024, "mit", "share"),
        (2023, "mit", "share"),
    }
    assert cells(diff_snapshots(before, after, 0.001, keys=KEYS)) == {
        (2024, None, "researchers"),
        (2024, None, "share"),
        (2024, "mit", "share"),
        (2023, "mit", "share"),
    }
    # a count is exact whatever the tolerance; null against a value always changes
    assert cells(diff_snapshots(before, after, 5, keys=KEYS)) == {
        (2024, None, "researchers"),
        (2023, "mit", "share"),
    }


def test_builds_are_found_by_id_order_and_prefix(tmp_path):
    publish_dir = tmp_path / "published"
    ids = ["20250101T000000000000Z-aaaaaa", "20250102T000000000000Z-bbbbbb"]
    ids.append("20250103T000000000000Z-cccccc")  # a publish killed before it became current
    for build_id in ids:
        (publish_dir / "snapshots" / build_id).mkdir(parents=True)
    (publish_dir / "current").symlink_to(Path("snapshots") / ids[1])
    assert [p.name for p in resolve(publish_dir)] == ids[:2]  # current and the build before
    assert [p.name for p in resolve(publish_dir, "20250103", "20250101")] == [ids[2], ids[0]]
    assert [p.name for p in resolve(publish_dir, to_build="20250103")] == [ids[1], ids[2]]
    with pytest.raises(NoSnapshot, match="matches several builds"):
        resolve(publish_dir, "2025")
    with pytest.raises(NoSnapshot, match="no build before 20250101T000000000000Z-aaaaaa"):
        resolve(publish_dir, to_build=ids[0])
