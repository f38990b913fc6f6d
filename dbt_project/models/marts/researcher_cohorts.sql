-- One row per focus company and year, from the company's first year with a researcher to
-- AS_OF_YEAR, zero years included. Definitions: docs/methodology.md#metrics and the docs of each
-- column.
with

headcount as (
    select * from {{ ref('int_company_headcount') }}
),

members as (
    select * from {{ ref('int_cohort_members') }}
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
        headcount.company_id,
        organizations.name as company_name,
        headcount.year,
        cast(headcount.headcount as integer) as headcount,
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
        cast(headcount.avg_age_team as double) as avg_age_team,
        cast(cohorts.avg_age_new as double) as avg_age_new,
        {{ is_llm_era('headcount.year') }} as is_llm_era,
        headcount.year >= {{ var('current_year') }} as is_partial_year
    from headcount
    left join cohorts
        on headcount.company_id = cohorts.company_id and headcount.year = cohorts.year
    left join {{ ref('int_organization_lookup') }} as organizations
        on headcount.company_id = organizations.org_id
)

select * from final
