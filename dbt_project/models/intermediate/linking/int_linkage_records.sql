-- One row per OpenReview profile and per career profile, with what linking compares
-- (docs/methodology.md#people-and-linking): the normalized LinkedIn URL, GitHub login, the name,
-- and the organizations worked at and studied at (resolved org ids). `side` is openreview or
-- career.
with

entry_orgs as (
    select
        record_id,
        org_id,
        coalesce(role like 'student_%', false) as is_school
    from {{ ref('int_resolved_entries') }}
    where org_id is not null
),

org_lists as (
    select
        record_id,
        list_sort(list_distinct(list(org_id) filter (where not is_school))) as employer_org_ids,
        list_sort(list_distinct(list(org_id) filter (where is_school))) as school_org_ids
    from entry_orgs
    group by record_id
),

people as (
    select
        'openreview' as side,
        person_id as record_id,
        display_name as full_name,
        linkedin_url,
        github_login
    from {{ ref('stg_openreview__profiles') }}
    union all
    select
        'career',
        careers.career_profile_id,
        careers.full_name,
        careers.linkedin_url,
        -- a GitHub account whose blog names this LinkedIn profile names its login
        github.github_login
    from {{ ref('stg_careers__profiles') }} as careers
    left join (
        select
            linkedin_url,
            min(github_login) as github_login
        from {{ ref('stg_github__users') }}
        where linkedin_url is not null
        group by linkedin_url
    ) as github
        on careers.linkedin_url = github.linkedin_url
)

select
    people.*,
    -- name tokens in order, so "Zhang Wei" and "Wei Zhang" compare equal
    array_to_string(list_sort(string_split(
        trim(regexp_replace(lower(strip_accents(people.full_name)), '[^a-z\p{Han}]+', ' ', 'g')),
        ' '
    )), ' ') as name_key,
    coalesce(org_lists.employer_org_ids, []) as employer_org_ids,
    coalesce(org_lists.school_org_ids, []) as school_org_ids
from people
left join org_lists on people.record_id = org_lists.record_id
