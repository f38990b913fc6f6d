-- One row per researcher of a focus company C, their era at C (llm when they joined C in or
-- after llm_era_start_year, else pre_llm) and each institution where they have a dated
-- education spell, any level, any time (docs/methodology.md#education_backgrounds). A researcher
-- with no such spell has one row with a null institution_org_id: they count in the era's size.
with

researchers as (
    select
        person_id,
        company_id,
        case when {{ is_llm_era('cohort_year') }} then 'llm' else 'pre_llm' end as era
    from {{ ref('int_company_researchers') }}
),

education as (
    select
        person_id,
        org_id
    from {{ ref('int_spells') }}
    where {{ is_education('role') }} and is_dated
)

select distinct
    researchers.company_id,
    researchers.era,
    researchers.person_id,
    education.org_id as institution_org_id
from researchers
left join education on researchers.person_id = education.person_id
