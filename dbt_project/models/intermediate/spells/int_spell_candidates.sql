-- Every stint as a source states it, before merging: OpenReview history entries, and the
-- experiences and education of linked career profiles (GitHub adds none). Each carries its
-- canonical (rolled-up) organization, its role, its years, and the reason it is kept out of
-- the metrics, if any (CONTRACT §4, §6). An end year of null means still there.
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

links as (
    select
        career_profile_id,
        person_id
    from {{ ref('int_person_links') }}
),

history as (
    select
        history.person_id,
        'openreview_history' as source,
        history.person_id as source_record_id,
        history.history_index as source_index,
        affiliations.org_id,
        roles.role,
        history.position as role_text,
        history.start_year,
        history.end_year
    from {{ ref('stg_openreview__profile_history') }} as history
    left join affiliations
        on {{ affiliation_key(
            'history.institution_name', 'history.institution_domain', 'history.institution_country'
        ) }} = affiliations.affiliation_key
    left join roles
        on roles.text_kind = 'position' and lower(trim(history.position)) = roles.text
),

experiences as (
    select
        links.person_id,
        'career_experience' as source,
        experiences.career_profile_id as source_record_id,
        experiences.experience_index as source_index,
        affiliations.org_id,
        roles.role,
        experiences.title as role_text,
        experiences.start_year,
        experiences.end_year
    from {{ ref('stg_careers__experiences') }} as experiences
    inner join links on experiences.career_profile_id = links.career_profile_id
    left join affiliations
        on {{ affiliation_key('experiences.company') }} = affiliations.affiliation_key
    left join roles
        on roles.text_kind = 'title' and lower(trim(coalesce(experiences.title, ''))) = roles.text
),

education as (
    select
        links.person_id,
        'career_education' as source,
        education.career_profile_id as source_record_id,
        education.education_index as source_index,
        affiliations.org_id,
        roles.role,
        education.degree_name as role_text,
        education.start_year,
        education.end_year
    from {{ ref('stg_careers__education') }} as education
    inner join links on education.career_profile_id = links.career_profile_id
    left join affiliations
        on {{ affiliation_key('education.school') }} = affiliations.affiliation_key
    left join roles
        on roles.text_kind = 'degree' and lower(trim(education.degree_name)) = roles.text
),

candidates as (
    select * from history
    union all
    select * from experiences
    union all
    select * from education
)

select
    *,
    case
        when org_id is null then 'no organization'
        when role is null then 'role maps to nothing'
        when start_year < 1950 or start_year > {{ as_of_year() }} + 1
            then 'start year out of range'
        when end_year < 1950 or end_year > {{ as_of_year() }} + 1
            then 'end year out of range'
        when end_year < start_year then 'ends before it starts'
    end as rejection_reason
from candidates
