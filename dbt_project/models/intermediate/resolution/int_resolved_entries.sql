-- Every entry of a profile's history and of a career profile's experiences and education,
-- with its canonical organization (int_affiliations) and role (int_role_mapping): what both
-- linking (int_linkage_records) and the spells (int_spell_candidates) read. record_id is the
-- person_id for OpenReview entries and the career_profile_id for career entries.
-- The role reads the text and the organization (docs/methodology.md#spells): the academic posts
-- (postdoc, faculty) need an organization of category academia; elsewhere a postdoc or a
-- professor is an employee and a teacher (lecturer, instructor) has no role: a side job. An entry
-- without a role carries the reason (no_role_reason), null when its text maps to nothing.
with

affiliations as (
    select
        affiliation_key,
        org_id
    from {{ ref('int_affiliations') }}
),

roles as (
    select * from {{ ref('int_role_mapping') }}
),

organizations as (
    select
        org_id,
        category
    from {{ ref('int_organization_lookup') }}
),

entries as (
    select
        'openreview_history' as source,
        person_id as record_id,
        history_index as source_index,
        {{ affiliation_key('institution_name', 'institution_domain', 'institution_country') }}
            as affiliation_key,
        'position' as text_kind,
        lower(trim(position)) as role_key,
        position as role_text,
        start_year,
        end_year
    from {{ ref('stg_openreview__profile_history') }}
    union all
    select
        'career_experience',
        career_profile_id,
        experience_index,
        {{ affiliation_key('company') }},
        'title',
        lower(trim(coalesce(title, ''))),
        title,
        start_year,
        end_year
    from {{ ref('stg_careers__experiences') }}
    union all
    select
        'career_education',
        career_profile_id,
        education_index,
        {{ affiliation_key('school') }},
        'degree',
        lower(trim(degree_name)),
        degree_name,
        start_year,
        end_year
    from {{ ref('stg_careers__education') }}
),

resolved as (
    select
        entries.source,
        entries.record_id,
        entries.source_index,
        affiliations.org_id,
        case
            when organizations.category = 'academia' then roles.role
            else roles.role_outside_academia
        end as role,
        roles.no_role_reason,
        entries.role_text,
        entries.start_year,
        entries.end_year
    from entries
    left join affiliations on entries.affiliation_key = affiliations.affiliation_key
    left join organizations on affiliations.org_id = organizations.org_id
    left join roles on entries.text_kind = roles.text_kind and entries.role_key = roles.text
)

select
    source,
    record_id,
    source_index,
    org_id,
    role,
    case when role is null then no_role_reason end as no_role_reason,
    role_text,
    start_year,
    end_year
from resolved
