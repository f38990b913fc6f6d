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

by_linkedin as (
    {{ one_to_one_pairs('linkedin_url') }}
),

by_github as (
    {{ one_to_one_pairs('github_login', linked='by_linkedin') }}
)

select * from by_linkedin
union all
select * from by_github
