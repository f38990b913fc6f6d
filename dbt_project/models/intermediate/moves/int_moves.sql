-- One row per job move of a researcher of a company of the focus_companies seed
-- (docs/methodology.md#moves). Jobs are their dated work spells (employee, faculty, postdoc)
-- anywhere. A job that ended (end year ≤ AS_OF_YEAR) is followed by the job starting in or after
-- that end year with the smallest start (ties: employee, faculty, postdoc, then the smallest
-- org_id); when that next job is at another organization, it is a move, in the year the next job
-- starts. One row per person, from, to and year: of two jobs at one organization leading to the
-- same move, the one ending last. Seniority at the move:
--   years since the first job (the earliest start of any job) and since the PhD (int_person_facts,
--   null when none was completed by the move year), papers dated before the move year, and a
--   senior title on the job left or the job joined (macro is_senior_title).
with

movers as (
    select distinct person_id
    from {{ ref('int_company_researchers') }}
),

jobs as (
    select spells.*
    from {{ ref('int_spells') }} as spells
    inner join movers on spells.person_id = movers.person_id
    where spells.is_dated and spells.role in {{ work_roles() }}
),

-- merged spells of one person, org and role never share a start year: (org, role, start) is a job
next_jobs as (
    select
        left_job.person_id,
        left_job.org_id as from_org_id,
        left_job.unit_org_id as from_unit_org_id,
        left_job.role as from_role,
        left_job.start_year as from_start_year,
        left_job.end_year as from_end_year,
        left_job.has_senior_title as from_senior_title,
        next_job.org_id as to_org_id,
        next_job.unit_org_id as to_unit_org_id,
        next_job.role as to_role,
        next_job.start_year as move_year,
        next_job.has_senior_title as to_senior_title
    from jobs as left_job
    inner join jobs as next_job
        on left_job.person_id = next_job.person_id
            and left_job.end_year <= next_job.start_year
            and not (
                left_job.org_id = next_job.org_id
                and left_job.role = next_job.role
                and left_job.start_year = next_job.start_year
            )
    where left_job.end_year <= {{ var('as_of_year') }}
    qualify row_number() over (
            partition by left_job.person_id, left_job.org_id, left_job.role, left_job.start_year
            order by
                next_job.start_year,
                {{ role_precedence('next_job.role') }},
                next_job.org_id,
                next_job.role
        ) = 1
),

moves as (
    select * from next_jobs
    where to_org_id <> from_org_id
    qualify row_number() over (
            partition by person_id, from_org_id, to_org_id, move_year
            order by from_end_year desc, {{ role_precedence('from_role') }}, from_start_year desc
        ) = 1
),

first_jobs as (
    select
        person_id,
        min(start_year) as first_job_year
    from jobs
    group by person_id
),

papers_before as (
    select
        moves.person_id,
        moves.from_org_id,
        moves.to_org_id,
        moves.move_year,
        count(papers.note_id) as papers
    from moves
    inner join {{ ref('int_person_papers') }} as papers
        on moves.person_id = papers.person_id and moves.move_year > papers.paper_year
    group by moves.person_id, moves.from_org_id, moves.to_org_id, moves.move_year
)

select
    moves.person_id,
    cast(moves.move_year as integer) as move_year,
    moves.from_org_id,
    moves.from_unit_org_id,
    moves.from_role,
    moves.from_start_year,
    moves.from_end_year,
    moves.to_org_id,
    moves.to_unit_org_id,
    moves.to_role,
    moves.move_year - first_jobs.first_job_year as seniority_years_since_first_job,
    case
        when facts.phd_year <= moves.move_year then moves.move_year - facts.phd_year
    end as seniority_years_since_phd,
    coalesce(papers_before.papers, 0) as seniority_papers_before_move,
    moves.from_senior_title or moves.to_senior_title as seniority_senior_title
from moves
inner join first_jobs on moves.person_id = first_jobs.person_id
left join {{ ref('int_person_facts') }} as facts on moves.person_id = facts.person_id
left join papers_before
    on moves.person_id = papers_before.person_id
        and moves.from_org_id = papers_before.from_org_id
        and moves.to_org_id = papers_before.to_org_id
        and moves.move_year = papers_before.move_year
