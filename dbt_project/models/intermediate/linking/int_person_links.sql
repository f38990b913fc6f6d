-- Each career profile linked to at most one OpenReview profile and each OpenReview profile to
-- at most one career profile (docs/methodology.md#people-and-linking), in this order:
--   1. linkedin_url, 2. github_login: the exact links of int_exact_links (score 1);
--   3. splink: of the pairs splink scored at or above var('link_threshold') between profiles no
--      exact method linked, a one-to-one assignment, greedy by score: the pair of highest
--      match weight links, its two profiles take no other link, and so on (score = match
--      probability).
-- Greedy by score is computed as rounds of mutual best: a pair links when it comes first
-- (match weight desc, then smallest career and person ids) among the open pairs of its career
-- profile and among those of its OpenReview profile; its profiles close, and the next round
-- looks again. This gives the greedy assignment; a pair still open after the last round (a
-- chain of more than `rounds` competing pairs) does not link.
{% set rounds = 12 %}
with

exact_links as (
    select * from {{ ref('int_exact_links') }}
),

candidates as (
    select
        scores.career_profile_id,
        scores.person_id,
        scores.match_probability,
        row_number() over (
            order by scores.match_weight desc, scores.career_profile_id asc, scores.person_id asc
        ) as pair_rank
    from {{ source('linking', 'splink_link_scores') }} as scores
    where
        scores.match_probability >= {{ var('link_threshold') }}
        and scores.career_profile_id not in (select exact_links.career_profile_id from exact_links)
        and scores.person_id not in (select exact_links.person_id from exact_links)
),

-- round 0 picks nothing: every round below starts from the pairs still open
open_0 as (
    select * from candidates
),

picked_0 as (
    select
        career_profile_id,
        person_id,
        match_probability
    from candidates
    where false
),

{% for round in range(1, rounds + 1) %}
    open_{{ round }} as (
        select pairs.* from open_{{ round - 1 }} as pairs
        where
            pairs.career_profile_id not in (
                select picked.career_profile_id from picked_{{ round - 1 }} as picked
            )
            and pairs.person_id not in (
                select picked.person_id from picked_{{ round - 1 }} as picked
            )
    ),

    ranked_{{ round }} as (
        select
            *,
            min(pair_rank) over (partition by career_profile_id) as best_for_career,
            min(pair_rank) over (partition by person_id) as best_for_person
        from open_{{ round }}
    ),

    picked_{{ round }} as (
        select
            career_profile_id,
            person_id,
            match_probability
        from ranked_{{ round }}
        where pair_rank = best_for_career and pair_rank = best_for_person
    ),
{% endfor %}

splink_links as (
    select * from picked_1
    {% for round in range(2, rounds + 1) %}
        union all
        select * from picked_{{ round }}
    {% endfor %}
)

select * from exact_links
union all
select
    career_profile_id,
    person_id,
    'splink' as link_method,
    match_probability as link_score
from splink_links
