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
),

shares as (
    select
        by_destination.company_id,
        cast(by_destination.leave_year as integer) as leave_year,
        by_destination.destination_category,
        by_destination.destination_org_id,
        by_destination.destination_org_name,
        cast(by_destination.researchers as integer) as researchers,
        totals.leavers,
        -- the denominator of share_of_known: none for unknown
        case when by_destination.destination_org_id is not null then totals.known end as known
    from by_destination
    inner join totals
        on by_destination.company_id = totals.company_id
            and by_destination.leave_year = totals.leave_year
)

-- each share with its 95% Wilson interval (macro wilson_interval)
select
    company_id,
    leave_year,
    destination_category,
    destination_org_id,
    destination_org_name,
    researchers,
    cast(researchers as double) / leavers as share_of_leavers,
    {{ wilson_interval('researchers', 'leavers', 'low') }} as share_of_leavers_ci_low,
    {{ wilson_interval('researchers', 'leavers', 'high') }} as share_of_leavers_ci_high,
    cast(researchers as double) / known as share_of_known,
    {{ wilson_interval('researchers', 'known', 'low') }} as share_of_known_ci_low,
    {{ wilson_interval('researchers', 'known', 'high') }} as share_of_known_ci_high
from shares
