-- The exact links (docs/methodology.md#people-and-linking), one-to-one on both sides, in this
-- order:
--   1. linkedin_url: the same normalized LinkedIn URL on both sides;
--   2. github_login: a GitHub login named on both sides — the profile's `github` link, and a
--      GitHub account whose blog names the career profile's LinkedIn URL.
-- A method links a pair only when its value names exactly one career profile and exactly one
-- OpenReview profile; a profile of either side linked by the first method takes no link of the
-- second. What is left goes to splink (orchestration/defs/linking/splink_model.py).
with

records as (
    select * from {{ ref('int_linkage_records') }}
),

openreview as (
    select * from records
    where side = 'openreview'
),

careers as (
    select * from records
    where side = 'career'
),

linkedin_pairs as (
    select
        careers.record_id as career_profile_id,
        openreview.record_id as person_id,
        count(*) over (partition by careers.record_id) as for_career,
        count(*) over (partition by openreview.record_id) as for_person
    from careers
    inner join openreview on careers.linkedin_url = openreview.linkedin_url
),

by_linkedin as (
    select
        career_profile_id,
        person_id
    from linkedin_pairs
    where for_career = 1 and for_person = 1
),

github_pairs as (
    select
        careers.record_id as career_profile_id,
        openreview.record_id as person_id,
        count(*) over (partition by careers.record_id) as for_career,
        count(*) over (partition by openreview.record_id) as for_person
    from careers
    inner join openreview on careers.github_login = openreview.github_login
    where
        careers.record_id not in (select by_linkedin.career_profile_id from by_linkedin)
        and openreview.record_id not in (select by_linkedin.person_id from by_linkedin)
),

by_github as (
    select
        career_profile_id,
        person_id
    from github_pairs
    where for_career = 1 and for_person = 1
)

select
    career_profile_id,
    person_id,
    'linkedin_url' as link_method,
    cast(1 as double) as link_score
from by_linkedin
union all
select
    career_profile_id,
    person_id,
    'github_login' as link_method,
    cast(1 as double) as link_score
from by_github
