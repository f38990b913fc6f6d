-- One row per job move of a researcher of a company of the focus_companies seed (int_moves,
-- docs/methodology.md#moves): the organizations left and joined with their names, categories
-- and units, the kind of each in the seed (focus, comparison, or null), and the seniority
-- proxies with the rule that reads them as senior: a senior title, or at least
-- var('senior_after_job_years') years since the first job, or var('senior_after_phd_years')
-- since the PhD. Published with person_id pseudonymized, like researchers.
with

companies as (
    select
        company_id,
        kind
    from {{ ref('focus_companies') }}
),

organizations as (
    select
        org_id,
        name,
        category
    from {{ ref('int_organization_lookup') }}
)

select
    moves.person_id,
    moves.move_year,
    moves.from_org_id,
    from_org.name as from_org_name,
    from_org.category as from_category,
    moves.from_unit_org_id,
    from_unit.name as from_unit_name,
    from_company.kind as from_company_kind,
    moves.from_role,
    moves.to_org_id,
    to_org.name as to_org_name,
    to_org.category as to_category,
    moves.to_unit_org_id,
    to_unit.name as to_unit_name,
    to_company.kind as to_company_kind,
    moves.to_role,
    coalesce(from_company.kind = 'focus' and to_company.kind = 'focus', false)
        as is_between_focus_companies,
    from_company.kind is not null and to_company.kind is not null as is_between_study_companies,
    cast(moves.seniority_years_since_first_job as integer) as seniority_years_since_first_job,
    cast(moves.seniority_years_since_phd as integer) as seniority_years_since_phd,
    cast(moves.seniority_papers_before_move as integer) as seniority_papers_before_move,
    moves.seniority_senior_title,
    coalesce(
        moves.seniority_senior_title
        or moves.seniority_years_since_first_job >= {{ var('senior_after_job_years') }}
        or moves.seniority_years_since_phd >= {{ var('senior_after_phd_years') }},
        false
    ) as seniority_is_senior
from {{ ref('int_moves') }} as moves
left join organizations as from_org on moves.from_org_id = from_org.org_id
left join organizations as from_unit on moves.from_unit_org_id = from_unit.org_id
left join organizations as to_org on moves.to_org_id = to_org.org_id
left join organizations as to_unit on moves.to_unit_org_id = to_unit.org_id
left join companies as from_company on moves.from_org_id = from_company.company_id
left join companies as to_company on moves.to_org_id = to_company.company_id
