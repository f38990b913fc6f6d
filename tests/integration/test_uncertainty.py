"""Issue 12, "say what is known": the 95% Wilson intervals of the marts' shares (macro
wilson_interval, rendered from dbt_project/macros/statistics.sql and run in DuckDB), and
`talentflow sensitivity` (orchestration/sensitivity.py) on a small world built through the real
pipeline, in which one headline share moves with the link threshold and others do not.

The threshold world (AS_OF_YEAR 2025):
  Ivy   ByteDance 2021– (paper 2022), no education on OpenReview. Her career profile (no
        LinkedIn URL, no GitHub: only splink can link it) adds a Stanford PhD 2016–2021.
  Jay   ByteDance 2021– (paper 2022); PKU BSc 2013–2017 on OpenReview; no career profile.
  Kai   Tencent 2020– (paper 2021); Zhejiang master 2017–2020 on OpenReview; no career profile.
  Lee   Tencent 2020– (paper 2021), LinkedIn URL on OpenReview; the career profile with that
        URL (an exact link) adds a Tsinghua PhD 2015–2020.
At a threshold at or below the match probability p of Ivy's pair, ByteDance's pre-LLM newcomers
have a PhD share of 1/2; above it, 0/2. Tencent's stays 1/2 at every threshold.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import statistics
from dataclasses import replace

import duckdb
import pytest

from orchestration import sensitivity
from orchestration.sensitivity import Share, compare, label, wilson_sql
from tests.conftest import build, settings_for
from tests.landing_data import write_landing
from tests.small_world import career, entry, note_v2, profile

Z = 1.959963984540054


# --- the interval --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as con:
        yield con


def interval(con, successes, n):
    """(low, high) of the macro's SQL for these values."""
    return con.execute(
        f"select {wilson_sql('s', 'n', 'low')}, {wilson_sql('s', 'n', 'high')} "
        "from (select cast(? as integer) as s, cast(? as integer) as n)",
        [successes, n],
    ).fetchone()


def reference(successes: int, n: int) -> tuple[float, float]:
    """The Wilson score interval as textbooks write it, in Python."""
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def test_z_is_the_975_quantile_of_the_standard_normal():
    assert math.isclose(statistics.NormalDist().inv_cdf(0.975), Z, rel_tol=1e-15)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 1, 0.2065, 1.0),
        (0, 1, 0.0, 0.7935),
        (3, 4, 0.3006, 0.9544),
        (50, 100, 0.4038, 0.5962),
        (1, 700, 0.0003, 0.0080),
    ],
)
def test_known_values(con, successes, n, low, high):
    got_low, got_high = interval(con, successes, n)
    assert round(got_low, 4) == low
    assert round(got_high, 4) == high


def test_no_one_in_the_denominator_gives_no_interval(con):
    assert interval(con, 0, 0) == (None, None)
    assert interval(con, None, 10) == (None, None)
    assert interval(con, 0, None) == (None, None)


def test_a_share_of_0_starts_at_exactly_0_and_a_share_of_1_ends_at_exactly_1(con):
    for n in (1, 2, 7, 10, 700, 100_000):
        low, high = interval(con, 0, n)
        assert low == 0.0 and 0 < high < 1
        low, high = interval(con, n, n)
        assert high == 1.0 and 0 < low < 1


