-- One row per focus company C and year Y, from C's first cohort year to AS_OF_YEAR, and each
-- member of headcount(C, Y): a researcher of C with an employee spell at C covering Y
-- (docs/methodology.md#headcount); rests_on_stale: their every covering spell rests on a stale
-- open claim in Y (docs/methodology.md#staleness); unit_org_id: the covering spell's unit. A year
-- with nobody has one row with a null person_id, so that int_company_headcount keeps its zero
-- years.
with

researchers as (
    select * from {{ ref('int_company_researchers') }}
),

employee_spells as (
    select
        person_id,
        org_id as company_id,
        unit_org_id,
        start_year,
        end_year,
        stale_from_year
    from {{ ref('int_spells') }}
    where role = 'employee' and is_dated
),

years as (
    select
        company_id,
        {{ year_series('min(cohort_year)', var('as_of_year')) }} as year
    from researchers
    group by company_id
),

covering as (
    select
        years.company_id,
        years.year,
        researchers.person_id,
        employee_spells.unit_org_id,
        coalesce(years.year >= employee_spells.stale_from_year, false) as rests_on_stale
    from years
    inner join researchers on years.company_id = researchers.company_id
    inner join employee_spells
        on {{ same_researcher('researchers', 'employee_spells') }}
            and {{ spell_covers(
                'years.year', 'employee_spells.start_year', 'employee_spells.end_year'
            ) }}
),

team as (
    select
        company_id,
        year,
        person_id,
        -- merged employee spells at C never overlap: one covering spell, one unit
        min(unit_org_id) as unit_org_id,
        bool_and(rests_on_stale) as rests_on_stale
    from covering
    group by company_id, year, person_id
)

select
    years.company_id,
    cast(years.year as integer) as year,
    team.person_id,
    team.unit_org_id,
    team.rests_on_stale
from years
left join team on years.company_id = team.company_id and years.year = team.year
