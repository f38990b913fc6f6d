-- One row per leaver of C (docs/methodology.md#metrics): a researcher of C whose latest employee
-- spell at C ended in or before AS_OF_YEAR; leave_year is that end. The destination is the spell at
-- another organization — employee, faculty, postdoc or student — starting in or after the leave
-- year, with the smallest start year; ties: employee, faculty, postdoc, student, then the smallest
-- org_id. None: unknown. unit_org_id: the unit they left (int_company_researchers).
with

leavers as (
    select * from {{ ref('int_company_researchers') }}
    where leave_year is not null
),

-- the spells that can be a destination: dated, at work or in education
destination_spells as (
    select * from {{ ref('int_spells') }}
    where is_dated and (role in {{ work_roles() }} or {{ is_education('role') }})
),

destinations as (
    select
        leavers.person_id,
        leavers.company_id,
        spells.org_id,
        spells.role
    from leavers
    inner join destination_spells as spells
        on leavers.person_id = spells.person_id
            and leavers.company_id <> spells.org_id
            and leavers.leave_year <= spells.start_year
    qualify row_number() over (
            partition by leavers.person_id, leavers.company_id
            order by
                spells.start_year,
                {{ role_precedence('spells.role') }},
                spells.org_id,
                spells.role
        ) = 1
)

select
    leavers.person_id,
    leavers.company_id,
    leavers.leave_year,
    leavers.unit_org_id,
    units.name as unit_name,
    destinations.org_id as destination_org_id,
    destinations.role as destination_role,
    coalesce(organizations.category, 'unknown') as destination_category,
    organizations.name as destination_org_name
from leavers
left join destinations on {{ same_researcher('leavers', 'destinations') }}
left join {{ ref('int_organization_lookup') }} as organizations
    on destinations.org_id = organizations.org_id
left join {{ ref('int_organization_lookup') }} as units on leavers.unit_org_id = units.org_id
