-- One row per leaver of C (docs/methodology.md#metrics): a researcher of C whose latest employee
-- spell at C ended in or before AS_OF_YEAR; leave_year is that end. The destination is the spell at
-- another organization — employee, faculty, postdoc or student — starting in or after the leave
-- year, with the smallest start year; ties: employee, faculty, postdoc, student, then the smallest
-- org_id. None: unknown.
with

leavers as (
    select * from {{ ref('int_company_researchers') }}
    where leave_year is not null
),

destinations as (
    select
        leavers.person_id,
        leavers.company_id,
        spells.org_id,
        spells.role
    from leavers
    inner join {{ ref('int_spells') }} as spells
        on leavers.person_id = spells.person_id
            and spells.is_dated
            and leavers.company_id <> spells.org_id
            and (spells.role in {{ work_roles() }} or spells.role like 'student_%')
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
    destinations.org_id as destination_org_id,
    destinations.role as destination_role,
    coalesce(organizations.category, 'unknown') as destination_category,
    organizations.name as destination_org_name
from leavers
left join destinations
    on leavers.person_id = destinations.person_id
        and leavers.company_id = destinations.company_id
left join {{ ref('int_organization_lookup') }} as organizations
    on destinations.org_id = organizations.org_id
