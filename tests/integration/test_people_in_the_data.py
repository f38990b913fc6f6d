"""Issue 15: the people in the data. The small world (tests/small_world.py, its people told in
tests/integration/test_marts_by_hand.py) built again through the real pipeline, with:

- an opt-out file: Bo (~Bo_Wang1) asked to be left out; an entry for a GitHub login nobody has;
  a line with an unknown id kind. Bo was in Tencent's 2021 cohort, left Tencent in 2023 for
  Alibaba (a leaver row) and joined Alibaba in 2024 from Tencent (an inflow row). His OpenReview
  profile names his LinkedIn profile, bo-wang-1: it leaves with him.
- staleness (AS_OF_YEAR 2025, stale after 3 years): Ann's profile (ByteDance 2019–present) was
  last edited in 2021: stale, from 2022 on. Hao's (Tencent 2022–present) in 2022: 3 years, not
  stale. The career profiles' file was written (fetched) in 2020, so Chen's career record
  (ByteDance 2023–present, his OpenReview profile has no tmdate) is stale too, from 2021 on;
  Hao's career record (Tencent 2022–present) is older than his profile, which still vouches.

By hand, from the small world's numbers:
- Tencent: 2021 cohort 1 → 0; headcount 2021 1 → 0, 2022 and 2023 2 → 1.
- Alibaba: 2024 cohort 1 → 0; headcount 2024 and 2025 1 → 0.
- the inflow row (alibaba, 2024, from tencent) and the leaver row (tencent, 2023, to alibaba) go.
- stale_headcount of ByteDance: 2022 1 (Ann), 2023–2025 2 (Ann, Chen), else 0; Tencent 0.
- with stale open spells cut at their record's last edit, ByteDance's 2025 headcount is 0
  (Ann ends in 2021, Chen's spell ends at its start, 2023), Tencent's stays 1.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os

import dagster as dg
import duckdb
import pytest

from orchestration.cli import build_result
from orchestration.defs.publish.publish import CURRENT, MANIFEST, pseudonym, pseudonym_key
from orchestration.explain import ExplainError, cell_keys, explain, text
from orchestration.sensitivity import measure_stale_cut
from tests import small_world
from tests.conftest import build, settings_for
from tests.landing_data import source_file, write_landing

BO = ("~Bo_Wang1", "bo-wang-1", "Bo Wang", "Bo-Wang-1")
OPT_OUTS = """id_kind,id,requested_on,channel
openreview,~Bo_Wang1,2026-03-02,email to the maintainers
github,nobody-at-all,2026-04-01,web form
twitter,@bo,2026-04-01,email
"""


def _edited(profile: dict, year: int) -> dict:
    edited = copy.deepcopy(profile)
    edited["tmdate"] = small_world.ms(year)
    return edited


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("people_in_the_data")
    edits = {"~Ann_Li1": 2021, "~Hao_Xu1": 2022}
    profiles = [_edited(p, edits[p["id"]]) if p["id"] in edits else p for p in small_world.PROFILES]
    landing = write_landing(
        root / "landing", profiles, small_world.NOTES, small_world.CAREERS, small_world.GITHUB
    )
    fetched = dt.datetime(2020, 6, 15, tzinfo=dt.UTC).timestamp()
    os.utime(source_file(landing, "career_profiles", "career_profiles.jsonl"), (fetched, fetched))
    opt_outs = root / "opt_outs.csv"
    opt_outs.write_text(OPT_OUTS)
    extra = {"TALENTFLOW_OPT_OUTS": str(opt_outs)}
    result = build(root, landing, small_world.AS_OF, **extra)
    settings = settings_for(root, landing, small_world.AS_OF, **extra)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        yield settings, result, con


def _cohorts(con, company):
    return {
        year: (headcount, new, stale)
        for year, headcount, new, stale in con.execute(
            "select year, headcount, new_researchers, stale_headcount "
            "from marts.researcher_cohorts where company_id = ? order by year",
            [company],
        ).fetchall()
    }


def test_an_opted_out_person_changes_the_cohort_the_inflow_and_the_leaver_numbers(built):
    _, _, con = built
    tencent, alibaba = _cohorts(con, "tencent"), _cohorts(con, "alibaba")
    assert tencent[2021] == (0, 0, 0)
    assert [tencent[y][0] for y in (2022, 2023, 2024, 2025)] == [1, 1, 1, 1]
    assert alibaba[2024] == (0, 0, 0) and alibaba[2025] == (0, 0, 0)
    assert alibaba[2018] == (1, 1, 0)  # Fay stays
    assert con.execute(
        "select company_id, join_year, source_category, source_org_id "
        "from marts.company_inflows order by all"
    ).fetchall() == [
        ("alibaba", 2018, "academia", "nus"),
        ("bytedance", 2019, "foreign_company", "google"),
        ("bytedance", 2020, "fresh_graduate", None),
        ("bytedance", 2023, "fresh_graduate", None),
        ("tencent", 2015, "unknown", None),
        ("tencent", 2022, "fresh_graduate", None),
    ]
    assert con.execute(
        "select company_id, leave_year, destination_category "
        "from marts.leaver_destinations order by all"
    ).fetchall() == [
        ("alibaba", 2019, "unknown"),
        ("bytedance", 2022, "startup"),
        ("tencent", 2020, "academia"),
    ]


def test_no_model_and_no_published_file_names_the_opted_out_person(built):
    settings, _, con = built
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where schema_name not in ('raw', 'main') order by all"
    ).fetchall()
    assert len(tables) > 20
    for schema, table in tables:
        for name in BO:
            [(hits,)] = con.execute(
                f'select count(*) from {schema}."{table}" as t where cast(t as varchar) ilike ?',
                [f"%{name}%"],
            ).fetchall()
            assert hits == 0, (schema, table, name)
    current = settings.publish_dir / CURRENT
    published_ids = {
        row[0]
        for row in duckdb.sql(
            f"select person_id from '{current / 'researchers.parquet'}'"
        ).fetchall()
    }
    assert pseudonym(pseudonym_key(settings), BO[0]) not in published_ids
    assert len(published_ids) == 6  # the small world's seven researchers, less Bo
    with duckdb.connect(str(current / "marts.duckdb"), read_only=True) as published:
        for (table,) in published.execute("select table_name from duckdb_tables()").fetchall():
            for name in BO:
                [(hits,)] = published.execute(
                    f'select count(*) from "{table}" as t where cast(t as varchar) ilike ?',
                    [f"%{name}%"],
                ).fetchall()
                assert hits == 0, (table, name)
    for path in (current / MANIFEST, current / "report.html"):
        text = path.read_text(encoding="utf-8")
        assert not any(name in text for name in BO), path


def test_explain_finds_nobody_where_the_opted_out_person_was(built):
    settings, _, _ = built
    with pytest.raises(ExplainError, match="nobody"):  # Bo was Tencent's 2021 cohort
        explain(
            settings.warehouse,
            "researcher_cohorts",
            cell_keys("researcher_cohorts", ["company_id=tencent", "year=2021"]),
            settings.as_of_year,
        )
    members = explain(
        settings.warehouse,
        "researcher_cohorts",
        cell_keys("researcher_cohorts", ["company_id=tencent", "year=2022"]),
        settings.as_of_year,
    )
    output = text("researcher_cohorts", {"company_id": "tencent", "year": "2022"}, members)
    assert "~Hao_Xu1" in output and not any(name in output for name in BO)


def test_the_build_counts_the_opt_outs_and_reports_the_entry_that_matches_nobody(built):
    settings, result, _ = built
    manifest = json.loads((settings.publish_dir / CURRENT / MANIFEST).read_text())
    assert manifest["opt_outs"] == {
        "entries": 2,
        "entries_rejected": 1,
        "people_dropped": 1,
        "entries_matching_nobody": 1,
        "unmatched_lines": [3],
    }
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["raw", "opt_outs"])
    ]
    metadata = {k: v.value for k, v in event.materialization.metadata.items()}
    assert (metadata["entries"], metadata["entries_rejected"]) == (2, 1)
    assert "2 entries applied, 1 people dropped, 1 matching nobody (lines [3]), 1 rejected" in (
        build_result(settings)
    )


def test_every_source_in_the_manifest_carries_its_terms(built):
    settings, _, _ = built
    manifest = json.loads((settings.publish_dir / CURRENT / MANIFEST).read_text())
    terms = {source["source"]: source["terms"] for source in manifest["sources"]}
    assert terms == {
        "openreview_profiles": "OpenReview Terms of Use",
        "openreview_notes": "OpenReview Terms of Use",
        "career_profiles": "the vendor's licence, not recorded: name it in "
        "careers/profiles/_source.json",
        "github_users": "GitHub Terms of Service (API terms)",
        "ror_organizations": "CC0 1.0 (public domain dedication)",
    }
    careers = next(s for s in manifest["sources"] if s["source"] == "career_profiles")
    assert careers["fetched_at"] == "2020-06-15T00:00:00+00:00"  # the file's modification time


def test_a_sources_own_description_of_its_terms_wins(tmp_path):
    from orchestration.defs.landing.jsonl import SOURCES
    from orchestration.defs.landing.provenance import provenance, record_provenance

    careers = next(s for s in SOURCES if s.name == "career_profiles")
    record_provenance(
        tmp_path / careers.folder, origin="Vendor X export", terms="Vendor X licence v2"
    )
    described = provenance(tmp_path, careers)
    assert (described["origin"], described["terms"], described["fetched_at"]) == (
        "Vendor X export",
        "Vendor X licence v2",
        None,  # nothing landed
    )


def test_stale_open_spells_are_counted_apart_from_the_headcount(built):
    _, _, con = built
    bytedance = _cohorts(con, "bytedance")
    assert {year: stale for year, (_, _, stale) in bytedance.items()} == {
        2019: 0,
        2020: 0,
        2021: 0,
        2022: 1,
        2023: 2,
        2024: 2,
        2025: 2,
    }
    assert [headcount for headcount, _, _ in bytedance.values()] == [1, 2, 2, 2, 2, 2, 2]
    assert all(stale == 0 for _, _, stale in _cohorts(con, "tencent").values())
    spells = dict(
        con.execute(
            "select person_id, stale_from_year from intermediate.int_spells "
            "where role = 'employee' and end_year is null and org_id in ('bytedance', 'tencent')"
        ).fetchall()
    )
    assert spells == {"~Ann_Li1": 2022, "~Chen_Zhao1": 2021, "~Hao_Xu1": None}


def test_sensitivity_cuts_stale_open_spells_at_their_records_last_edit(built):
    settings, _, _ = built
    _, headcounts = measure_stale_cut(settings)
    assert headcounts == {"alibaba": (0, 0), "bytedance": (2, 0), "tencent": (1, 1)}
