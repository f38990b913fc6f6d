"""`talentflow explain MART KEY=VALUE…`: who stands behind a cell of a mart
(docs/methodology.md#provenance).

The people come from `intermediate.int_cell_members` (one row per mart cell and person it counts,
built from the models the marts aggregate); for each, the spells at the company and at the cell's
organization, each with the source records (file and line) merged into it, and the papers that
make them a researcher of the company, with theirs. Read-only queries on the working warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Per mart: its key columns, each with the int_cell_members column it is, and the mart whose
# members the cell takes (a category mart's cell unites its organizations' cells).
MARTS: dict[str, tuple[str, dict[str, str]]] = {
    "researcher_cohorts": ("researcher_cohorts", {"company_id": "company_id", "year": "year"}),
    "company_inflows": (
        "company_inflows",
        {
            "company_id": "company_id",
            "join_year": "year",
            "source_category": "category",
            "source_org_id": "org_id",
        },
    ),
    "company_inflow_categories": (
        "company_inflows",
        {"company_id": "company_id", "join_year": "year", "source_category": "category"},
    ),
    "leaver_destinations": (
        "leaver_destinations",
        {
            "company_id": "company_id",
            "leave_year": "year",
            "destination_category": "category",
            "destination_org_id": "org_id",
        },
    ),
    "leaver_destination_categories": (
        "leaver_destinations",
        {"company_id": "company_id", "leave_year": "year", "destination_category": "category"},
    ),
    "education_backgrounds": (
        "education_backgrounds",
        {"company_id": "company_id", "era": "era", "institution_org_id": "org_id"},
    ),
    "unit_headcounts": (
        "unit_headcounts",
        {"company_id": "company_id", "unit_org_id": "org_id", "year": "year"},
    ),
    "unit_leaver_destinations": (
        "unit_leaver_destinations",
        {
            "company_id": "company_id",
            "leave_year": "year",
            "unit_org_id": "org_id",
            "destination_category": "category",
        },
    ),
}

# The JSON field of a source record that holds the entry a spell candidate comes from.
ENTRY_FIELDS = {
    "openreview_history": "content.history",
    "career_experience": "experiences",
    "career_education": "education",
}


class ExplainError(ValueError):
    """A mart, key or cell that cannot be explained; the message is one line."""


@dataclass(frozen=True)
class Source:
    """One source entry merged into a spell: its record, the entry in it, file and line."""

    source: str
    record_id: str
    entry_index: int
    file: str
    line: int

    def text(self) -> str:
        entry = f"{ENTRY_FIELDS.get(self.source, 'entry')}[{self.entry_index}]"
        return f"{self.source} {self.record_id} {entry}  {self.file}:{self.line}"


@dataclass(frozen=True)
class Spell:
    org_id: str
    role: str
    start_year: int
    end_year: int | None
    sources: tuple[Source, ...]

    def years(self) -> str:
        return f"{self.start_year}–{'' if self.end_year is None else self.end_year}"


@dataclass(frozen=True)
class Paper:
    note_id: str
    year: int
    file: str
    line: int


@dataclass
class Member:
    person_id: str
    name: str | None
    link: str  # how a career profile is linked, or "no career profile linked"
    roles: list[str]  # what the cell counts them as (role_in_cell)
    org_id: str | None  # the cell's organization for them (source, destination, institution)
    spells: list[Spell] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)


def cell_keys(mart: str, assignments: list[str]) -> dict[str, str | None]:
    """KEY=VALUE arguments as the mart's key columns; `null` (any case) is a null key value.
    Every key column must be given, and no other."""
    if mart not in MARTS:
        raise ExplainError(f"unknown mart {mart!r}; explainable marts: {', '.join(MARTS)}")
    columns = MARTS[mart][1]
    keys: dict[str, str | None] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals:
            raise ExplainError(f"{assignment!r} is not KEY=VALUE")
        if name not in columns:
            raise ExplainError(
                f"{name!r} is no key column of {mart}; its keys: {', '.join(columns)}"
            )
        keys[name] = None if value.lower() == "null" else value
    missing = [column for column in columns if column not in keys]
    if missing:
        raise ExplainError(f"{mart} needs every key column; missing: {', '.join(missing)}")
    return keys


def explain(
    warehouse: Path, mart: str, keys: dict[str, str | None], as_of_year: int
) -> list[Member]:
    """The people behind the cell `keys` of `mart` (see `cell_keys`), with their spells and
    papers, from the working warehouse (opened read-only)."""
    if not warehouse.exists():
        raise ExplainError(f"no warehouse at {warehouse}: run talentflow build first")
    members_of, columns = MARTS[mart]
    conditions, parameters = ["mart = ?"], [members_of]
    for key, value in keys.items():
        column = columns[key]
        if value is None:
            conditions.append(f"{column} is null")
        else:
            conditions.append(f"cast({column} as varchar) = ?")
            parameters.append(value)
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as error:
        raise ExplainError(f"cannot read {warehouse} (a build writing it?): {error}") from error
    with con:
        rows = con.execute(
            "select person_id, list(distinct role_in_cell order by role_in_cell), "
            "min(company_id), min(org_id) "
            f"from intermediate.int_cell_members where {' and '.join(conditions)} "
            "group by person_id order by person_id",
            parameters,
        ).fetchall()
        if not rows:
            cell = " ".join(f"{k}={'null' if v is None else v}" for k, v in keys.items())
            raise ExplainError(f"nobody in {mart} {cell}: no such cell, or an empty one")
        return [_member(con, *row, as_of_year) for row in rows]


def _member(con, person_id, roles, company_id, org_id, as_of_year) -> Member:
    [profile] = con.execute(
        "select display_name from staging.stg_openreview__profiles where person_id = ?",
        [person_id],
    ).fetchall() or [(None,)]
    links = con.execute(
        "select career_profile_id, link_method, link_score from intermediate.int_person_links "
        "where person_id = ? order by link_score desc, career_profile_id",
        [person_id],
    ).fetchall()
    link = (
        "; ".join(f"career profile {c} by {m} (score {s:.4g})" for c, m, s in links)
        or "no career profile linked"
    )
    member = Member(person_id, profile[0], link, list(roles), org_id)
    # the employee spells at the company (what makes them its researcher, and sets their cohort,
    # headcount and leave years), and every dated spell at the cell's organization
    spells = con.execute(
        "select org_id, role, start_year, end_year from intermediate.int_spells "
        "where person_id = ? and is_dated "
        "and ((org_id = ? and role = 'employee') or org_id = ?) "
        "order by start_year, org_id, role",
        [person_id, company_id, org_id],
    ).fetchall()
    member.spells = [_spell(con, person_id, *spell) for spell in spells]
    # the papers in the years of an employee spell at the company (macro spell_covers: an open
    # spell runs to AS_OF_YEAR): what makes the person a researcher of it
    member.papers = [
        Paper(*row)
        for row in con.execute(
            "select distinct papers.note_id, papers.paper_year, notes._source_file, notes._line "
            "from intermediate.int_person_papers as papers "
            "inner join staging.stg_openreview__notes as notes on papers.note_id = notes.note_id "
            "inner join intermediate.int_spells as spells "
            "on papers.person_id = spells.person_id and spells.org_id = ? "
            "and spells.role = 'employee' and spells.is_dated "
            "and papers.paper_year between spells.start_year "
            "and coalesce(spells.end_year, ?) "
            "where papers.person_id = ? order by papers.paper_year, papers.note_id",
            [company_id, as_of_year, person_id],
        ).fetchall()
    ]
    return member


def _spell(con, person_id, org_id, role, start_year, end_year) -> Spell:
    """A merged spell with the valid candidates merged into it: those of its person,
    organization and role whose years lie inside it (merged groups never overlap)."""
    sources = con.execute(
        "select candidates.source, candidates.source_record_id, candidates.source_index, "
        "coalesce(openreview._source_file, careers._source_file), "
        "coalesce(openreview._line, careers._line) "
        "from intermediate.int_spell_candidates as candidates "
        "left join staging.stg_openreview__profiles as openreview "
        "on candidates.source = 'openreview_history' "
        "and candidates.source_record_id = openreview.person_id "
        "left join staging.stg_careers__profiles as careers "
        "on candidates.source <> 'openreview_history' "
        "and candidates.source_record_id = careers.career_profile_id "
        "where candidates.rejection_reason is null and candidates.person_id = ? "
        "and candidates.org_id = ? and candidates.role = ? "
        "and candidates.start_year between ? and coalesce(?, 9999) "
        "order by candidates.source desc, candidates.source_record_id, candidates.source_index",
        [person_id, org_id, role, start_year, end_year],
    ).fetchall()
    return Spell(org_id, role, start_year, end_year, tuple(Source(*row) for row in sources))


def text(mart: str, keys: dict[str, str | None], members: list[Member]) -> str:
    """The explanation as the CLI prints it."""
    cell = " ".join(f"{k}={'null' if v is None else v}" for k, v in keys.items())
    people = f"{len(members)} {'person' if len(members) == 1 else 'people'}"
    lines = [f"{mart} {cell}: {people} (intermediate.int_cell_members)"]
    for member in members:
        lines += [
            "",
            f"{member.person_id}  {member.name or '(no name)'}  counted as: "
            + ", ".join(member.roles),
            f"  link: {member.link}",
            "  spells:",
        ]
        for spell in member.spells:
            lines.append(f"    {spell.org_id} {spell.role} {spell.years()}")
            lines += [f"      {source.text()}" for source in spell.sources]
        lines.append("  papers:" if member.papers else "  papers: none in a spell at the company")
        lines += [
            f"    {paper.note_id} {paper.year}  {paper.file}:{paper.line}"
            for paper in member.papers
        ]
    return "\n".join(lines)
