-- One row per focus company, unit and year with researchers or leavers in that unit
-- (docs/methodology.md#units). A unit is the lab or subsidiary a spell names before the roll-up
-- (Tencent AI Lab under tencent), or the company itself when the spell names no unit.
--   headcount: int_headcount_members by the unit of their covering spell (sums to the
--     company's headcount);
--   leavers: int_leavers by the unit they left (sums to the company's leavers of the year),
--     with their share of the company's leavers.
with

headcounts as (
    select
        company_id,
        unit_org_id,
        year,
        count(*) as headcount
    from {{ ref('int_headcount_members') }}
    where person_id is not null
    group by company_id, unit_org_id, year
),

leavers as (
    select
        company_id,
        unit_org_id,
        leave_year as year,
        count(*) as leavers
    from {{ ref('int_leavers') }}
    group by company_id, unit_org_id, leave_year
),

-- the denominator of every unit of the company that year, its leavers or not
company_leavers as (
    select
        company_id,
        leave_year as year,
        count(*) as leavers
    from {{ ref('int_leavers') }}
    group by company_id, leave_year
),

units as (
    select
        coalesce(headcounts.company_id, leavers.company_id) as company_id,
        coalesce(headcounts.unit_org_id, leavers.unit_org_id) as unit_org_id,
        coalesce(headcounts.year, leavers.year) as year,
        coalesce(headcounts.headcount, 0) as headcount,
        coalesce(leavers.leavers, 0) as leavers
    from headcounts
    full outer join leavers
        on headcounts.company_id = leavers.company_id
            and headcounts.unit_org_id = leavers.unit_org_id
            and headcounts.year = leavers.year
)

select
    units.company_id,
    units.unit_org_id,
    organizations.name as unit_name,
    cast(units.year as integer) as year,
    cast(units.headcount as integer) as headcount,
    cast(units.leavers as integer) as leavers,
    {{ share_with_interval(
        'units.leavers', 'company_leavers.leavers', 'share_of_company_leavers'
    ) }}
from units
left join company_leavers
    on units.company_id = company_leavers.company_id and units.year = company_leavers.year
left join {{ ref('int_organization_lookup') }} as organizations
    on units.unit_org_id = organizations.org_id
