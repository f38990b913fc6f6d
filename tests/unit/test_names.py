"""The name keys splink compares (orchestration/defs/linking/names.py): one name written in
several ways gives the same keys; other names do not."""

from __future__ import annotations

import pytest

from orchestration.defs.linking.names import is_pinyin, name_keys, segmentations
from orchestration.sample.generator import WESTERN_GIVEN


def shares(left: list[str], right: list[str]) -> bool:
    return bool(set(left) & set(right))


@pytest.mark.parametrize(
    "written",
    [
        "Weiming Zhang",
        "Zhang Weiming",
        "Wei-Ming Zhang",
        "Wei Ming Zhang",
        "张伟明",
        "ZHANG Weiming",
    ],
)
def test_order_script_hyphens_and_spaces_give_the_same_name(written):
    assert "zhang|weiming" in name_keys(written).forms
    assert "zhang|w" in name_keys(written).blocks


@pytest.mark.parametrize("written", ["Kevin Weiming Zhang", "Weiming (Kevin) Zhang"])
def test_a_western_given_name_can_be_left_out(written):
    keys = name_keys(written)
    assert "zhang|weiming" not in keys.forms
    assert "zhang|weiming" in keys.core_forms


@pytest.mark.parametrize(
    ("written", "fits"),
    [
        ("W. Zhang", True),
        ("W.M. Zhang", True),
        ("W. M. Zhang", True),
        ("WM Zhang", True),
        ("Wei M. Zhang", True),
        ("Zhang W.", True),
        ("X. Zhang", False),
        ("W.J. Zhang", False),
        ("W. Wang", False),
    ],
)
def test_initials_fit_the_full_name_they_abbreviate(written, fits):
    short, full = name_keys(written), name_keys("Weiming Zhang")
    assert short.short_forms and not short.forms
    assert shares(short.short_forms, full.abbreviations) is fits


def test_namesakes_and_other_names_stay_apart():
    weiming = name_keys("Weiming Zhang")
    assert not shares(weiming.forms, name_keys("Wei Zhang").forms)
    assert not shares(weiming.core_forms, name_keys("Weiming Wang").core_forms)
    assert not shares(name_keys("Kevin Zhang").core_forms, weiming.core_forms)
    # a full name is no abbreviation
    assert not name_keys("Wei Zhang").short_forms


def test_han_script_reads_every_reading_and_compound_surnames():
    assert "zeng|fan" in name_keys("曾凡").forms  # 曾: zeng or ceng
    assert "ceng|fan" in name_keys("曾凡").forms
    assert name_keys("欧阳娜娜").surnames == ["ouyang"]
    assert "zhang|weiming" in name_keys("Kevin 张伟明").core_forms


def test_pinyin_is_read_from_common_syllables_only():
    assert segmentations("weiming") == (("wei", "ming"),)
    assert ("xi", "an") in segmentations("xian") and ("xian",) in segmentations("xian")
    assert is_pinyin("lv") and is_pinyin("lu")
    assert not is_pinyin("helen")  # `len` is a rare reading, no name syllable
    assert not [name for name in WESTERN_GIVEN if is_pinyin(name.lower())]


@pytest.mark.parametrize("written", [None, "", "Weiming", "  ", "---", "W."])
def test_a_name_without_surname_and_given_name_gives_no_keys(written):
    assert name_keys(written).blocks == []
