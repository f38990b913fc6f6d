-- One row per researcher of C in the year Y they joined C (their cohort), with what the
-- cohort metrics count (docs/methodology.md#metrics):
--   has_phd: a PhD completed in or before Y.
--   is_fresh_grad: no employee, postdoc or faculty spell at any organization starting before
--     Y, and an education spell ending in Y-1 or Y.
--   is_fresh_phd: a fresh grad whose latest-ending education spell among those ending in
--     Y-1 or Y is a PhD (a PhD wins a tie).
--   has_education: any dated education spell (the known-education denominator);
--   has_career_profile: a linked career profile.
--   source_*: the prior spell — at another organization, as employee, postdoc or faculty,
--     starting before Y (or starting and ending in Y) — with the greatest start year; ties:
--     greatest end year (open counts as greatest), then employee, faculty, postdoc, then the
--     smallest org_id. No prior spell: fresh_graduate if a fresh grad, else unknown.
with

researchers as (
    select * from {{ ref('int_company_researchers') }}
),

spells as (
    select * from {{ ref('int_spells') }}
    where is_dated
),

facts as (
    select * from {{ ref('int_person_facts') }}
),

worked_before as (
    select distinct
        researchers.person_id,
        researchers.company_id
    from researchers
    inner join spells
        on researchers.person_id = spells.person_id
            and spells.role in {{ work_roles() }}
            and researchers.cohort_year > spells.start_year
),

-- education spells ending in Y-1 or Y: the latest end wins, a PhD wins a tie
graduations as (
    select
        researchers.person_id,
        researchers.company_id,
        spells.role
    from researchers
    inner join spells
        on researchers.person_id = spells.person_id
            and {{ is_education('spells.role') }}
            and spells.end_year between researchers.cohort_year - 1 and researchers.cohort_year
    qualify row_number() over (
            partition by researchers.person_id, researchers.company_id
            order by spells.end_year desc, case when spells.role = 'student_phd' then 0 else 1 end
        ) = 1
),

prior_spells as (
    select
        researchers.person_id,
        researchers.company_id,
        spells.org_id,
        spells.role,
        spells.start_year,
        spells.end_year
    from researchers
    inner join spells
        on researchers.person_id = spells.person_id
            and researchers.company_id <> spells.org_id
            and spells.role in {{ work_roles() }}
            and (
                researchers.cohort_year > spells.start_year
                or (
                    researchers.cohort_year = spells.start_year
                    and researchers.cohort_year = spells.end_year
                )
            )
    qualify row_number() over (
            partition by researchers.person_id, researchers.company_id
            order by
                spells.start_year desc,
                coalesce(spells.end_year, 9999) desc,
                {{ role_precedence('spells.role') }},
                spells.org_id
        ) = 1
),

members as (
    select
        researchers.person_id,
        researchers.company_id,
        researchers.cohort_year,
        coalesce(facts.phd_year <= researchers.cohort_year, false) as has_phd,
        worked_before.person_id is null and graduations.person_id is not null as is_fresh_grad,
        worked_before.person_id is null and coalesce(graduations.role = 'student_phd', false)
            as is_fresh_phd,
        coalesce(facts.is_overseas_educated, false) as is_overseas_educated,
        coalesce(facts.has_education, false) as has_education,
        coalesce(facts.has_career_profile, false) as has_career_profile,
        facts.birth_year_est,
        prior_spells.org_id as source_org_id,
        prior_spells.role as source_role
    from researchers
    left join facts on researchers.person_id = facts.person_id
    left join worked_before on {{ same_researcher('researchers', 'worked_before') }}
    left join graduations on {{ same_researcher('researchers', 'graduations') }}
    left join prior_spells on {{ same_researcher('researchers', 'prior_spells') }}
)

select
    members.*,
    case
        when members.source_org_id is not null then organizations.category
        when members.is_fresh_grad then 'fresh_graduate'
        else 'unknown'
    end as source_category,
    organizations.name as source_org_name
from members
left join {{ ref('int_organization_lookup') }} as organizations
    on members.source_org_id = organizations.org_id
