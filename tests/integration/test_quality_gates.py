"""Issue 4: blocking checks stop the marts and publish nothing; readers of the published marts
never see half a build and never block one; a killed build leaves the last good files."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from orchestration.runner import failures, run_build
from tests import small_world
from tests.conftest import MARTS, environment, settings_for, wait_for_dbt
from tests.landing_data import source_file, write_landing, write_lines

PUBLISHED = ("marts.duckdb", "manifest.json", *(f"{mart}.parquet" for mart in MARTS))


def snapshot(publish_dir: Path) -> dict[str, bytes]:
    """The current snapshot: where `current` points, and its files."""
    current = publish_dir / "current"
    return {"current": str(current.resolve())} | {
        name: (current / name).read_bytes() for name in PUBLISHED
    }


def marts_content(warehouse: Path) -> list:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select * from marts.researcher_cohorts order by company_id, year"
        ).fetchall()


@pytest.fixture(scope="module")
def good_build(small_world_build):
    """One good build of the small world: its warehouse and published files."""
    return small_world_build[0]


def world_environment(root: Path, landing: Path) -> dict[str, str]:
    return environment(root, landing, small_world.AS_OF)


def copy_of(good: Path, tmp_path: Path) -> Path:
    for name in ("warehouse.duckdb", "warehouse.duckdb.pseudonym_key"):
        shutil.copy2(good / name, tmp_path / name)
    shutil.copytree(good / "published", tmp_path / "published", symlinks=True)
    return tmp_path


def write_world(landing: Path, profiles=small_world.PROFILES, notes=small_world.NOTES) -> None:
    """The small world with other profiles or notes; careers and GitHub accounts as they are."""
    write_landing(landing, profiles, notes, small_world.CAREERS, small_world.GITHUB)


def duplicate_profile_id(landing: Path) -> None:
    other = copy.deepcopy(small_world.PROFILES[0])
    other["content"]["names"][0]["fullname"] = "Someone Else"
    write_world(landing, profiles=[*small_world.PROFILES, other])


def ends_before_starts(landing: Path) -> None:
    profiles = copy.deepcopy(small_world.PROFILES)
    for profile in profiles:
        for entry in profile["content"]["history"]:
            if isinstance(entry["end"], int):
                entry["start"], entry["end"] = entry["end"] + 1, entry["start"]
    write_world(landing, profiles=profiles)


def years_out_of_range(landing: Path) -> None:
    profiles = copy.deepcopy(small_world.PROFILES)
    for profile in profiles:
        for entry in profile["content"]["history"]:
            entry["start"] = 1900
    write_world(landing, profiles=profiles)


def flood_of_bad_lines(landing: Path) -> None:
    write_world(landing, notes=[])
    bad = ['{"id": "broken', "[]"] * 5
    write_lines(source_file(landing, "openreview_notes", "notes.jsonl"), [*small_world.NOTES, *bad])


@pytest.mark.parametrize(
    ("make_landing", "failed_check"),
    [
        # the dbt test on the key fails first, inside the staging step: also a blocking check
        (duplicate_profile_id, "unique_stg_openreview__profiles_person_id"),
        (ends_before_starts, "gx_stg_openreview__profile_history"),
        (years_out_of_range, "gx_stg_openreview__profile_history"),
        (flood_of_bad_lines, "gx_raw_openreview_notes_rejected_share"),
    ],
)
def test_a_broken_suite_stops_the_marts_and_publishes_nothing(
    good_build, tmp_path, make_landing, failed_check
):
    root = copy_of(good_build, tmp_path)
    make_landing(root / "landing")
    settings = settings_for(root, root / "landing", small_world.AS_OF)
    before_files = snapshot(root / "published")
    before_marts = marts_content(root / "warehouse.duckdb")

    result = run_build(settings)

    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed_check in failed
    report = "\n".join(failures(result))
    assert failed_check in report  # names the check, and for GX the expectation and rows
    assert "expect_" in report or "dbt" in report
    materialized = {e.asset_key.path[0] for e in result.get_asset_materialization_events()}
    assert "marts" not in materialized and "published" not in materialized
    assert marts_content(root / "warehouse.duckdb") == before_marts
    assert snapshot(root / "published") == before_files


def cli(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "talentflow"), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: [
            signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)
        ],
        **kwargs,
    )


READER = textwrap.dedent(
    """
    import sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    con = duckdb.connect(path, read_only=True)
    queries = 0
    import os
    while not os.path.exists(stop):
        con.execute("select count(*), sum(headcount) from researcher_cohorts").fetchall()
        con.execute("select count(*) from researchers").fetchall()
        queries += 1
        time.sleep(0.05)
    print(queries)
    """
)


def test_a_reader_holding_the_published_marts_never_blocks_or_sees_half_a_build(
    good_build, tmp_path
):
    root = copy_of(good_build, tmp_path)
    shutil.copytree(good_build / "landing", root / "landing")
    env = world_environment(root, root / "landing")
    published = root / "published" / "current" / "marts.duckdb"
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for as_of in (2026, 2027):  # two builds that each change every mart
            build = cli("build", env={**env, "TALENTFLOW_AS_OF_YEAR": str(as_of)})
            output, _ = build.communicate(timeout=600)
            assert build.returncode == 0, output[-3000:]
            assert reader.poll() is None, reader.communicate()
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) > 0
    with duckdb.connect(str(published), read_only=True) as con:
        # the last build ran to AS_OF_YEAR 2027: every company's years reach it
        assert con.execute("select max(year) from researcher_cohorts").fetchall() == [(2027,)]


def test_a_build_killed_during_dbt_leaves_the_last_good_marts(good_build, tmp_path):
    root = copy_of(good_build, tmp_path)
    shutil.copytree(good_build / "landing", root / "landing")
    env = world_environment(root, root / "landing")
    before = snapshot(root / "published")
    build = cli("build", env=env)
    wait_for_dbt(build, root / "warehouse.duckdb")  # dbt has started and holds the warehouse
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL
    time.sleep(1)  # let the killed dbt process release the file
    assert snapshot(root / "published") == before

    again = cli("build", env=env)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output[-3000:]
    assert (root / "published" / "current" / "marts.duckdb").exists()
    assert not list((root / "published").rglob(".*.tmp"))


def test_gx_data_docs_render_every_suite(good_build, tmp_path):
    from orchestration.defs.quality.suites import build_data_docs, load_suites

    settings = settings_for(good_build, good_build / "landing", small_world.AS_OF)
    suites = load_suites()
    index = build_data_docs(settings, tmp_path / "site", suites)
    html = index.read_text()
    assert all(suite.name in html for suite in suites)
    assert len(list((tmp_path / "site" / "validations").rglob("*.html"))) == len(suites)


def test_published_researchers_carry_no_direct_identifiers(good_build, tmp_path):
    from orchestration.defs.publish.publish import pseudonym, publish

    published = good_build / "published"
    key_file = good_build / "warehouse.duckdb.pseudonym_key"
    assert key_file.exists() and not list(published.glob("*key*"))
    with duckdb.connect(str(published / "current" / "marts.duckdb"), read_only=True) as con:
        columns = [row[0] for row in con.execute("describe researchers").fetchall()]
        ids = {row[0] for row in con.execute("select person_id from researchers").fetchall()}
    assert "display_name" not in columns and "career_profile_id" not in columns
    key = key_file.read_text().strip().encode()
    assert ids == {pseudonym(key, p) for p in ("~Ann_Li1", "~Bo_Wang1", "~Chen_Zhao1", "~Dan_Liu1",
                                               "~Fay_Hu1", "~Gil_Ma1", "~Hao_Xu1")}  # fmt: skip

    settings = settings_for(good_build, good_build / "landing", small_world.AS_OF)
    publish(replace(settings, publish_dir=tmp_path, publish_identifiers=True), MARTS)
    with duckdb.connect(str(tmp_path / "current" / "marts.duckdb"), read_only=True) as con:
        assert ("~Ann_Li1", "Ann Li") in con.execute(
            "select person_id, display_name from researchers"
        ).fetchall()
