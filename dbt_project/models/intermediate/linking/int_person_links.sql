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
-- An analyst's corrections (docs/methodology.md#corrections) come first: a force_link between two
-- landed profiles links them (method correction, score 1) and takes both out of every other link;
-- a forbid_link pair links by no method.
{% set rounds = 12 %}
with

corrections as (
    select * from {{ ref('stg_corrections__corrections') }}
    where kind in ('force_link', 'forbid_link')
),

-- of two forced links sharing a profile, the later line's
forced_links as (
    select
        corrections.career_profile_id,
        corrections.person_id,
        'correction' as link_method,
        1.0 as link_score
    from corrections
    inner join {{ ref('stg_careers__profiles') }} as careers
        on corrections.career_profile_id = careers.career_profile_id
    inner join {{ ref('stg_openreview__profiles') }} as profiles
        on corrections.person_id = profiles.person_id
    where corrections.kind = 'force_link'
    qualify
        row_number() over (
            partition by corrections.career_profile_id order by corrections.line desc
        ) = 1
        and row_number() over (
            partition by corrections.person_id order by corrections.line desc
        ) = 1
),

forbidden_pairs as (
    select
        career_profile_id,
        person_id
    from corrections
    where kind = 'forbid_link'
),

exact_links as (
    select exact.*
    from {{ ref('int_exact_links') }} as exact
    where
        exact.career_profile_id not in (select forced.career_profile_id from forced_links as forced)
        and exact.person_id not in (select forced.person_id from forced_links as forced)
        and not exists (
            select 1 from forbidden_pairs as forbidden
            where
                exact.career_profile_id = forbidden.career_profile_id
                and exact.person_id = forbidden.person_id
        )
),

linked_before_splink as (
    select
        career_profile_id,
        person_id
    from exact_links
    union all
    select
        career_profile_id,
        person_id
    from forced_links
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
        and scores.career_profile_id not in (
            select linked.career_profile_id from linked_before_splink as linked
        )
        and scores.person_id not in (select linked.person_id from linked_before_splink as linked)
        and not exists (
            select 1 from forbidden_pairs as forbidden
            where
                scores.career_profile_id = forbidden.career_profile_id
                and scores.person_id = forbidden.person_id
        )
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

select * from forced_links
union all
select * from exact_links
union all
select
    career_profile_id,
    person_id,
    'splink' as link_method,
    match_probability as link_score
from splink_links
