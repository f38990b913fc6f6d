"""Issue 9: published marts never get worse without being told, readers see one whole build,
and a killed build or publish leaves nothing behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.publish.publish import (
    CURRENT,
    SNAPSHOTS,
    current_manifest,
    current_snapshot,
    publish,
)
from orchestration.runner import failures, run_build
from orchestration.settings import DBT_PROJECT_DIR
from tests import small_world
from tests.conftest import (
    MARTS,
    build,
    dbt_processes_of,
    environment,
    settings_for,
    wait_for_dbt,
)
from tests.landing_data import source_file, write_landing, write_lines


@pytest.fixture(scope="module")
def good(small_world_build):
    """One good build of the small world, published once."""
    return small_world_build


def copy_of(root: Path, tmp_path: Path) -> Path:
    """The good build's warehouse, key and published snapshots, in tmp_path."""
    for name in ("warehouse.duckdb", "warehouse.duckdb.pseudonym_key"):
        shutil.copy2(root / name, tmp_path / name)
    shutil.copytree(root / "published", tmp_path / "published", symlinks=True)
    return tmp_path


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "talentflow"), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # background shells may hand down ignored SIGINT/SIGTERM: restore the defaults
        preexec_fn=lambda: [
            signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)
        ],
    )


def test_a_snapshot_is_whole_and_current(good):
    root, _ = good
    snapshot = current_snapshot(root / "published")
    assert (root / "published" / CURRENT).is_symlink()
    assert snapshot.parent == (root / "published" / SNAPSHOTS).resolve()
    manifest = current_manifest(root / "published")
    assert set(manifest["rows"]) == set(MARTS)
    assert {source["source"] for source in manifest["sources"]} == {
        "openreview_profiles",
        "openreview_notes",
        "career_profiles",
        "github_users",
        "ror_organizations",
    }
    assert all(f["bytes"] > 0 for source in manifest["sources"] for f in source["files"])
    assert manifest["code_version"] and manifest["as_of_year"] == small_world.AS_OF
    with duckdb.connect(str(snapshot / "marts.duckdb"), read_only=True) as con:
        assert con.execute("select build_id from _build").fetchall() == [(manifest["build_id"],)]
        for mart in MARTS:
            [(rows,)] = con.execute(f"select count(*) from {mart}").fetchall()
            assert rows == manifest["rows"][mart]
            [(build_id,)] = con.execute(
                "select decode(value) from parquet_kv_metadata(?) where decode(key) = 'build_id'",
                [str(snapshot / f"{mart}.parquet")],
            ).fetchall()
            assert build_id == manifest["build_id"]
    assert (snapshot / "report.html").stat().st_size > 0


def test_an_empty_source_blocks_the_publish_and_says_so_unless_accepted(good, tmp_path):
    """Regression: an empty profiles dump used to replace the good marts with empty ones."""
    root = copy_of(good[0], tmp_path)
    landing = small_world.write(root / "landing")
    write_lines(source_file(landing, "openreview_profiles", "openreview_profiles.jsonl"), [])
    before = current_manifest(root / "published")

    blocked = cli("build", env=environment(root, landing, small_world.AS_OF))
    output, _ = blocked.communicate(timeout=900)
    assert blocked.returncode == 1, output[-3000:]
    published = {s["source"]: s["rows_landed"] for s in before["sources"]}["openreview_profiles"]
    assert "WARNING raw/openreview_profiles: landed no rows" in output  # not only in metadata
    assert f"source openreview_profiles landed empty (published {published} rows, now 0)" in output
    assert current_manifest(root / "published") == before

    accepted = cli("build", "--accept-shrink", env=environment(root, landing, small_world.AS_OF))
    output, _ = accepted.communicate(timeout=900)
    assert accepted.returncode == 0, output[-3000:]
    manifest = current_manifest(root / "published")
    assert manifest["build_id"] != before["build_id"]
    assert manifest["rows"]["researchers"] == 0


def test_a_mart_that_loses_more_than_half_its_rows_blocks_the_publish(good, tmp_path):
    root = copy_of(good[0], tmp_path)
    landing = write_landing(
        root / "landing",
        small_world.PROFILES,
        small_world.NOTES[:1],  # one paper left: nearly every researcher goes
        small_world.CAREERS,
        small_world.GITHUB,
    )
    before = current_manifest(root / "published")
    result = run_build(settings_for(root, landing, small_world.AS_OF))
    assert not result.success
    report = "\n".join(failures(result))
    assert "not_shrunk" in report and "mart researchers lost" in report
    assert current_manifest(root / "published") == before


def test_the_pseudonym_key_is_private_and_splink_and_dbt_leave_no_working_files(good):
    root, result = good
    key = root / "warehouse.duckdb.pseudonym_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert (
            con.execute(
                "select table_name from duckdb_tables() "
                "where starts_with(table_name, '__splink__') "
                "union all select view_name from duckdb_views() "
                "where starts_with(view_name, '__splink__')"
            ).fetchall()
            == []
        )
    # dagster-dbt gives every dbt call a target folder named after the run: none stays
    assert not list((DBT_PROJECT_DIR / "target").glob(f"*-{result.run_id[:7]}-*"))


