"""Names as linking compares them (docs/methodology.md#people-and-linking): one name written
several ways gives the same keys.

A name is read as tokens (accents stripped, lower case; hyphens and apostrophes join the parts
of one token, so `Wei-Ming` and `Weiming` are one given name; a Han-script run becomes its pinyin,
every reading of a character with several). Its surname is its first or its last token (both
orders are kept: `Zhang Wei` = `Wei Zhang`); of a Han-script run, the first character (or a
compound surname). The given names are the other tokens; a token that is no run of pinyin
syllables (`Kevin`) is a Western given name when the name also has a pinyin given name, and may
be left out. A token of one letter, of letters with dots (`W.`, `W.M.`), or of up to three capitals
that are no pinyin (`WM`) is initials.

Keys, each `surname|given` (see NameKeys):
- `forms`: the given names run together (`zhang|weiming`): the name whatever its order, script,
  hyphens and spaces;
- `core_forms`: also with Western given names left out (`Kevin Weiming Zhang` → `zhang|weiming`);
- `abbreviations`: what initials of a full name can read (`zhang|w`, `zhang|wm`, `zhang|wei m`);
- `short_forms`: the name itself as initials (`W. M. Zhang` → `zhang|wm`);
- `blocks`: surname and first initial (`zhang|w`), the blocking key;
- `surnames`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

# Han-script compound surnames (the common ones): the rest take the first character.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "令狐", "夏侯", "端木", "司徒", "司空", "宇文", "轩辕", "独孤", "南宫", "西门",
        "百里", "呼延", "澹台", "公冶", "申屠", "太史", "闻人", "万俟", "单于", "钟离",
    }
)  # fmt: skip
# No name is read in more ways than this (characters with several readings multiply them).
MAX_READINGS = 16
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class NameKeys:
    forms: list[str] = field(default_factory=list)
    core_forms: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    short_forms: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Token:
    parts: tuple[str, ...]  # the parts written apart (hyphens), lower case
    initials: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """The toneless pinyin syllables of the 6,763 common characters of GB 2312, each in its
    usual reading (rare readings such as `len` would make `Helen` pinyin), with a vowel (`ü`
    as `v`, also as `u`)."""
    from pypinyin import Style, lazy_pinyin

    characters = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    syllables = set()
    for syllable in lazy_pinyin("".join(characters), style=Style.NORMAL):
        if syllable.isascii() and syllable.isalpha() and re.search("[aeiouv]", syllable):
            syllables.add(syllable)
            syllables.add(syllable.replace("v", "u"))
    return frozenset(syllables)


@functools.cache
def segmentations(text: str) -> tuple[tuple[str, ...], ...]:
    """Every way to read `text` as a run of pinyin syllables (none: it is no pinyin)."""
    if not text:
        return ((),)
    syllables = pinyin_syllables()
    found = []
    for end in range(min(len(text), 6), 0, -1):
        head = text[:end]
        if head in syllables:
            found += [(head, *rest) for rest in segmentations(text[end:])]
    return tuple(found[:8])


def is_pinyin(text: str) -> bool:
    return bool(segmentations(text))


def _han_readings(run: str) -> list[tuple[str, list[str]]]:
    """(surname, given syllables) for each reading of a Han-script name."""
    from pypinyin import Style, pinyin

    split = 2 if run[:2] in COMPOUND_SURNAMES and len(run) > 2 else 1
    per_char = pinyin(run, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(per_char) != len(run):
        return []
    readings = []
    for combo in itertools.islice(itertools.product(*per_char), MAX_READINGS):
        readings.append(("".join(combo[:split]), list(combo[split:])))
    return readings


def _tokens(latin: str) -> list[_Token]:
    tokens = []
    for raw in re.split(r"[\s,()\[\]/]+", latin):
        if not raw:
            continue
        letters = re.sub(r"[^A-Za-z.\-']", "", raw)
        if not letters.replace(".", "").replace("-", "").replace("'", ""):
            continue
        if "." in letters:  # W. / W.M. / W.-M. are initials; a dot after a word is dropped
            parts = [p for p in re.split(r"[.\-']+", letters) if p]
            if all(len(p) == 1 for p in parts):
                tokens.append(_Token(tuple(p.lower() for p in parts), initials=True))
                continue
            letters = letters.replace(".", "")
        parts = tuple(p.lower() for p in re.split(r"[\-']+", letters) if p)
        text = "".join(parts)
        if len(text) == 1 or (
            len(text) <= 3 and letters.isupper() and not is_pinyin(text) and len(parts) == 1
        ):
            tokens.append(_Token(tuple(text), initials=True))
        else:
            tokens.append(_Token(parts))
    return tokens


def _syllables(token: _Token) -> list[tuple[str, ...]]:
    """The syllables a given-name token can be read as: its written parts, each segmented."""
    options = [segmentations(part) or ((part,),) for part in token.parts]
    return [tuple(itertools.chain(*combo)) for combo in itertools.product(*options)][:8]


def _abbreviations(given: list[_Token]) -> set[str]:
    """What initials of a full given name can be written as: the first initial (`w`), the
    initials of every syllable (`wm`), the first syllable or given name in full and the others
    as initials (`wei m`)."""
    keys = set()
    if len(given) > 1:
        keys.add(given[0].text + " " + "".join(t.text[0] for t in given[1:]))
    for combo in itertools.islice(itertools.product(*map(_syllables, given)), MAX_READINGS):
        syllables = [s for token_syllables in combo for s in token_syllables]
        keys.add(syllables[0][0])
        keys.add("".join(s[0] for s in syllables))
        if len(syllables) > 1:
            keys.add(syllables[0] + " " + "".join(s[0] for s in syllables[1:]))
    return keys


def name_keys(full_name: str | None) -> NameKeys:
    """The keys of one name (module docstring); a name with no surname and given name gives
    none."""
    if not full_name:
        return NameKeys()
    text = unicodedata.normalize("NFKC", full_name)
    readings: list[tuple[str, list[_Token]]] = []  # (surname, given tokens)
    han_runs = HAN.findall(text)
    latin = unicodedata.normalize("NFKD", HAN.sub(" ", text))
    latin = "".join(c for c in latin if not unicodedata.combining(c))
    tokens = _tokens(latin)
    if han_runs:
        for surname, given in _han_readings("".join(han_runs)):
            if given:
                # Latin tokens beside a Han name are Western given names (`Kevin 张伟`)
                readings.append((surname, [_Token(tuple(given)), *tokens]))
    if len(tokens) >= 2:
        full = [i for i, t in enumerate(tokens) if not t.initials]
        for index in {full[0], full[-1]} if full else set():
            readings.append((tokens[index].text, tokens[:index] + tokens[index + 1 :]))
    forms, core_forms, abbreviations, short_forms, blocks, surnames = (set() for _ in range(6))
    for surname, given in readings:
        if not given or not surname:
            continue
        surnames.add(surname)
        variants = [given]
        pinyin_given = [t for t in given if t.initials or is_pinyin(t.text)]
        if is_pinyin(surname) and pinyin_given and len(pinyin_given) < len(given):
            variants.append(pinyin_given)  # Western given names left out
        for index, variant in enumerate(variants):
            blocks.add(f"{surname}|{variant[0].text[0]}")
            if any(t.initials for t in variant):
                first_full = not variant[0].initials
                written = (variant[0].text + " " if first_full else "") + "".join(
                    t.text for t in variant[1 if first_full else 0 :]
                )
                short_forms.add(f"{surname}|{written}")
                continue
            key = f"{surname}|{''.join(t.text for t in variant)}"
            core_forms.add(key)
            if index == 0:
                forms.add(key)
            abbreviations.update(f"{surname}|{a}" for a in _abbreviations(variant))
    return NameKeys(
        *(sorted(s) for s in (forms, core_forms, abbreviations, short_forms, blocks, surnames))
    )
