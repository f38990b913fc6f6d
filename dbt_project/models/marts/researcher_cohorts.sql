-- One row per focus company and year, from the company's first year with a researcher to
-- AS_OF_YEAR, zero years included. Definitions: CONTRACT §4 and the docs of each column.
with

researchers as (
    select * from {{ ref('int_company_researchers') }}
),

members as (
    select * from {{ ref('int_cohort_members') }}
),

facts as (
    select
        person_id,
        birth_year_est
    from {{ ref('int_person_facts') }}
),

employee_spells as (
    select
        person_id,
        org_id as company_id,
        start_year,
        end_year
    from {{ ref('int_spells') }}
    where role = 'employee' and is_dated
),

years as (
    select
        company_id,
        {{ year_series('min(cohort_year)', as_of_year()) }} as year
    from researchers
    group by company_id
),

team as (
    select distinct
        years.company_id,
        years.year,
        researchers.person_id
    from years
    inner join researchers on years.company_id = researchers.company_id
    inner join employee_spells
        on researchers.person_id = employee_spells.person_id
            and researchers.company_id = employee_spells.company_id
            and years.year between employee_spells.start_year
            and coalesce(employee_spells.end_year, {{ as_of_year() }})
),

team_by_year as (
    select
        team.company_id,
        team.year,
        count(*) as headcount,
        avg(team.year - facts.birth_year_est) as avg_age_team
    from team
    left join facts on team.person_id = facts.person_id
    group by team.company_id, team.year
),

cohorts as (
    select
        company_id,
        cohort_year as year,
        count(*) as new_researchers,
        sum(case when has_phd then 1 else 0 end) as new_with_phd,
        sum(case when is_fresh_grad then 1 else 0 end) as fresh_grads,
        sum(case when is_fresh_phd then 1 else 0 end) as fresh_phds,
        sum(case when is_overseas_educated then 1 else 0 end) as overseas_educated,
        avg(cohort_year - birth_year_est) as avg_age_new
    from members
    group by company_id, cohort_year
),

final as (
    select
        years.company_id,
        organizations.name as company_name,
        cast(years.year as integer) as year,
        cast(coalesce(team_by_year.headcount, 0) as integer) as headcount,
        cast(coalesce(cohorts.new_researchers, 0) as integer) as new_researchers,
        cast(coalesce(cohorts.new_with_phd, 0) as integer) as new_with_phd,
        cast(cohorts.new_with_phd as double) / nullif(cohorts.new_researchers, 0) as phd_share,
        cast(coalesce(cohorts.fresh_grads, 0) as integer) as fresh_grads,
        cast(cohorts.fresh_grads as double) / nullif(cohorts.new_researchers, 0)
            as fresh_grad_share,
        cast(coalesce(cohorts.fresh_phds, 0) as integer) as fresh_phds,
        cast(cohorts.fresh_phds as double) / nullif(cohorts.new_researchers, 0)
            as fresh_phd_share,
        cast(coalesce(cohorts.overseas_educated, 0) as integer) as overseas_educated,
        cast(cohorts.overseas_educated as double) / nullif(cohorts.new_researchers, 0)
            as overseas_education_share,
        cast(team_by_year.avg_age_team as double) as avg_age_team,
        cast(cohorts.avg_age_new as double) as avg_age_new,
        years.year >= 2023 as is_llm_era
    from years
    left join team_by_year
        on years.company_id = team_by_year.company_id and years.year = team_by_year.year
    left join cohorts on years.company_id = cohorts.company_id and years.year = cohorts.year
    left join {{ ref('int_organization_lookup') }} as organizations
        on years.company_id = organizations.org_id
)

select * from final
