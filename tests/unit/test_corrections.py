"""Issue 14: reading corrections.yml. What can be applied becomes a row of raw.corrections with
its line; what cannot is rejected with its line and reason (docs/methodology.md#corrections)."""

from __future__ import annotations

import pytest

from orchestration.defs.landing.corrections import read_corrections
from orchestration.settings import CORRECTIONS_YML

SIGNED = "    who: A. Analyst\n    when: 2026-11-27\n    why: Checked by hand.\n"


def read(tmp_path, text: str):
    path = tmp_path / "corrections.yml"
    path.write_text(text)
    return read_corrections(path)


def test_the_shipped_file_is_valid_and_empty():
    assert read_corrections(CORRECTIONS_YML) == ([], [])


def test_no_file_no_corrections(tmp_path):
    assert read_corrections(tmp_path / "none.yml") == ([], [])


def test_each_kind_lands_with_its_line(tmp_path):
    valid, rejected = read(
        tmp_path,
        "corrections:\n"
        "  - kind: force_link\n    person_id: ~A1\n    career_profile_id: a-1\n" + SIGNED
        + "  - kind: fix_spell\n    person_id: ~A1\n    org_id: tencent\n    role: employee\n"
        "    start_year: null\n    set: {start_year: 2019, end_year: null}\n" + SIGNED
        + "  - kind: map_organization\n    name: ' Seed Team '\n    org_id: bytedance_seed\n"
        + SIGNED,
    )  # fmt: skip
    assert rejected == []
    assert [(row["_line"], row["kind"]) for row in valid] == [
        (2, "force_link"),
        (8, "fix_spell"),
        (17, "map_organization"),
    ]
    link, fix, mapping = valid
    assert (link["person_id"], link["career_profile_id"], link["made_on"]) == (
        "~A1",
        "a-1",
        "2026-11-27",
    )
    # a null start year matches spells without one; a null end sets the spell open
    assert (fix["start_year"], fix["sets_start_year"], fix["new_start_year"]) == (None, True, 2019)
    assert (fix["sets_end_year"], fix["new_end_year"]) == (True, None)
    assert mapping["name"] == "Seed Team"


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("kind: merge_people\n    person_id: ~A1\n", "kind is not one of"),
        ("kind: drop_spell\n    person_id: ~A1\n    org_id: x\n    role: employee\n", "no who"),
        ("kind: forbid_link\n    person_id: ~A1\n" + SIGNED, "no career_profile_id"),
        (
            "kind: drop_spell\n    person_id: ~A1\n    org_id: x\n    role: boss\n"
            "    start_year: 2019\n" + SIGNED,
            "role is not one of",
        ),
        (
            "kind: drop_spell\n    person_id: ~A1\n    org_id: x\n    role: employee\n" + SIGNED,
            "no start_year",
        ),
        (
            "kind: fix_spell\n    person_id: ~A1\n    org_id: x\n    role: employee\n"
            "    start_year: 2019\n    set: {end_year: 2018}\n" + SIGNED,
            "the fixed spell would end before it starts",
        ),
        (
            "kind: fix_spell\n    person_id: ~A1\n    org_id: x\n    role: employee\n"
            "    start_year: '2019'\n    set: {end_year: 2020}\n" + SIGNED,
            "start_year is not a year",
        ),
        (
            "kind: fix_spell\n    person_id: ~A1\n    org_id: x\n    role: employee\n"
            "    start_year: 2019\n    set: {role: intern}\n" + SIGNED,
            "set must give",
        ),
        (
            "kind: map_organization\n    name: X\n    org_id: x\n    who: A\n    when: soon\n"
            "    why: B\n",
            "when is not a date",
        ),
    ],
)
def test_a_correction_that_cannot_be_applied_is_rejected_with_its_line(tmp_path, entry, reason):
    valid, rejected = read(tmp_path, "# a comment\ncorrections:\n  - " + entry)
    assert valid == []
    [(line, why, excerpt)] = rejected
    assert line == 3 and why.startswith(reason), why
    assert "~A1" in excerpt or "X" in excerpt


def test_a_file_that_is_not_yaml_is_rejected_whole(tmp_path):
    valid, rejected = read(tmp_path, "corrections:\n  - kind: [unclosed\n")
    assert valid == []
    [(line, reason, _)] = rejected
    assert reason.startswith("not valid YAML") and line >= 2
    assert read(tmp_path, "- just a list\n")[1][0][1].startswith("expected a mapping")
