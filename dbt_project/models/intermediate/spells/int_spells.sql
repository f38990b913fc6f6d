-- One row per spell (docs/methodology.md#spells): the merged spells of int_merged_spells with the
-- analysts' spell corrections applied (docs/methodology.md#corrections). drop_spell removes the
-- spell of its person, organization, role and start year (a null start year: every spell of
-- theirs without one); fix_spell sets its start and/or end year (a null end: still there). Of
-- two corrections of one spell, the later line's applies. A fixed year has the precision of a
-- year, and a fixed end is no stale claim: the analyst vouches for it. A fixed spell is not
-- merged again.
with

corrections as (
    select * from {{ ref('stg_corrections__corrections') }}
    where kind in ('fix_spell', 'drop_spell')
    qualify row_number() over (
            partition by person_id, org_id, role, start_year order by line desc
        ) = 1
),

corrected as (
    select
        spells.*,
        coalesce(corrections.sets_start_year, false) as fixes_start,
        coalesce(corrections.sets_end_year, false) as fixes_end,
        corrections.new_start_year,
        corrections.new_end_year,
        corrections.kind as correction_kind
    from {{ ref('int_merged_spells') }} as spells
    left join corrections
        on spells.person_id = corrections.person_id
            and spells.org_id = corrections.org_id
            and spells.role = corrections.role
            and spells.start_year is not distinct from corrections.start_year
)

select
    person_id,
    org_id,
    unit_org_id,
    role,
    has_senior_title,
    case when fixes_start then new_start_year else start_year end as start_year,
    case when fixes_end then new_end_year else end_year end as end_year,
    case when fixes_start then new_start_year is not null else is_dated end as is_dated,
    case
        when fixes_start and new_start_year is not null then 'year'
        when fixes_start then null
        else start_precision
    end as start_precision,
    case
        when fixes_end and new_end_year is not null then 'year'
        when fixes_end then null
        else end_precision
    end as end_precision,
    case when fixes_end then false else is_stale end as is_stale,
    case when fixes_end then null else stale_from_year end as stale_from_year
from corrected
where correction_kind is distinct from 'drop_spell'
