-- Each career profile linked to at most one OpenReview profile
-- (docs/methodology.md#people-and-linking), in this order:
--   1. linkedin_url: the same normalized LinkedIn URL on both sides (score 1);
--   2. github_login: a GitHub login named on both sides — the profile's `github` link, and a
--      GitHub account whose blog names the career profile's LinkedIn URL (score 1);
--   3. splink: match probability ≥ var('link_threshold') and no close second — the runner-up
--      candidate of the career profile, and of the OpenReview profile, is at least 2
--      match-weight units (a Bayes factor of 4) behind (score = match probability).
-- An exact method only links when it names exactly one profile on each side. A profile
-- already linked by an earlier method takes no further link.
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

by_linkedin as (
    select
        careers.record_id as career_profile_id,
        min(openreview.record_id) as person_id
    from careers
    inner join openreview on careers.linkedin_url = openreview.linkedin_url
    group by careers.record_id
    having count(distinct openreview.record_id) = 1
),

by_github as (
    select
        careers.record_id as career_profile_id,
        min(openreview.record_id) as person_id
    from careers
    inner join openreview on careers.github_login = openreview.github_login
    where careers.record_id not in (select by_linkedin.career_profile_id from by_linkedin)
        and openreview.record_id not in (select by_linkedin.person_id from by_linkedin)
    group by careers.record_id
    having count(distinct openreview.record_id) = 1
),

exact_links as (
    select
        career_profile_id,
        person_id,
        'linkedin_url' as link_method,
        1.0 as link_score
    from by_linkedin
    union all
    select
        career_profile_id,
        person_id,
        'github_login',
        1.0
    from by_github
),

candidates as (
    select scores.*
    from {{ source('linking', 'splink_link_scores') }} as scores
    where scores.career_profile_id not in (select exact_links.career_profile_id from exact_links)
        and scores.person_id not in (select exact_links.person_id from exact_links)
),

ranked as (
    select
        *,
        row_number() over (
            partition by career_profile_id order by match_weight desc, person_id asc
        ) as rank_for_career,
        lead(match_weight) over (
            partition by career_profile_id order by match_weight desc, person_id asc
        ) as runner_up_for_career,
        row_number() over (
            partition by person_id order by match_weight desc, career_profile_id asc
        ) as rank_for_person,
        lead(match_weight) over (
            partition by person_id order by match_weight desc, career_profile_id asc
        ) as runner_up_for_person
    from candidates
),

probabilistic_links as (
    select
        career_profile_id,
        person_id,
        'splink' as link_method,
        match_probability as link_score
    from ranked
    where rank_for_career = 1
        and rank_for_person = 1
        and match_probability >= {{ var('link_threshold') }}
        and coalesce(runner_up_for_career, -1e9) <= match_weight - 2
        and coalesce(runner_up_for_person, -1e9) <= match_weight - 2
)

select * from exact_links
union all
select * from probabilistic_links
