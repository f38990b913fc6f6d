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
)

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
    cast(by_source.researchers as double) / cohort_sizes.new_researchers as share_of_cohort,
    case
        when by_source.source_org_id is not null
            then cast(by_source.researchers as double) / cohort_sizes.experienced
    end as share_of_experienced
from by_source
inner join cohort_sizes
    on by_source.company_id = cohort_sizes.company_id
        and by_source.cohort_year = cohort_sizes.cohort_year
