-- One row per focus company, join year and source of its new researchers
-- (docs/methodology.md#metrics): the organization of each newcomer's latest prior spell, or
-- fresh_graduate / unknown.
with

members as (
    select * from {{ ref('int_cohort_members') }}
),

cohort_sizes as (
    select
        company_id,
        cohort_year,
        count(*) as new_researchers,
        sum(case when source_org_id is not null then 1 else 0 end) as experienced
    from members
    group by company_id, cohort_year
),

by_source as (
    select
        company_id,
        cohort_year,
        source_category,
        source_org_id,
        source_org_name,
        count(*) as researchers
    from members
    group by company_id, cohort_year, source_category, source_org_id, source_org_name
),

shares as (
    select
        by_source.company_id,
        cast(by_source.cohort_year as integer) as join_year,
        by_source.source_category,
        by_source.source_org_id,
        by_source.source_org_name,
        coalesce(
            by_source.source_org_id in (
                select focus.company_id from {{ ref('focus_companies') }} as focus
            ),
            false
        )
            as source_is_focus_company,
        cast(by_source.researchers as integer) as researchers,
        cohort_sizes.new_researchers,
        -- the denominator of share_of_experienced: none for fresh_graduate and unknown
        case when by_source.source_org_id is not null then cohort_sizes.experienced end
            as experienced
    from by_source
    inner join cohort_sizes
        on by_source.company_id = cohort_sizes.company_id
            and by_source.cohort_year = cohort_sizes.cohort_year
)

-- each share with its 95% Wilson interval (macro wilson_interval)
select
    company_id,
    join_year,
    source_category,
    source_org_id,
    source_org_name,
    source_is_focus_company,
    researchers,
    cast(researchers as double) / new_researchers as share_of_cohort,
    {{ wilson_interval('researchers', 'new_researchers', 'low') }} as share_of_cohort_ci_low,
    {{ wilson_interval('researchers', 'new_researchers', 'high') }} as share_of_cohort_ci_high,
    cast(researchers as double) / experienced as share_of_experienced,
    {{ wilson_interval('researchers', 'experienced', 'low') }} as share_of_experienced_ci_low,
    {{ wilson_interval('researchers', 'experienced', 'high') }} as share_of_experienced_ci_high
from shares
