-- One row per focus company, leave year and destination of its leavers
-- (docs/methodology.md#metrics).
with

leavers as (
    select * from {{ ref('int_leavers') }}
),

totals as (
    select
        company_id,
        leave_year,
        count(*) as leavers,
        sum(case when destination_org_id is not null then 1 else 0 end) as known
    from leavers
    group by company_id, leave_year
),

by_destination as (
    select
        company_id,
        leave_year,
        destination_category,
        destination_org_id,
        destination_org_name,
        count(*) as researchers
    from leavers
    group by company_id, leave_year, destination_category, destination_org_id, destination_org_name
)

select
    by_destination.company_id,
    cast(by_destination.leave_year as integer) as leave_year,
    by_destination.destination_category,
    by_destination.destination_org_id,
    by_destination.destination_org_name,
    cast(by_destination.researchers as integer) as researchers,
    cast(by_destination.researchers as double) / totals.leavers as share_of_leavers,
    case
        when by_destination.destination_org_id is not null
            then cast(by_destination.researchers as double) / totals.known
    end as share_of_known
from by_destination
inner join totals
    on by_destination.company_id = totals.company_id
        and by_destination.leave_year = totals.leave_year
