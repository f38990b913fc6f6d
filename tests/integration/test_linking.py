"""Issue 12: linking among namesakes. A generated world where half the people share a name with
someone, names are written other ways (Han script against pinyin, initials, a middle initial,
hyphenated or spaced given names, a Western given name added) and no profile shares a LinkedIn
URL or GitHub login, built through the real pipeline: splink alone must link it, telling
namesakes apart by their dated employers and schools, one-to-one."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.sample.generator import NAMESAKE_WORLD, TARGETS, generate
from tests.conftest import assert_links_meet_the_bar, build

PEOPLE, SEED = 1_500, 11


@pytest.fixture(scope="module")
def namesake_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("namesakes")
    generate(root / "landing", PEOPLE, SEED, NAMESAKE_WORLD)
    build(root, root / "landing", json.loads(TARGETS.read_text())["as_of_year"])
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        yield root, con


def test_the_world_is_one_of_namesakes_and_name_variants_without_shared_urls(namesake_world):
    root, con = namesake_world
    [(namesakes,)] = con.execute(
        "select count(*) filter (where holders > 1) / count(*) from ("
        "select count(*) over (partition by display_name) as holders "
        "from staging.stg_openreview__profiles)"
    ).fetchall()
    assert namesakes > 0.4
    [(urls, logins)] = con.execute(
        "select count(linkedin_url), count(github_login) from staging.stg_openreview__profiles"
    ).fetchall()
    assert urls == logins == 0
    names = {}
    with (root / "landing" / "careers" / "profiles" / "profiles.jsonl").open() as handle:
        for line in handle:
            if line.startswith("{") and line.rstrip().endswith("}"):
                record = json.loads(line)
                names[record["public_identifier"]] = record["full_name"]
    written = list(names.values())
    assert any("." in name for name in written)  # initials
    assert any("-" in name for name in written)  # hyphenated
    assert any("(" in name for name in written)  # a Western given name
    assert any(not name.isascii() for name in written)  # Han script


def test_links_reach_the_precision_and_recall_of_the_issue(namesake_world, capsys):
    root, con = namesake_world
    with capsys.disabled():
        assert_links_meet_the_bar(root, con, "namesake world")


def test_every_link_is_one_to_one_and_keeps_its_method_and_score(namesake_world):
    _, con = namesake_world
    [(links, careers, people, methods, scores)] = con.execute(
        "select count(*), count(distinct career_profile_id), count(distinct person_id), "
        "count(*) filter (where link_method = 'splink'), "
        "count(*) filter (where link_score >= 0.9) from intermediate.int_person_links"
    ).fetchall()
    assert links == careers == people == methods == scores > 0
