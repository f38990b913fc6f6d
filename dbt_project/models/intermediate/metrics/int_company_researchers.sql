-- The population (docs/methodology.md#metrics): one row per researcher of a focus company C — a
-- person with an employee spell at C (subsidiaries and labs rolled up) in whose years at least one
-- of their papers falls. Interns are not employees.
--   cohort_year: the start of their earliest employee spell at C.
--   leave_year: the end of their latest employee spell at C when that end is ≤ AS_OF_YEAR
--     (null for those still there).
--   unit_org_id: the unit (lab or subsidiary) of that latest spell: the one a leaver left.
with

employee_spells as (
    select spells.*
    from {{ ref('int_spells') }} as spells
    inner join {{ ref('focus_companies') }} as focus on spells.org_id = focus.company_id
    where spells.role = 'employee' and spells.is_dated
),

with_paper as (
    select distinct
        employee_spells.person_id,
        employee_spells.org_id as company_id
    from employee_spells
    inner join {{ ref('int_person_papers') }} as papers
        on employee_spells.person_id = papers.person_id
            and {{ spell_covers(
                'papers.paper_year', 'employee_spells.start_year', 'employee_spells.end_year'
            ) }}
),

latest_spell as (
    select
        person_id,
        org_id as company_id,
        unit_org_id,
        end_year
    from employee_spells
    qualify row_number() over (
            partition by person_id, org_id
            order by start_year desc, coalesce(end_year, 9999) desc
        ) = 1
),

first_spell as (
    select
        person_id,
        org_id as company_id,
        min(start_year) as cohort_year
    from employee_spells
    group by person_id, org_id
)

select
    with_paper.person_id,
    with_paper.company_id,
    first_spell.cohort_year,
    case
        when latest_spell.end_year <= {{ var('as_of_year') }} then latest_spell.end_year
    end as leave_year,
    latest_spell.unit_org_id
from with_paper
inner join first_spell on {{ same_researcher('with_paper', 'first_spell') }}
inner join latest_spell on {{ same_researcher('with_paper', 'latest_spell') }}