def test_a_killed_publish_leaves_current_whole_and_the_next_one_cleans_up(good, tmp_path):
    root = copy_of(good[0], tmp_path)
    settings = settings_for(root, root / "landing", TALENTFLOW_KEEP_SNAPSHOTS="2")
    before = current_snapshot(settings.publish_dir)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            PUBLISH,
            json.dumps([environment(root, root / "landing")]),
            ",".join(MARTS),
        ],
        env={**os.environ, "TALENTFLOW_PUBLISH_FAULT": "before_current"},
    )
    assert killed.returncode == -signal.SIGKILL
    assert current_snapshot(settings.publish_dir) == before
    # a half-written snapshot of another kill, as it would be left
    (settings.publish_dir / SNAPSHOTS / ".20990101T000000000000Z-abcdef.tmp").mkdir()
    for _ in range(3):
        publish(settings, MARTS)
    snapshots = sorted(p.name for p in (settings.publish_dir / SNAPSHOTS).iterdir())
    assert len(snapshots) == 2 and not [name for name in snapshots if name.startswith(".")]
    assert current_snapshot(settings.publish_dir).name == snapshots[-1]
    assert not list(settings.publish_dir.glob(".*"))


def test_a_killed_build_takes_its_dbt_child_with_it(good, tmp_path):
    root = copy_of(good[0], tmp_path)
    landing = small_world.write(root / "landing")
    build = cli("build", env=environment(root, landing, small_world.AS_OF))
    wait_for_dbt(build, root / "warehouse.duckdb")
    os.kill(build.pid, signal.SIGKILL)  # the build alone, not its process group
    build.wait(timeout=60)
    deadline = time.monotonic() + 30
    while dbt_processes_of(root / "warehouse.duckdb"):
        assert time.monotonic() < deadline, dbt_processes_of(root / "warehouse.duckdb")
        time.sleep(0.5)


# Publishes the warehouse of each of the given environments, in turn (tests run it in a
# subprocess, so that a kill -9 hits a real process).
PUBLISH = textwrap.dedent(
    """
    import json, os, sys
    from orchestration.defs.publish.publish import publish
    from orchestration.settings import Settings
    for environment in json.loads(sys.argv[1]):
        publish(Settings.from_env({**os.environ, **environment}), sys.argv[2].split(","))
    """
)

# Reads the current snapshot again and again, as a BI tool would: resolve `current` once, then
# read every file. Counts reads, mixed reads (files of two builds) and errors.
READER = textwrap.dedent(
    """
    import json, os, sys, duckdb
    publish_dir, stop, marts = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    reads = mixed = errors = 0
    con = duckdb.connect()
    while not os.path.exists(stop):
        try:
            snapshot = os.path.realpath(os.path.join(publish_dir, "current"))
            manifest = json.load(open(os.path.join(snapshot, "manifest.json")))
            with duckdb.connect(os.path.join(snapshot, "marts.duckdb"), read_only=True) as db:
                ids = {db.execute("select build_id from _build").fetchone()[0]}
                rows = {m: db.execute(f"select count(*) from {m}").fetchone()[0] for m in marts}
            for m in marts:
                path = os.path.join(snapshot, m + ".parquet")
                ids.add(con.execute(
                    "select decode(value) from parquet_kv_metadata(?) "
                    "where decode(key) = 'build_id'", [path]).fetchone()[0])
                if con.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0] \\
                        != rows[m] or rows[m] != manifest["rows"][m]:
                    mixed += 1
            ids.add(manifest["build_id"])
            mixed += len(ids) > 1
            reads += 1
        except Exception as error:
            errors += 1
            print(repr(error), file=sys.stderr)
    print(json.dumps({"reads": reads, "mixed": mixed, "errors": errors}))
    """
)


def test_readers_see_one_whole_build_through_publishes_and_kills(good, tmp_path):
    """Regression: readers used to get files of two builds (and a thrift error) mid-publish."""
    (tmp_path / "a").mkdir()
    root_a = copy_of(good[0], tmp_path / "a")
    root_b = tmp_path / "b"
    other = write_landing(
        root_b / "landing",
        small_world.PROFILES[:-2],
        small_world.NOTES,
        small_world.CAREERS,
        small_world.GITHUB,
    )
    build(root_b, other, small_world.AS_OF)
    publish_dir = tmp_path / "published"
    shutil.copytree(root_a / "published", publish_dir, symlinks=True)
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(publish_dir), str(stop), ",".join(MARTS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    builds = [
        environment(root, root / "landing", TALENTFLOW_PUBLISH_DIR=str(publish_dir))
        for root in (root_a, root_b)
    ]
    kills = 0
    try:
        # 24 publishes, the two builds in turn: five by one process, then one killed mid-publish
        for _ in range(4):
            for envs, fault in (
                ([builds[0], builds[1], builds[0], builds[1], builds[0]], {}),
                ([builds[1]], {"TALENTFLOW_PUBLISH_FAULT": "before_current"}),
            ):
                done = subprocess.run(
                    [sys.executable, "-c", PUBLISH, json.dumps(envs), ",".join(MARTS)],
                    env={**os.environ, **fault},
                    capture_output=True,
                    text=True,
                )
                if fault:
                    assert done.returncode == -signal.SIGKILL
                    kills += 1
                else:
                    assert done.returncode == 0, done.stderr[-2000:]
                snapshot = current_snapshot(publish_dir)
                assert {p.name for p in snapshot.iterdir()} >= {
                    "marts.duckdb",
                    "manifest.json",
                    *(f"{mart}.parquet" for mart in MARTS),
                }
    finally:
        stop.touch()
        results = [reader.communicate(timeout=120) for reader in readers]
    assert kills == 4
    for out, err in results:
        counts = json.loads(out)
        assert counts["reads"] > 0, err
        assert counts["mixed"] == 0 and counts["errors"] == 0, (counts, err[-2000:])
