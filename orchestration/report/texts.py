"""The definitions stated under every chart: the dbt docs' descriptions when given (a mapping
{"mart.column": text}, or {"mart": text} for a whole mart), else these sentences, written from
docs/methodology.md#metrics ("{llm_era}" stands for the build's rule of the `llm` era,
docs/methodology.md#era)."""

from __future__ import annotations

from pathlib import Path

import yaml

BUILT_IN: dict[str, str] = {
    "researcher_cohorts.headcount": (
        "Researchers of the company (employees with at least one OpenReview paper dated within "
        "their years there) with an employee spell at the company covering the year."
    ),
    "researcher_cohorts.stale_headcount": (
        'Of the headcount, the researchers counted only because a job still reads "present" in '
        "a record nobody edited for more than a few years (3 by default): a year after that "
        "record's last edit."
    ),
    "researcher_cohorts.new_researchers": (
        "The cohort: researchers of the company whose earliest employee spell there starts in "
        "the year."
    ),
    "researcher_cohorts.new_with_phd": (
        "Cohort members with a PhD completed in or before the year (a postdoc implies a PhD "
        "when no PhD spell is known)."
    ),
    "researcher_cohorts.phd_share": "new_with_phd / new_researchers.",
    "researcher_cohorts.fresh_grads": (
        "Cohort members with no employee, postdoc or faculty spell at any organization starting "
        "before the year, and an education spell ending in the year or the year before."
    ),
    "researcher_cohorts.fresh_grad_share": "fresh_grads / new_researchers.",
    "researcher_cohorts.fresh_phds": (
        "Fresh grads whose latest-ending education spell among those ending in the year or the "
        "year before is a PhD (a PhD wins a tie)."
    ),
    "researcher_cohorts.fresh_phd_share": "fresh_phds / new_researchers.",
    "researcher_cohorts.overseas_educated": (
        "Cohort members with any education spell at an institution outside the home country "
        "(HK, MO and TW count as their own codes)."
    ),
    "researcher_cohorts.overseas_education_share": "overseas_educated / new_researchers.",
    "researcher_cohorts.avg_age_team": (
        "Mean of (year − estimated birth year) over the headcount, leaving out persons without "
        "an estimate."
    ),
    "researcher_cohorts.avg_age_new": "Mean of (year − estimated birth year) over the cohort.",
    "education_backgrounds.researchers": (
        "Researchers of the company and era ({llm_era}, else pre_llm) with an education spell "
        "at the institution."
    ),
    "education_backgrounds.rank": (
        "1 for the institution with the most researchers; ties share a rank."
    ),
    "company_inflows": (
        "The source of a new researcher is their prior spell (at another organization, as "
        "employee, postdoc or faculty, starting before the join year) with the greatest start "
        "year; its organization's category (big tech CN, foreign company, startup, academia, "
        "other company) is the source category."
    ),
    "company_inflows.share_of_experienced": (
        "Newcomers from the source / the newcomers with a prior spell (fresh graduates and "
        "unknown sources left out)."
    ),
    "leaver_destinations": (
        "A leaver is a researcher whose latest employee spell at the company has ended (the "
        "leave year); the destination is their spell elsewhere (employee, faculty, postdoc or "
        "student) starting in or after the leave year with the smallest start year, and its "
        "organization's category the destination category (unknown when there is none)."
    ),
    "leaver_destinations.share_of_leavers": (
        "Leavers with this destination / all leavers of the company in the leave year."
    ),
    "leaver_destinations.researchers": "Leavers of this company and year with this destination.",
}
# The marts by category: the same people as the marts by organization, summed by category.
BUILT_IN |= {
    "company_inflow_categories": BUILT_IN["company_inflows"]
    + " Newcomers are counted by source category: the sum over its organizations.",
    "company_inflow_categories.share_of_experienced": (
        "Newcomers from sources of the category / the newcomers with a prior spell (fresh "
        "graduates and unknown sources left out)."
    ),
    "leaver_destination_categories": BUILT_IN["leaver_destinations"]
    + " Leavers are counted by destination category: the sum over its organizations.",
    "leaver_destination_categories.share_of_leavers": (
        "Leavers to destinations of the category / all leavers of the company in the leave year."
    ),
    "leaver_destination_categories.researchers": (
        "Leavers of this company and year whose destination is of the category."
    ),
}


def definition(key: str, descriptions: dict[str, str] | None, era_start: int | None) -> str:
    """The text for `mart.column` (or a whole `mart`): the given description, else the
    built-in sentence, with the `llm` era of the build starting in `era_start`."""
    given = (descriptions or {}).get(key)
    if given:
        return " ".join(given.split())
    llm_era = "llm: first joined in the LLM era"
    if era_start is not None:
        llm_era = f"llm: first joined in {era_start} or later"
    return BUILT_IN[key].replace("{llm_era}", llm_era)


def dbt_descriptions(models_yml: Path) -> dict[str, str]:
    """{"mart.column": description, "mart": description} from a dbt models yml such as
    dbt_project/models/marts/_marts__models.yml."""
    found: dict[str, str] = {}
    for model in (yaml.safe_load(models_yml.read_text()) or {}).get("models", []):
        if model.get("description"):
            found[model["name"]] = model["description"]
        for column in model.get("columns", []):
            if column.get("description"):
                found[f"{model['name']}.{column['name']}"] = column["description"]
    return found
