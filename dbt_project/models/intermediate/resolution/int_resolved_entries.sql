-- Every entry of a profile's history and of a career profile's experiences and education,
-- with its canonical organization (int_affiliations) and role (int_role_mapping): what both
-- linking (int_linkage_records) and the spells (int_spell_candidates) read. record_id is the
-- person_id for OpenReview entries and the career_profile_id for career entries.
-- The role reads the text and the organization (docs/methodology.md#spells): the academic posts
-- (postdoc, faculty) need an organization of category academia; elsewhere a postdoc or a
-- professor is an employee and a teacher (lecturer, instructor) has no role: a side job. An entry
-- without a role carries the reason (no_role_reason), null when its text maps to nothing.
{#- the career entries: an experience without a title still takes the role of an empty title,
    an education entry without a degree none #}
{%- set career_entries = [
    {'source': 'career_experience', 'model': 'stg_careers__experiences',
     'index': 'experience_index', 'organization': 'company', 'text_kind': 'title',
     'text': 'title', 'role_key': "lower(trim(coalesce(title, '')))"},
    {'source': 'career_education', 'model': 'stg_careers__education',
     'index': 'education_index', 'organization': 'school', 'text_kind': 'degree',
     'text': 'degree_name', 'role_key': 'lower(trim(degree_name))'},
] %}
with

affiliations as (
    select
        affiliation_key,
        org_id,
        unit_org_id
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
        end_year,
        {{ date_precision('start_year', 'null') }} as start_precision,
        {{ date_precision('end_year', 'null') }} as end_precision
    from {{ ref('stg_openreview__profile_history') }}
    {%- for career in career_entries %}
        union all
        select
            '{{ career.source }}',
            career_profile_id,
            {{ career.index }},
            {{ affiliation_key(career.organization) }},
            '{{ career.text_kind }}',
            {{ career.role_key }},
            {{ career.text }},
            start_year,
            end_year,
            {{ date_precision('start_year', 'start_month') }},
            {{ date_precision('end_year', 'end_month') }}
        from {{ ref(career.model) }}
    {%- endfor %}
),

-- when the record an entry comes from was last modified (OpenReview: tmdate; career records:
-- when they were fetched), for staleness (docs/methodology.md#staleness)
record_dates as (
    select
        'openreview' as record_kind,
        person_id as record_id,
        modified_year as record_modified_year
    from {{ ref('stg_openreview__profiles') }}
    union all
    select
        'career',
        career_profile_id,
        fetched_year
    from {{ ref('stg_careers__profiles') }}
),

resolved as (
    select
        entries.source,
        entries.record_id,
        entries.source_index,
        affiliations.org_id,
        affiliations.unit_org_id,
        case
            when organizations.category = 'academia' then roles.role
            else roles.role_outside_academia
        end as role,
        roles.no_role_reason,
        entries.role_text,
        entries.start_year,
        entries.end_year,
        entries.start_precision,
        entries.end_precision,
        record_dates.record_modified_year
    from entries
    left join record_dates
        on entries.record_id = record_dates.record_id
            and (entries.source = 'openreview_history') = (record_dates.record_kind = 'openreview')
    left join affiliations on entries.affiliation_key = affiliations.affiliation_key
    left join organizations on affiliations.org_id = organizations.org_id
    left join roles on entries.text_kind = roles.text_kind and entries.role_key = roles.text
)

select
    source,
    record_id,
    source_index,
    org_id,
    unit_org_id,
    role,
    case when role is null then no_role_reason end as no_role_reason,
    role_text,
    start_year,
    end_year,
    start_precision,
    end_precision,
    record_modified_year
from resolved
