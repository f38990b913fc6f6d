"""`make bench` end to end on a small world: the harness (benchmarks/run.py) generates a
1,000-person landing zone, builds it with `talentflow build`, runs the plain-SQL baseline
(whose probabilistic linking step is the project's own splink model) and compares the marts,
all in temporary directories. Nothing is asserted about time: only that
every stage was measured, the report and the JSON were written, and the baseline agrees with
the project's marts row for row."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import STAGES, write_namesakes
from orchestration.settings import REPO_ROOT

PEOPLE = 1000
MARTS = (
    "researcher_cohorts",
    "company_inflows",
    "leaver_destinations",
    "education_backgrounds",
    "researchers",
)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    report, results = root / "BENCHMARKS.md", root / "results.json"
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--sizes",
        str(PEOPLE),
        "--data-dir",
        str(root / "data"),
        "--report",
        str(report),
        "--json",
        str(results),
    ]
    done = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert report.exists() and results.exists(), done.stderr[-4000:]
    return root, done, report.read_text("utf-8"), json.loads(results.read_text("utf-8"))


def test_every_stage_is_measured(bench):
    _, done, _, results = bench
    [world] = results["worlds"]
    build = world["build"]
    assert build["exit_code"] == 0, done.stderr[-4000:]
    assert set(STAGES) <= set(build["stages"])
    for stage in STAGES:
        assert build["stages"][stage] > 0, f"no step was counted as {stage}: {build['steps']}"
    assert build["seconds"] >= build["run_seconds"] >= sum(build["stages"].values())
    assert build["peak_rss_bytes"] > 0
    baseline = world["baseline"]
    assert baseline["exit_code"] == 0
    assert baseline["seconds"] > 0 and baseline["peak_rss_bytes"] > 0
    # the baseline's probabilistic step is the project's splink model, timed on its own
    assert 0 < baseline["splink_seconds"] < baseline["script_seconds"] < baseline["seconds"]
    assert build["splink_seconds"] > 0
    assert {"cores", "memory_gib", "cpu_model"} <= set(results["machine"])


def test_baseline_agrees_with_the_marts(bench):
    _, done, _, results = bench
    [world] = results["worlds"]
    agreement = world["agreement"]
    assert agreement is not None, done.stderr[-4000:]
    assert set(agreement) == set(MARTS)
    for mart, item in agreement.items():
        assert item["rows_project"] > 0, mart
        assert item["agrees"], (mart, item["first_mismatches"])
    assert done.returncode == 0


def test_report_has_a_table_per_world(bench):
    _, _, report, _ = bench
    assert report.startswith("# Benchmarks")
    assert "## Machine" in report and "cores" in report
    assert f"## {PEOPLE:,} people" in report
    for stage in STAGES:
        assert re.search(rf"^\| {stage} \| [\d,.]+ \|", report, re.MULTILINE), stage
    assert re.search(r"^\| wall time \| [\d,.]+ s \| [\d,.]+ s \| ×[\d,.]+ \|", report, re.M)
    assert re.search(r"^\| peak memory \(process tree\) \|", report, re.MULTILINE)
    splink_row = r"^\| probabilistic linking: the project's splink model, in both \| [\d,.]+ s \|"
    assert re.search(splink_row, report, re.MULTILINE)
    assert re.search(r"^\| wall time without it \| [\d,.]+ s \| [\d,.]+ s \|", report, re.M)
    for mart in MARTS:
        assert re.search(rf"^\| {mart} \| ([\d,]+) / \1 \|", report, re.MULTILINE), mart


def test_namesake_world_keeps_people_consistent(bench, tmp_path):
    """The namesake-heavy rewrite: few distinct names, the same lines otherwise, and a
    person's career profile still carries the same name key as their OpenReview profile."""
    root, *_ = bench
    source = root / "data" / str(PEOPLE)
    target = tmp_path / "namesakes"
    write_namesakes(source, target, pool_size=40)

    def lines(path: Path) -> list[str]:
        return path.read_text("utf-8").splitlines()

    def key(name: str) -> str:
        return " ".join(sorted(name.lower().split()))

    profiles = {}
    for line in lines(target / "openreview/profiles/profiles.jsonl"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        names = [n for n in record["content"]["names"] if n.get("preferred")]
        profiles[record["id"]] = key(names[0]["fullname"])
    careers = {}
    for line in lines(target / "careers/profiles/profiles.jsonl"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        careers[record["public_identifier"]] = key(record["full_name"])
    assert len(set(profiles.values())) <= 40 < len(profiles)
    for folder in ("openreview/profiles", "careers/profiles"):
        [original] = (source / folder).glob("*.jsonl")  # beside it: _source.json
        assert len(lines(original)) == len(lines(target / folder / original.name))
    linked = [json.loads(line) for line in lines(source / "truth/links.jsonl")]
    pairs = [
        (profiles[link["person_id"]], careers[link["career_profile_id"]])
        for link in linked
        if link["person_id"] in profiles and link["career_profile_id"] in careers
    ]
    assert pairs and all(a == b for a, b in pairs)
    assert (target / "openreview/notes").is_dir() and (target / "careers/github").is_dir()
