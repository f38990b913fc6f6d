-- Every stint as a source states it, before merging: OpenReview history entries, and the
-- experiences and education of linked career profiles (GitHub adds none). Each carries its
-- canonical (rolled-up) organization, its role, its years, and the reason it is kept out of
-- the metrics, if any (docs/methodology.md): no organization; no role, because the entry is a
-- teaching or research assistant, teaching outside academia, or text that maps to nothing; a year
-- out of range; an end before the start. An end year of null means still there.
with

entries as (
    select * from {{ ref('int_resolved_entries') }}
),

candidates as (
    -- OpenReview entries belong to their profile; career entries to the profile they link to
    select
        coalesce(links.person_id, entries.record_id) as person_id,
        entries.source,
        entries.record_id as source_record_id,
        entries.source_index,
        entries.org_id,
        entries.unit_org_id,
        entries.role,
        entries.no_role_reason,
        entries.role_text,
        {{ is_senior_title('entries.role_text') }} as has_senior_title,
        entries.start_year,
        entries.end_year,
        entries.start_precision,
        entries.end_precision,
        entries.record_modified_year
    from entries
    left join {{ ref('int_person_links') }} as links
        on entries.record_id = links.career_profile_id
    where entries.source = 'openreview_history' or links.person_id is not null
)

select
    * exclude (no_role_reason),
    case
        when org_id is null then 'no organization'
        -- a teaching or research assistant, teaching outside academia; else unmapped text
        when role is null then coalesce(no_role_reason, 'role maps to nothing')
        when {{ is_implausible_year('start_year') }} then 'start year out of range'
        when {{ is_implausible_year('end_year') }} then 'end year out of range'
        when end_year < start_year then 'ends before it starts'
    end as rejection_reason
from candidates
