-- One row per spell (docs/methodology.md#spells): a stint of a person at one canonical organization
-- in one role. The valid candidates of both sources are unioned, exact duplicates dropped, and two
-- spells at the same organization with the same role that overlap or touch (the later starts no
-- later than the year after the earlier ends) are merged: min start, max end, open if either is
-- open. Spells with no start year are kept apart, unmerged (is_dated false): they take no part in
-- the year metrics, but a bachelor's end still estimates a birth year.
with

valid as (
    select distinct
        person_id,
        org_id,
        role,
        start_year,
        end_year
    from {{ ref('int_spell_candidates') }}
    where rejection_reason is null
),

dated as (
    select * from valid
    where start_year is not null
),

-- reach: the furthest end of the earlier spells of the same person, org and role
-- (open = 9999); every window has a total order, so merging is deterministic
ordered as (
    select
        *,
        max(coalesce(end_year, 9999)) over (
            partition by person_id, org_id, role
            order by start_year, coalesce(end_year, 9999)
            rows between unbounded preceding and 1 preceding
        ) as reach_before
    from dated
),

islands as (
    select
        *,
        sum(case when reach_before is null or start_year > reach_before + 1 then 1 else 0 end)
            over (
                partition by person_id, org_id, role
                order by start_year, coalesce(end_year, 9999)
                rows between unbounded preceding and current row
            ) as island
    from ordered
),

merged as (
    select
        person_id,
        org_id,
        role,
        min(start_year) as start_year,
        case when max(coalesce(end_year, 9999)) = 9999 then null else max(end_year) end
            as end_year,
        true as is_dated
    from islands
    group by person_id, org_id, role, island
),

undated as (
    select
        person_id,
        org_id,
        role,
        start_year,
        end_year,
        false as is_dated
    from valid
    where start_year is null
)

select * from merged
union all
select * from undated
