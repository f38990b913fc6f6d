-- The dated organizations of each linkage record (docs/methodology.md#people-and-linking): one
-- row per OpenReview profile or career profile, resolved organization, kind (school: a
-- `student_*` role; else employer) and years, as its entries give them. splink compares them:
-- the same organization in overlapping years is strong evidence of one person.
select distinct
    records.side,
    entries.record_id,
    entries.org_id,
    coalesce(entries.role like 'student_%', false) as is_school,
    entries.start_year,
    entries.end_year
from {{ ref('int_resolved_entries') }} as entries
inner join {{ ref('int_linkage_records') }} as records
    on
        entries.record_id = records.record_id
        and (entries.source = 'openreview_history') = (records.side = 'openreview')
where entries.org_id is not null