def test_the_sql_agrees_with_the_textbook_formula_and_narrows_with_n(con):
    widths = []
    for n in (7, 70, 700, 7000):
        for successes in range(0, n + 1, max(1, n // 7)):
            low, high = interval(con, successes, n)
            want_low, want_high = reference(successes, n)
            assert math.isclose(low, max(0.0, want_low), abs_tol=1e-12)
            assert math.isclose(high, min(1.0, want_high), abs_tol=1e-12)
            assert 0 <= low <= successes / n <= high <= 1
        low, high = interval(con, 3 * n // 7, n)
        widths.append(high - low)
    # the same share over 7, 70, 700 and 7,000 people: ever narrower
    assert widths == sorted(widths, reverse=True) and widths[0] > 0.5 > 0.1 > widths[-1]


def test_the_macro_takes_only_low_or_high():
    with pytest.raises(ValueError, match="bound"):
        wilson_sql("s", "n", "middle")


def test_every_published_share_and_interval_is_suppressed_with_its_counts():
    """Small-cell suppression (orchestration/defs/publish/suppression.py) nulls every share and
    interval column of the marts' contracts with a count: an interval reveals its share and n."""
    import yaml

    from orchestration.defs.publish.suppression import COUNTS
    from orchestration.settings import DBT_PROJECT_DIR

    models = yaml.safe_load(
        (DBT_PROJECT_DIR / "models" / "marts" / "_marts__models.yml").read_text()
    )
    uncovered = {}
    for model in models["models"]:
        counts = COUNTS.get(model["name"], {})
        derived = {column for values in counts.values() for column in values}
        columns = [column["name"] for column in model["columns"]]
        missing = [
            name
            for name in columns
            if ("share" in name and name not in derived)
            or (name.startswith("new_with_") and name not in counts)
        ]
        if missing:
            uncovered[model["name"]] = missing
    assert not uncovered, uncovered
    cohort_counts = COUNTS["researcher_cohorts"]
    for count in ("new_with_career_profile", "new_with_education", "new_with_education_and_phd"):
        assert count in cohort_counts["new_researchers"]  # a small cohort hides them all
    for share in ("phd_share_of_known", "overseas_education_share_of_known"):
        for column in (share, f"{share}_ci_low", f"{share}_ci_high"):
            assert column in cohort_counts["new_with_education"]  # and a small denominator


# --- the verdict -----------------------------------------------------------------------------


def share(successes, n):
    low, high = reference(successes, n) if n else (None, None)
    return Share(successes, n, successes / n if n else None, low, high)


def test_a_share_depends_on_the_threshold_beyond_its_interval_or_5_points():
    key_big, key_small, key_still, key_new = (
        ("phd_share", "bytedance", "llm"),
        ("phd_share", "tencent", "llm"),
        ("phd_share", "alibaba", "llm"),
        ("fresh_grad_share", "alibaba", "llm"),
    )
    results = {
        0.5: {
            key_big: share(5400, 10000),  # 3 points: beyond its interval (±1 point)
            key_small: share(2, 5),  # 20 points on 5 people: > 5 points
            key_still: share(500, 1000),
            key_new: share(0, 0),
        },
        0.9: {
            key_big: share(5100, 10000),
            key_small: share(1, 5),
            key_still: share(500, 1000),
            key_new: share(1, 3),
        },
    }
    rows = {(r.metric, r.company_id, r.era): r for r in compare(results, reference=0.9)}
    assert rows[key_big].depends_on_threshold and "CI" in rows[key_big].reason
    assert "points" not in rows[key_big].reason
    assert rows[key_small].depends_on_threshold and "5 points" in rows[key_small].reason
    assert "CI" not in rows[key_small].reason  # 20 points is within its interval on 5 people
    assert not rows[key_still].depends_on_threshold and rows[key_still].range == 0
    assert rows[key_new].depends_on_threshold and "some thresholds" in rows[key_new].reason


# --- through the real pipeline ---------------------------------------------------------------

PROFILES = [
    profile("~Ivy_Tang1", "Ivy Tang", [entry("Research Scientist", "ByteDance", 2021, None)]),
    profile(
        "~Jay_Wu1",
        "Jay Wu",
        [
            entry("Researcher", "ByteDance", 2021, None),
            entry("Undergrad student", "Peking University", 2013, 2017, "pku.edu.cn"),
        ],
    ),
    profile(
        "~Kai_Lin1",
        "Kai Lin",
        [
            entry("Researcher", "Tencent", 2020, None),
            entry("MS student", "Zhejiang University", 2017, 2020),
        ],
    ),
    profile(
        "~Lee_Zhou1",
        "Lee Zhou",
        [entry("Researcher", "Tencent", 2020, None)],
        linkedin="https://www.linkedin.com/in/lee-zhou-1",
    ),
]
NOTES = [
    note_v2("IvyPaper", 2022, "~Ivy_Tang1"),
    note_v2("JayPaper", 2022, "~Jay_Wu1"),
    note_v2("KaiPaper", 2021, "~Kai_Lin1"),
    note_v2("LeePaper", 2021, "~Lee_Zhou1"),
]
CAREERS = [
    career(
        "ivy-tang-3",
        "Ivy Tang",
        education=[("Stanford University", "Doctor of Philosophy - PhD", 2016, 2021)],
    ),
    career(
        "lee-zhou-1",
        "Lee Zhou",
        experiences=[("Tencent", "Researcher", 2020, None)],
        education=[("Tsinghua University", "Doctor of Philosophy - PhD", 2015, 2020)],
        url="https://www.linkedin.com/in/lee-zhou-1/",
    ),
]
AS_OF = 2025


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digests(root):
    """Every file under root (symlinks resolved) with the digest of its content."""
    return {
        str(path.relative_to(root)): digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The threshold world, built; p, the match probability of Ivy's pair; the sensitivity
    run at a threshold below p, at the build's and above p."""
    root = tmp_path_factory.mktemp("thresholds")
    landing = write_landing(root / "landing", PROFILES, NOTES, CAREERS, [])
    build(root, landing, AS_OF)
    settings = settings_for(root, landing, AS_OF)
    # p: the pair scored at a threshold low enough to keep it, in a copy
    scratch = tmp_path_factory.mktemp("scratch")
    copy = replace(settings, warehouse=scratch / "copy.duckdb")
    sensitivity._copy_warehouse(settings.warehouse, copy.warehouse)
    with sensitivity._connect(copy) as con:
        sensitivity._score_pairs(con, copy, 0.001)
        [(p,)] = con.execute(
            f"select match_probability from {sensitivity.SCORES_TABLE} "
            "where person_id = '~Ivy_Tang1' and career_profile_id = 'ivy-tang-3'"
        ).fetchall()
    assert 0.001 < p < 1, p
    below, above = round(p / 2, 6), round((p + 1) / 2, 9)
    assert below < p < above <= 1
    before = digest(settings.warehouse)
    published = digests(settings.publish_dir)
    code = sensitivity.run(settings, [below, above], workdir=scratch)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        built = sensitivity.headline_shares(con, settings)
        marts = {
            mart: con.execute(f"select * from marts.{mart}").df()
            for mart in (
                "researcher_cohorts",
                "company_inflows",
                "leaver_destinations",
                "education_backgrounds",
            )
        }
    csv_path, md_path = sensitivity.report_paths(settings)
    yield {
        "settings": settings,
        "p": p,
        "below": below,
        "above": above,
        "code": code,
        "unchanged": digest(settings.warehouse) == before,
        "published_unchanged": digests(settings.publish_dir) == published and bool(published),
        "built": built,
        "marts": marts,
        "csv": csv_path.read_text() if csv_path.exists() else None,
        "md": md_path.read_text() if md_path.exists() else None,
        "scratch": scratch,
    }


def rows_by_key(world):
    return {
        (row["metric"], row["company_id"], row["era"]): row
        for row in csv.DictReader(io.StringIO(world["csv"]))
    }


def test_the_run_succeeds_on_copies_and_leaves_the_warehouse_and_the_repo_alone(world):
    assert world["code"] == 0
    assert world["unchanged"]
    assert world["csv"] and world["md"]
    assert not any(world["scratch"].glob("talentflow-sensitivity-*"))  # its copies are gone
    assert world["published_unchanged"]


def test_a_share_that_a_splink_link_carries_moves_with_the_threshold(world):
    rows = rows_by_key(world)
    below, above = world["below"], world["above"]
    for metric, linked, unlinked in [
        ("phd_share", "0.5", "0.0"),
        ("fresh_grad_share", "0.5", "0.0"),
        ("overseas_education_share", "0.5", "0.0"),
        ("linked_share", "0.5", "0.0"),
        ("phd_share_of_known", "0.5", "0.0"),  # 1 of 2 known, then 0 of the 1 known
    ]:
        row = rows[(metric, "bytedance", "pre_llm")]
        assert row[f"share@{label(below)}"] == linked, (metric, row)
        assert row[f"share@{label(above)}"] == unlinked, (metric, row)
        assert row["depends_on_threshold"] == "true", (metric, row)
        assert "5 points" in row["reason"]
    known = rows[("phd_share_of_known", "bytedance", "pre_llm")]
    assert (known[f"n@{label(below)}"], known[f"n@{label(above)}"]) == ("2", "1")
    assert "| phd_share | bytedance | pre_llm |" in world["md"]
    assert "**yes**" in world["md"]


def test_shares_that_no_splink_link_carries_do_not_move(world):
    rows = rows_by_key(world)
    for metric, value in [
        ("phd_share", "0.5"),  # Lee's PhD comes through an exact link
        ("fresh_grad_share", "1.0"),
        ("overseas_education_share", "0.0"),
        ("linked_share", "0.5"),
    ]:
        row = rows[(metric, "tencent", "pre_llm")]
        assert {row[f"share@{label(t)}"] for t in (world["below"], 0.9, world["above"])} == {value}
        assert row["range"] == "0.0"
        assert row["depends_on_threshold"] == "false", (metric, row)
    assert rows[("phd_share", "bytedance", "pre_llm")]["n@0.9"] == "2"  # Jay's cohort stays


def test_the_build_threshold_reproduces_the_build(world):
    """Rescoring at a lower threshold and keeping the pairs at or above the build's gives
    the build's own marts."""
    rows = rows_by_key(world)
    built = {key: value for key, value in world["built"].items() if key in rows}
    assert built
    for key, value in built.items():
        row = rows[key]
        assert row["n@0.9"] == str(value.n), key
        assert row["successes@0.9"] == str(value.successes), key
    ivy_linked = world["p"] >= 0.9
    assert rows[("linked_share", "bytedance", "pre_llm")]["share@0.9"] == (
        "0.5" if ivy_linked else "0.0"
    )


def test_every_interval_of_every_mart_brackets_its_share(world):
    pairs = {
        "researcher_cohorts": [
            f"{name}{known}"
            for name in ("phd", "fresh_grad", "fresh_phd", "overseas_education")
            for known in ("_share", "_share_of_known")
        ],
        "company_inflows": ["share_of_cohort", "share_of_experienced"],
        "leaver_destinations": ["share_of_leavers", "share_of_known"],
        "education_backgrounds": ["share"],
    }
    checked = 0
    for mart, shares in pairs.items():
        frame = world["marts"][mart]
        for column in shares:
            for value, low, high in zip(
                frame[column], frame[f"{column}_ci_low"], frame[f"{column}_ci_high"], strict=True
            ):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    assert all(x is None or math.isnan(x) for x in (low, high)), (mart, column)
                    continue
                assert 0 <= low <= value <= high <= 1, (mart, column, value, low, high)
                checked += 1
    assert checked > 20
