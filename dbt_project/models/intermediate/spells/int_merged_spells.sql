-- One row per spell as the sources state it (docs/methodology.md#spells), before the analysts'
-- corrections (int_spells applies them): a stint of a person at one canonical organization
-- in one role. The valid candidates of both sources are unioned, exact duplicates dropped, and two
-- spells at the same organization with the same role that overlap or touch (the later starts no
-- later than the year after the earlier ends) are merged: min start, max end, open if either is
-- open. Spells with no start year are kept apart, unmerged (is_dated false): they take no part in
-- the year metrics, but a bachelor's end still estimates a birth year.
-- A merged date keeps its precision ('month' when a spell that gives it names the month). An open
-- spell is stale (docs/methodology.md#staleness) when the newest record that still calls it
-- current was last modified more than var('stale_after_years') years before AS_OF_YEAR; from
-- stale_from_year on, it rests on that stale claim alone. With var('cut_stale_spells') (talentflow
-- sensitivity), a stale spell ends at the last year a record vouches for, never before its start.
-- A spell's unit (the lab or subsidiary, before the roll-up) is the one its latest-starting entry
-- names (ties: the latest end, then the smallest unit_org_id): where the person was last. It has a
-- senior title when any of its entries does (macro is_senior_title).
with

valid as (
    select distinct
        person_id,
        org_id,
        unit_org_id,
        role,
        has_senior_title,
        start_year,
        end_year,
        start_precision,
        end_precision,
        record_modified_year
    from {{ ref('int_spell_candidates') }}
    where rejection_reason is null
),

dated as (
    select * from valid
    where start_year is not null
),

-- the distinct years of a person's spells at an org in a role: ordered by start and end, their
-- order is total, so the islands below do not depend on how ties among entries fall
spans as (
    select distinct
        person_id,
        org_id,
        role,
        start_year,
        end_year
    from dated
),

-- reach: the furthest end of the earlier spans of the same person, org and role (open = 9999)
ordered as (
    select
        *,
        max(coalesce(end_year, 9999)) over (
            partition by person_id, org_id, role
            order by start_year, coalesce(end_year, 9999)
            rows between unbounded preceding and 1 preceding
        ) as reach_before
    from spans
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

-- every dated entry with its island
bounded as (
    select
        dated.*,
        islands.island,
        min(dated.start_year) over island_rows as island_start,
        max(coalesce(dated.end_year, 9999)) over island_rows as island_end,
        first_value(dated.unit_org_id) over (
            partition by dated.person_id, dated.org_id, dated.role, islands.island
            order by dated.start_year desc, coalesce(dated.end_year, 9999) desc, dated.unit_org_id
        ) as island_unit_org_id
    from dated
    inner join islands
        on dated.person_id = islands.person_id
            and dated.org_id = islands.org_id
            and dated.role = islands.role
            and dated.start_year = islands.start_year
            and dated.end_year is not distinct from islands.end_year
    window island_rows as (partition by dated.person_id, dated.org_id, dated.role, islands.island)
),

merged as (
    select
        person_id,
        org_id,
        min(island_unit_org_id) as unit_org_id,
        role,
        bool_or(has_senior_title) as has_senior_title,
        min(start_year) as start_year,
        case when max(coalesce(end_year, 9999)) = 9999 then null else max(end_year) end
            as end_year,
        true as is_dated,
        case
            when bool_or(start_year = island_start and start_precision = 'month') then 'month'
            else 'year'
        end as start_precision,
        case
            when max(island_end) = 9999 then null
            when bool_or(end_year = island_end and end_precision = 'month') then 'month'
            else 'year'
        end as end_precision,
        -- the newest edit of a record that calls the spell current, and the last year a
        -- record of it vouches for: that edit, or a closed end
        max(record_modified_year) filter (where end_year is null) as open_confirmed_year,
        greatest(max(end_year), max(record_modified_year) filter (where end_year is null))
            as last_vouched_year
    from bounded
    group by person_id, org_id, role, island
),

staleness as (
    select
        *,
        coalesce(
            end_year is null
            and {{ var('as_of_year') }} - open_confirmed_year > {{ var('stale_after_years') }},
            false
        ) as is_stale
    from merged
),

undated as (
    select
        person_id,
        org_id,
        min(unit_org_id) as unit_org_id,
        role,
        bool_or(has_senior_title) as has_senior_title,
        start_year,
        end_year,
        false as is_dated,
        cast(null as varchar) as start_precision,
        case
            when bool_or(end_precision = 'month') then 'month' else max(end_precision)
        end as end_precision,
        false as is_stale,
        cast(null as integer) as stale_from_year
    from valid
    where start_year is null
    group by person_id, org_id, role, start_year, end_year
)

select
    person_id,
    org_id,
    unit_org_id,
    role,
    has_senior_title,
    start_year,
    {% if var('cut_stale_spells') -%}
        case when is_stale then greatest(last_vouched_year, start_year) else end_year end
            as end_year,
    {%- else -%}
        end_year,
    {%- endif %}
    is_dated,
    start_precision,
    end_precision,
    is_stale,
    case when is_stale then last_vouched_year + 1 end as stale_from_year
from staleness
union all
select * from undated
