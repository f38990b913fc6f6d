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
        sum(case when has_career_profile then 1 else 0 end) as new_with_career_profile,
        sum(case when has_education then 1 else 0 end) as new_with_education,
        -- a PhD implied by a postdoc alone is no known education: kept out of the share of known
        sum(case when has_phd and has_education then 1 else 0 end) as new_with_education_and_phd,
        avg(cohort_year - birth_year_est) as avg_age_new
    from members
    group by company_id, cohort_year
),

counted as (
    select
        headcount.company_id,
        organizations.name as company_name,
        headcount.year,
        cast(headcount.headcount as integer) as headcount,
        cast(headcount.stale_headcount as integer) as stale_headcount,
        cast(coalesce(cohorts.new_researchers, 0) as integer) as new_researchers,
        cast(coalesce(cohorts.new_with_career_profile, 0) as integer) as new_with_career_profile,
        cast(coalesce(cohorts.new_with_education, 0) as integer) as new_with_education,
        cast(coalesce(cohorts.new_with_phd, 0) as integer) as new_with_phd,
        cast(coalesce(cohorts.new_with_education_and_phd, 0) as integer)
            as new_with_education_and_phd,
        cast(coalesce(cohorts.fresh_grads, 0) as integer) as fresh_grads,
        cast(coalesce(cohorts.fresh_phds, 0) as integer) as fresh_phds,
        cast(coalesce(cohorts.overseas_educated, 0) as integer) as overseas_educated,
        cast(headcount.avg_age_team as double) as avg_age_team,
        cast(cohorts.avg_age_new as double) as avg_age_new,
        {{ is_llm_era('headcount.year') }} as is_llm_era,
        headcount.year >= {{ var('current_year') }} as is_partial_year
    from headcount
    left join cohorts
        on headcount.company_id = cohorts.company_id and headcount.year = cohorts.year
    left join {{ ref('int_organization_lookup') }} as organizations
        on headcount.company_id = organizations.org_id
),

-- every share: of the cohort, and of its members with known education (any dated education
-- spell), each with its 95% Wilson interval (macro share_with_interval)
final as (
    select
        company_id,
        company_name,
        year,
        headcount,
        stale_headcount,
        new_researchers,
        new_with_career_profile,
        new_with_education,
        new_with_phd,
        {{ share_with_interval('new_with_phd', 'new_researchers', 'phd_share') }},
        new_with_education_and_phd,
        {{ share_with_interval(
            'new_with_education_and_phd', 'new_with_education', 'phd_share_of_known'
        ) }},
        fresh_grads,
        {{ share_with_interval('fresh_grads', 'new_researchers', 'fresh_grad_share') }},
        {{ share_with_interval('fresh_grads', 'new_with_education', 'fresh_grad_share_of_known') }},
        fresh_phds,
        {{ share_with_interval('fresh_phds', 'new_researchers', 'fresh_phd_share') }},
        {{ share_with_interval('fresh_phds', 'new_with_education', 'fresh_phd_share_of_known') }},
        overseas_educated,
        {{ share_with_interval(
            'overseas_educated', 'new_researchers', 'overseas_education_share'
        ) }},
        {{ share_with_interval(
            'overseas_educated', 'new_with_education', 'overseas_education_share_of_known'
        ) }},
        avg_age_team,
        avg_age_new,
        is_llm_era,
        is_partial_year
    from counted
)

select * from final
